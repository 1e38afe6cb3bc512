// Rotating e-ticket codes (动态码) at the gate: a ticket sold with rotating codes enters on a fresh
// code — its signed code, the current time step and the MAC of that step under the ticket's secret —
// once; a screenshot (a stale step), a code from a phone far ahead, its bare signed code, a forged MAC
// or another ticket's MAC are refused, and every scan is recorded. A ticket sold without the flag
// still enters on its bare code. The site's step and tolerance come from its shop settings.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '@admit/db';
import {
  decodeTicketCode,
  formatRotatingCode,
  rotationMac,
  rotationSecret,
  rotationStep,
  splitScannedCode,
} from '@admit/domain';
import {
  admitBatchStats,
  checkRotatingCode,
  createGate,
  createSalesRuntime,
  fixedClock,
  gateBundle,
  listGates,
  nodeHmac,
  rotationDayKey,
  rotationSecretsForTicket,
  scanAtGate,
  sellTickets,
  systemContext,
  type SalesRuntime,
} from '@admit/services';
import { testDatabase, type TestDatabase } from '../support/database';
import { keyRing } from '../audit/helpers';
import { createSaleFixture, saleDay, saleNow, type SaleFixture } from '../sales/fixture';

/** The site's settings in this test: a minute per step, one step of tolerance (not the defaults). */
const STEP = 60;
const TOLERANCE = 1;

