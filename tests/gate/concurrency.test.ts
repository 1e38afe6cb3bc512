// One single-entry ticket scanned at 10 gates at the same moment, on PostgreSQL with real connections:
// exactly one `ok`, for each of 10 tickets. The control runs the same race with a check-then-write
// redemption (a pause between reading the entries and writing them) and shows more than one admitted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '@admit/db';
import { decodeTicketCode } from '@admit/domain';
import {
  admitBatchStats,
  createGate,
  createSalesRuntime,
  fixedClock,
  listGates,
  scanAtGate,
  sellTickets,
  systemContext,
  type SalesRuntime,
} from '@admit/services';
import { postgresTestDatabase, type TestDatabase } from '../support/database';
import { keyRing } from '../audit/helpers';
import { createSaleFixture, saleDay, saleNow, type SaleFixture } from '../sales/fixture';

const GATES = 10;
const TICKETS = 10;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

describe.skipIf(!process.env.TEST_DATABASE_URL)(
  'one entry at ten gates on PostgreSQL (needs TEST_DATABASE_URL; skipped without it)',
  () => {
    let database: TestDatabase;
    let runtime: SalesRuntime;
    let f: SaleFixture;
    let gates: string[];
    const clock = fixedClock(saleNow);
    const ctx = () => systemContext(database.db, 'gate', { clock });

    beforeAll(async () => {
      database = await postgresTestDatabase({ poolSize: 12 });
      runtime = createSalesRuntime({ encryption: keyRing(), lookup: keyRing(), catalogCacheMs: 60_000 });
      f = await createSaleFixture(database.db, { clock, capacity: 100 });
      for (let i = 0; i < GATES; i++)
        await createGate(ctx(), f.siteId, {
          code: `G${i}`,
          nameZh: `${i}号门`,
          nameEn: `Gate ${i}`,
          direction: 'entry',
        });
      gates = (await listGates(ctx(), f.siteId)).map((g) => g.id);
    });
    afterAll(async () => database?.dispose());

    async function codes(): Promise<string[]> {
      const { order } = await sellTickets(ctx(), runtime, f.siteId, {
        visitDate: saleDay,
        sessionId: f.sessionIds[0]!,
        terminal: '01',
        lines: [
          {
            productId: f.products.adult,
            quantity: TICKETS,
            holders: [],
            discountDocument: null,
            discountReason: '',
          },
        ],
        payments: [{ method: 'cash', amount: TICKETS * 13000, tendered: TICKETS * 13000 }],
        guide: null,
        approval: null,
        contactPhone: '',
      });
      return order.tickets.map((t) => t.code!);
    }

    it('admits each single-entry ticket exactly once when ten gates scan it together', async () => {
      for (const code of await codes()) {
        const answers = await Promise.all(
          gates.map((gateId) => scanAtGate(ctx(), runtime, f.siteId, { gateId, code })),
        );
        const results = answers.map((a) => a.result).sort();
        expect(results.filter((r) => r === 'ok')).toHaveLength(1);
        expect(results.filter((r) => r === 'already_used')).toHaveLength(GATES - 1);
      }
      const [over] = await rows<{ n: number }>(
        database.db,
        sql`select count(*)::int8 as n from tickets where site_id = ${f.siteId} and entries_used > entries_allowed`,
      );
      expect(Number(over!.n)).toBe(0);
    });

    it('admits many different tickets at once in a few batched statements, each exactly once', async () => {
      const all = [...(await codes()), ...(await codes()), ...(await codes())];
      const before = admitBatchStats(database.db);
      // Every code twice, from two gates: 60 scans at once for 30 entries.
      const answers = await Promise.all(
        [...all, ...all].map((code, i) =>
          scanAtGate(ctx(), runtime, f.siteId, { gateId: gates[i % GATES]!, code }),
        ),
      );
      expect(answers.filter((a) => a.result === 'ok')).toHaveLength(all.length);
      expect(answers.filter((a) => a.result === 'already_used')).toHaveLength(all.length);
      const after = admitBatchStats(database.db);
      expect(after.scans - before.scans).toBe(2 * all.length);
      expect(after.statements - before.statements).toBeLessThan(all.length);
      expect(after.largestBatch).toBeGreaterThan(1);
      const [checkins] = await rows<{ ok: number }>(
        database.db,
        sql`select count(*) filter (where result = 'ok')::int8 as ok from checkins
            where ticket_id in (select id from tickets where site_id = ${f.siteId} and entries_used > 0)`,
      );
      const [used] = await rows<{ n: number }>(
        database.db,
        sql`select sum(entries_used)::int8 as n from tickets where site_id = ${f.siteId}`,
      );
      expect(Number(checkins!.ok)).toBe(Number(used!.n));
    });

    it('control: a check-then-write redemption admits one ticket more than once', async () => {
      const ids = (await codes()).slice(0, 3).map((code) => decodeTicketCode(code)!.ticketId);
      let admittedTwice = 0;
      for (const id of ids) {
        const admitted = await Promise.all(
          gates.map(async () => {
            const [t] = await rows<{ used: number; allowed: number }>(
              database.db,
              sql`select entries_used as used, entries_allowed as allowed from tickets where id = ${id}`,
            );
            await sleep(50);
            if (!t || t.used >= t.allowed) return false;
            await database.db.execute(
              sql`update tickets set entries_used = entries_used + 1 where id = ${id}`,
            );
            return true;
          }),
        );
        if (admitted.filter(Boolean).length > 1) admittedTwice++;
      }
      expect(admittedTwice).toBeGreaterThan(0);
    });
  },
);
