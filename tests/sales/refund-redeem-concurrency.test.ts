// A refund and a redemption of the same ticket at the same moment, on PostgreSQL with real
// connections: exactly one succeeds, for every one of 20 tickets. Both change the ticket with one
// conditional update (refund: valid and unused; redemption: valid with entries left). The control
// runs the same race with check-then-write versions of both (a pause between the check and the
// write) and shows the assertion catching tickets both refunded and redeemed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '@admit/db';
import { AppError } from '@admit/domain';
import {
  createSalesRuntime,
  fixedClock,
  createGate,
  scanAtGate,
  refundTickets,
  sellTickets,
  systemContext,
  type SalesRuntime,
} from '@admit/services';
import { postgresTestDatabase, type TestDatabase } from '../support/database';
import { keyRing } from '../audit/helpers';
import { createSaleFixture, saleDay, saleNow, type SaleFixture } from './fixture';

const TICKETS = 20;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

describe.skipIf(!process.env.TEST_DATABASE_URL)(
  'refund against redemption on PostgreSQL (needs TEST_DATABASE_URL; skipped without it)',
  () => {
    let database: TestDatabase;
    let runtime: SalesRuntime;
    let f: SaleFixture;
    let gateId: string;
    const clock = fixedClock(saleNow);
    const ctx = () => systemContext(database.db, 'race', { clock });

    beforeAll(async () => {
      database = await postgresTestDatabase({ poolSize: 12 });
      runtime = createSalesRuntime({ encryption: keyRing(), lookup: keyRing(), catalogCacheMs: 0 });
      f = await createSaleFixture(database.db, { clock, capacity: 200 });
      gateId = (
        await createGate(ctx(), f.siteId, { code: 'R', nameZh: '南门', nameEn: 'South', direction: 'entry' })
      ).id;
    });
    afterAll(async () => database?.dispose());

    /** One order per ticket, in the afternoon session (refundable until it starts). */
    async function tickets(): Promise<{ orderId: string; ticketId: string; code: string }[]> {
      const out: { orderId: string; ticketId: string; code: string }[] = [];
      for (let i = 0; i < TICKETS; i++) {
        const { order } = await sellTickets(ctx(), runtime, f.siteId, {
          visitDate: saleDay,
          sessionId: f.sessionIds[1]!,
          terminal: '01',
          lines: [
            {
              productId: f.products.adult,
              quantity: 1,
              holders: [],
              discountDocument: null,
              discountReason: '',
            },
          ],
          payments: [{ method: 'card', amount: 13000, reference: `POS-${i}` }],
          guide: null,
          approval: null,
          contactPhone: '',
        });
        out.push({ orderId: order.id, ticketId: order.tickets[0]!.id, code: order.tickets[0]!.code! });
      }
      return out;
    }

    async function race(
      refund: (t: { orderId: string; ticketId: string }) => Promise<boolean>,
      redeem: (t: { ticketId: string; code: string }) => Promise<boolean>,
    ) {
      const both: string[] = [];
      const neither: string[] = [];
      for (const ticket of await tickets()) {
        const [refunded, redeemed] = await Promise.all([refund(ticket), redeem(ticket)]);
        if (refunded && redeemed) both.push(ticket.ticketId);
        if (!refunded && !redeemed) neither.push(ticket.ticketId);
      }
      return { both, neither };
    }

    it('lets exactly one of a refund and a redemption of the same ticket succeed', async () => {
      const { both, neither } = await race(
        ({ orderId, ticketId }) =>
          refundTickets(ctx(), runtime, f.siteId, orderId, {
            ticketIds: [ticketId],
            reason: '',
            void: false,
            approval: null,
          }).then(
            () => true,
            (error: unknown) => {
              if (error instanceof AppError && error.code === 'ticket_already_used') return false;
              throw error;
            },
          ),
        // The gate's own path (the afternoon session: a gate that lets tickets in all day).
        async ({ code }) =>
          (
            await scanAtGate(
              ctx(),
              runtime,
              f.siteId,
              { gateId, code },
              { earlyMinutes: 1440, lateMinutes: 0 },
            )
          ).result === 'ok',
      );
      expect({ both, neither }).toEqual({ both: [], neither: [] });
      const [inconsistent] = await rows<{ n: number }>(
        database.db,
        sql`select count(*)::int8 as n from tickets where status = 'refunded' and entries_used > 0`,
      );
      expect(Number(inconsistent!.n)).toBe(0);
    });

    it('control: check-then-write versions of both let a ticket be refunded and redeemed', async () => {
      const { both } = await race(
        async ({ ticketId }) => {
          const [t] = await rows<{ status: string; entries_used: number }>(
            database.db,
            sql`select status, entries_used from tickets where id = ${ticketId}`,
          );
          await sleep(50);
          if (t?.status !== 'valid' || t.entries_used > 0) return false;
          await database.db.execute(sql`update tickets set status = 'refunded' where id = ${ticketId}`);
          return true;
        },
        async ({ ticketId }) => {
          const [t] = await rows<{ status: string; entries_used: number; entries_allowed: number }>(
            database.db,
            sql`select status, entries_used, entries_allowed from tickets where id = ${ticketId}`,
          );
          await sleep(50);
          if (t?.status !== 'valid' || t.entries_used >= t.entries_allowed) return false;
          await database.db.execute(
            sql`update tickets set entries_used = entries_used + 1 where id = ${ticketId}`,
          );
          return true;
        },
      );
      expect(both.length).toBeGreaterThan(0);
    });
  },
);