describe('rotating codes at the gate', () => {
  let database: TestDatabase;
  let runtime: SalesRuntime;
  let f: SaleFixture;
  let gateId: string;
  const clock = fixedClock(saleNow);
  const ctx = () => systemContext(database.db, 'gate', { clock });
  const nowStep = () => rotationStep(clock.now(), STEP);

  beforeAll(async () => {
    database = await testDatabase();
    runtime = createSalesRuntime({ encryption: keyRing(), lookup: keyRing(), catalogCacheMs: 0 });
    f = await createSaleFixture(database.db, { clock, capacity: 100 });
    await database.db.execute(
      sql`insert into site_shop_settings (site_id, enabled, rotating_codes, rotation_step_seconds, rotation_tolerance_steps)
          values (${f.siteId}, true, true, ${STEP}, ${TOLERANCE})`,
    );
    await createGate(ctx(), f.siteId, { code: 'E1', nameZh: '东门', nameEn: 'East', direction: 'entry' });
    gateId = (await listGates(ctx(), f.siteId))[0]!.id;
  });
  afterAll(async () => database?.dispose());
  afterAll(() => clock.set(saleNow));

  async function sell(rotatingCodes: boolean, quantity = 1) {
    const { order } = await sellTickets(ctx(), runtime, f.siteId, {
      visitDate: saleDay,
      sessionId: f.sessionIds[0]!,
      terminal: '01',
      channel: 'online',
      lines: [
        { productId: f.products.adult, quantity, holders: [], discountDocument: null, discountReason: '' },
      ],
      payments: [{ method: 'cash', amount: quantity * 13000, tendered: quantity * 13000 }],
      guide: null,
      approval: null,
      contactPhone: '',
      rotatingCodes,
    });
    return order.tickets.map((t) => ({ id: t.id, code: t.code! }));
  }

  /** What the ticket page shows at `step`: computed from the secrets the server gives the page. */
  function shown(ticket: { id: string; code: string }, step: number): string {
    const decoded = decodeTicketCode(ticket.code)!;
    const { secrets } = rotationSecretsForTicket({
      ring: runtime.ring().lookup,
      siteId: f.siteId,
      timeZone: 'Asia/Shanghai',
      ticketId: ticket.id,
      validFrom: decoded.validFrom,
      validUntil: decoded.validUntil,
      now: clock.now(),
      stepSeconds: STEP,
    });
    const at = step * STEP * 1000;
    const today = secrets.find((s) => s.from.getTime() <= at && at < s.until.getTime())!;
    const secret = new Uint8Array(Buffer.from(today.secret, 'base64url'));
    return formatRotatingCode(ticket.code, step, rotationMac(nodeHmac, secret, step));
  }

  const scan = (code: string) => scanAtGate(ctx(), runtime, f.siteId, { gateId, code });
  /** The ticket's checkins in the order they were made (ids increase within the process). */
  const recorded = (ticketId: string) =>
    rows<{ result: string; presented: string }>(
      database.db,
      sql`select result, presented from checkins where ticket_id = ${ticketId} order by id`,
    );

  it('admits a fresh rotating code once, through the batched busy lane, recorded as a code', async () => {
    const [ticket] = await sell(true);
    expect(decodeTicketCode(ticket!.code)!.rotating).toBe(true);
    const before = admitBatchStats(database.db);
    expect(await scan(shown(ticket!, nowStep()))).toMatchObject({ result: 'ok', ticketId: ticket!.id });
    expect(admitBatchStats(database.db).scans).toBe(before.scans + 1);
    // A fresh code of the next step is still the same ticket: its one entry is used.
    clock.advance(STEP * 1000);
    expect(await scan(shown(ticket!, nowStep()))).toMatchObject({ result: 'already_used' });
    clock.set(saleNow);
    expect(await recorded(ticket!.id)).toEqual([
      { result: 'ok', presented: 'code' },
      { result: 'already_used', presented: 'code' },
    ]);
  });

  it('accepts a step up to the tolerance old and one ahead; refuses older and further ahead', async () => {
    const tickets = await sell(true, 4);
    expect((await scan(shown(tickets[0]!, nowStep() - TOLERANCE))).result).toBe('ok');
    expect((await scan(shown(tickets[1]!, nowStep() + 1))).result).toBe('ok');
    expect(await scan(shown(tickets[2]!, nowStep() - TOLERANCE - 1))).toMatchObject({
      result: 'code_expired',
      reason: 'rotation_step',
      ticketId: tickets[2]!.id,
    });
    expect((await scan(shown(tickets[3]!, nowStep() + 2))).result).toBe('code_expired');
    // Refused before the busy lane: a stale code never takes an entry, not even for a moment.
    const before = admitBatchStats(database.db);
    expect((await scan(shown(tickets[3]!, nowStep() - TOLERANCE - 1))).result).toBe('code_expired');
    expect((await scan(tickets[3]!.code)).result).toBe('code_expired');
    expect(admitBatchStats(database.db).scans).toBe(before.scans);
    // The refused ones were not admitted: a fresh code still enters, and every scan was recorded.
    expect((await scan(shown(tickets[2]!, nowStep()))).result).toBe('ok');
    expect((await recorded(tickets[2]!.id)).map((c) => c.result)).toEqual(['code_expired', 'ok']);
  });

  it('ages a screenshot out with the clock', async () => {
    const [ticket] = await sell(true);
    const screenshot = shown(ticket!, nowStep());
    clock.advance((TOLERANCE + 1) * STEP * 1000);
    expect((await scan(screenshot)).result).toBe('code_expired');
    clock.set(saleNow);
  });

  it('refuses a rotating ticket’s bare code, and admits a bare code without the flag', async () => {
    const [rotating] = await sell(true);
    expect(await scan(rotating!.code)).toMatchObject({ result: 'code_expired', reason: 'bare_code' });
    expect((await recorded(rotating!.id)).map((c) => c.result)).toEqual(['code_expired']);
    const [plain, plainRotating] = await sell(false, 2);
    expect(decodeTicketCode(plain!.code)!.rotating).toBe(false);
    expect((await scan(plain!.code)).result).toBe('ok');
    // Shown rotating although it need not be: the time part is checked all the same.
    expect((await scan(shown(plainRotating!, nowStep() - TOLERANCE - 1))).result).toBe('code_expired');
    expect((await scan(shown(plainRotating!, nowStep()))).result).toBe('ok');
  });

  it('refuses a forged MAC and another ticket’s MAC as an invalid signature', async () => {
    const [ticket, other] = await sell(true, 2);
    const fresh = splitScannedCode(shown(ticket!, nowStep())).rotation!;
    const forgedMac = `${fresh.mac.slice(0, -1)}${fresh.mac.endsWith('A') ? 'B' : 'A'}`;
    expect(await scan(formatRotatingCode(ticket!.code, fresh.step, forgedMac))).toMatchObject({
      result: 'invalid_signature',
      reason: 'rotation_mac',
    });
    const othersMac = splitScannedCode(shown(other!, nowStep())).rotation!.mac;
    expect(await scan(formatRotatingCode(ticket!.code, fresh.step, othersMac))).toMatchObject({
      result: 'invalid_signature',
      reason: 'rotation_mac',
    });
    // A genuine time part on a forged signed code: the signature is refused first.
    const code = ticket!.code;
    const forgedCode = `${code.slice(0, 60)}${code[60] === 'A' ? 'B' : 'A'}${code.slice(61)}`;
    expect(await scan(formatRotatingCode(forgedCode, fresh.step, fresh.mac))).toMatchObject({
      result: 'invalid_signature',
      reason: 'signature',
    });
    // All three recorded against the ticket the code names (the signature part was changed, not its id).
    expect((await recorded(ticket!.id)).map((c) => c.result)).toEqual(Array(3).fill('invalid_signature'));
    expect((await scan(shown(ticket!, nowStep()))).result).toBe('ok');
  });

  it('decides the same on the general path (a turnstile)', async () => {
    const [ticket, stale] = await sell(true, 2);
    const turnstile = { confirmWithinSeconds: 30 };
    const at = (code: string) => scanAtGate(ctx(), runtime, f.siteId, { gateId, code }, undefined, turnstile);
    expect((await at(ticket!.code)).result).toBe('code_expired');
    expect((await at(shown(stale!, nowStep() - TOLERANCE - 1))).result).toBe('code_expired');
    const admitted = await at(shown(ticket!, nowStep()));
    expect(admitted).toMatchObject({ result: 'ok', ticketId: ticket!.id });
    expect(admitted.authorizationId).not.toBeNull();
  });

  it('gives offline gates today’s key of the site, from which the pages’ secrets derive', async () => {
    const [ticket] = await sell(true);
    const bundle = await gateBundle(ctx(), runtime, f.siteId);
    expect(bundle.rotation).toEqual({
      dayKey: rotationDayKey(runtime.ring().lookup, f.siteId, saleDay).toString('base64url'),
      stepSeconds: STEP,
      toleranceSteps: TOLERANCE,
    });
    const secret = rotationSecret(nodeHmac, Buffer.from(bundle.rotation!.dayKey, 'base64url'), ticket!.id);
    const step = nowStep();
    expect(splitScannedCode(shown(ticket!, step)).rotation!.mac).toBe(rotationMac(nodeHmac, secret, step));
  });
});

describe('rotation secrets and checks', () => {
  const ring = keyRing();
  const siteId = '0190a000-0000-7000-8000-00000000a001';
  const ticketId = '0190a000-0000-7000-8000-000000000001';
  const timeZone = 'Asia/Shanghai';
  const settings = { rotatingCodes: true, stepSeconds: 30, toleranceSteps: 2 };
  const secretOf = (day: string) => rotationSecret(nodeHmac, rotationDayKey(ring, siteId, day), ticketId);

  it('gives a page one secret per business day from today to the last valid day, a week at most', () => {
    const base = { ring, siteId, timeZone, ticketId, stepSeconds: 30 };
    const oneDay = rotationSecretsForTicket({
      ...base,
      validFrom: new Date('2026-12-01T01:00:00Z'),
      validUntil: new Date('2026-12-01T05:00:00Z'),
      now: new Date('2026-11-20T02:00:00Z'),
    });
    expect(oneDay.stepSeconds).toBe(30);
    expect(oneDay.secrets).toEqual([
      {
        from: new Date('2026-11-30T16:00:00Z'),
        until: new Date('2026-12-01T16:00:00Z'),
        secret: Buffer.from(secretOf('2026-12-01')).toString('base64url'),
      },
    ]);
    // Valid until midnight: that day is the last; started days before: from today.
    const days = rotationSecretsForTicket({
      ...base,
      validFrom: new Date('2026-11-25T16:00:00Z'),
      validUntil: new Date('2026-12-02T16:00:00Z'),
      now: new Date('2026-12-01T02:00:00Z'),
    });
    expect(days.secrets.map((s) => s.from.toISOString())).toEqual([
      '2026-11-30T16:00:00.000Z',
      '2026-12-01T16:00:00.000Z',
    ]);
    const long = rotationSecretsForTicket({
      ...base,
      validFrom: new Date('2026-12-01T00:00:00Z'),
      validUntil: new Date('2027-01-01T00:00:00Z'),
      now: new Date('2026-12-01T02:00:00Z'),
    });
    expect(long.secrets).toHaveLength(7);
    expect(long.secrets[6]!.from.toISOString()).toBe('2026-12-06T16:00:00.000Z');
    expect(new Set(long.secrets.map((s) => s.secret)).size).toBe(7);
    const over = rotationSecretsForTicket({
      ...base,
      validFrom: new Date('2026-12-01T01:00:00Z'),
      validUntil: new Date('2026-12-01T05:00:00Z'),
      now: new Date('2026-12-02T02:00:00Z'),
    });
    expect(over.secrets).toEqual([]);
  });

  it('accepts across midnight a step made with either day’s secret, and no other day’s', () => {
    // 00:00:10 at the site on 12-02; the phone's step began at 23:59:30 on 12-01.
    const now = new Date('2026-12-01T16:00:10Z');
    const step = rotationStep(new Date('2026-12-01T15:59:45Z'), 30);
    const check = (day: string) =>
      checkRotatingCode({
        ring,
        siteId,
        timeZone,
        settings,
        ticketId,
        required: true,
        shown: { code: '', step, mac: rotationMac(nodeHmac, secretOf(day), step) },
        now,
      }).shown;
    expect(check('2026-12-01')).toEqual({ stepAccepted: true, macValid: true });
    expect(check('2026-12-02')).toEqual({ stepAccepted: true, macValid: true });
    expect(check('2026-11-30')).toEqual({ stepAccepted: true, macValid: false });
    // The gate still before midnight, the phone a step ahead and already on the next day's secret.
    const ahead = rotationStep(new Date('2026-12-01T16:00:05Z'), 30);
    const beforeMidnight = checkRotatingCode({
      ring,
      siteId,
      timeZone,
      settings,
      ticketId,
      required: true,
      shown: { code: '', step: ahead, mac: rotationMac(nodeHmac, secretOf('2026-12-02'), ahead) },
      now: new Date('2026-12-01T15:59:50Z'),
    });
    expect(beforeMidnight.shown).toEqual({ stepAccepted: true, macValid: true });
    // A step length that does not divide the day: one step straddles midnight (23:59:40–00:00:50),
    // and a phone used either day's secret for it, whichever side of midnight the gate is on.
    const midnight = Date.parse('2026-12-01T16:00:00Z');
    const straddling = rotationStep(new Date(midnight), 70);
    expect(straddling * 70_000).toBeLessThan(midnight);
    const across = (day: string, gateAt: number) =>
      checkRotatingCode({
        ring,
        siteId,
        timeZone,
        settings: { ...settings, stepSeconds: 70 },
        ticketId,
        required: true,
        shown: { code: '', step: straddling, mac: rotationMac(nodeHmac, secretOf(day), straddling) },
        now: new Date(midnight + gateAt * 1000),
      }).shown;
    expect(across('2026-12-01', 100)).toEqual({ stepAccepted: true, macValid: true });
    expect(across('2026-12-02', -10)).toEqual({ stepAccepted: true, macValid: true });
    // Another site's key makes no valid MAC for this one.
    const elsewhere = rotationSecret(
      nodeHmac,
      rotationDayKey(ring, '0190a000-0000-7000-8000-00000000a002', '2026-12-02'),
      ticketId,
    );
    expect(
      checkRotatingCode({
        ring,
        siteId,
        timeZone,
        settings,
        ticketId,
        required: true,
        shown: { code: '', step, mac: rotationMac(nodeHmac, elsewhere, step) },
        now,
      }).shown,
    ).toEqual({ stepAccepted: true, macValid: false });
  });
});
