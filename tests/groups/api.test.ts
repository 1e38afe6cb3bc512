// Tour groups through the real app: an agency's portal user downloads the template, uploads a
// 30-name list with two bad ID numbers (each reported by row and column), confirms without them, and
// the group is one order on the agency's account at the group price with the guide and driver free;
// another agency's user sees none of it; at the group lane the code (typed loosely) shows the group and
// a head count admits that many tickets once, the rest released and refunded to the agency; a group
// that never comes is settled by the job once its day is over; a group of a later session is admitted
// only once its tickets are valid.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { rows } from '@admit/db';
import { fixedClock, settleOverGroups, systemContext } from '@admit/services';
import { testApp, type TestApp } from '../support/app';
import { createTestUser, loggedIn, type TestClient } from '../support/accounts';
import { saleDay, saleNow } from '../sales/fixture';
import { createGroupFixture, csvOf, nameList, residentId, xlsxOf, type GroupFixture } from './fixture';

type GroupBody = {
  id: string;
  code: string;
  status: string;
  orderId: string;
  orderNumber: string;
  total: number;
  visitors: number;
  guides: number;
  drivers: number;
  admissible: number;
  admittedCount: number | null;
  noShows: number;
  noShowRefund: number;
  members: {
    row: number;
    role: string;
    document: string;
    admitted: boolean;
    ticketStatus: string;
    price: number;
  }[];
};

describe('tour groups', () => {
  let t: TestApp;
  let f: GroupFixture;
  let staff: TestClient;
  let agency: TestClient;
  let otherAgency: TestClient;
  let gate: TestClient;
  const clock = fixedClock(saleNow);
  let base: string;

  beforeAll(async () => {
    t = await testApp({ clock, env: { ADMIT_CATALOG_CACHE_MS: '0' } });
    f = await createGroupFixture(t.database.db, { clock, code: 'GRP' });
    base = `/api/v1/sites/${f.siteId}`;
    await createTestUser(t.database.db, { loginName: 'g.admin', roles: ['admin', 'security_admin'] });
    const portal = await createTestUser(t.database.db, {
      loginName: 'g.agency',
      roles: ['agency'],
      siteId: f.siteId,
    });
    const portal2 = await createTestUser(t.database.db, {
      loginName: 'g.agency2',
      roles: ['agency'],
      siteId: f.siteId,
    });
    await createTestUser(t.database.db, { loginName: 'g.gate', roles: ['gate_staff'], siteId: f.siteId });
    staff = await loggedIn(t.app, 'g.admin');
    for (const [user, agencyId] of [
      [portal.id, f.agencyId],
      [portal2.id, f.otherAgencyId],
    ] as const) {
      const linked = await staff.request(`${base}/agencies/${agencyId}/portal-users`, {
        method: 'POST',
        payload: { userId: user },
      });
      expect(linked.statusCode, linked.body).toBe(204);
    }
    agency = await loggedIn(t.app, 'g.agency');
    otherAgency = await loggedIn(t.app, 'g.agency2');
    gate = await loggedIn(t.app, 'g.gate');
  });
  afterAll(async () => {
    await t?.close();
  });

  // The 09:00 session: its tickets are valid at the fixture's 10:00, so the lane can admit them.
  const booking = (file: Buffer, extra: Record<string, unknown> = {}) => ({
    visitDate: saleDay,
    sessionId: f.sessionIds[0],
    name: '上海夕阳红团',
    fileName: 'list.xlsx',
    contentBase64: file.toString('base64'),
    ...extra,
  });
  const book = (client: TestClient, payload: unknown) =>
    client.request(`${base}/groups`, {
      method: 'POST',
      payload,
      headers: { 'idempotency-key': randomUUID() },
    });

  it('offers the template as Excel (ID column as text) and as CSV with a BOM', async () => {
    const xlsx = await agency.request(`${base}/groups/template?format=xlsx`);
    expect(xlsx.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect((sheet.getRow(1).values as string[]).slice(1)).toEqual([
      '序号',
      '姓名',
      '证件类型',
      '证件号码',
      '身份',
      '导游证号',
    ]);
    expect(sheet.getColumn(4).numFmt).toBe('@');
    const csv = await agency.request(`${base}/groups/template?format=csv`);
    expect(csv.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(csv.body).toContain('序号,姓名,证件类型,证件号码,身份,导游证号');
    // Gate staff book nothing.
    expect((await gate.request(`${base}/groups/template`)).statusCode).toBe(403);
  });

  let group: GroupBody;

  it('previews a 30-name list: two bad ID numbers reported by row, 28 priced with guide and driver free', async () => {
    const file = await xlsxOf(nameList(30, [7, 19]));
    const preview = await agency.request(`${base}/groups/preview`, {
      method: 'POST',
      payload: booking(file),
    });
    expect(preview.statusCode, preview.body).toBe(200);
    const body = preview.json<{
      members: { row: number; document: string }[];
      errors: { row: number; column: string; code: string; message: string }[];
      counts: { visitors: number; guides: number; drivers: number };
      quote: { productId: string; quantity: number; unitPrice: number; amount: number }[];
      total: number;
    }>();
    // Spreadsheet rows: the header is row 1, so list numbers 7 and 19 are rows 8 and 20.
    expect(body.errors.map(({ row, column, code }) => ({ row, column, code }))).toEqual([
      { row: 8, column: 'documentNumber', code: 'id_number_checksum' },
      { row: 20, column: 'documentNumber', code: 'id_number_checksum' },
    ]);
    expect(body.errors[0]!.message).toMatch(/校验位/);
    expect(body.members).toHaveLength(28);
    expect(body.members[0]!.document).not.toContain(residentId(1).slice(6, 14));
    expect(body.counts).toEqual({ visitors: 26, guides: 1, drivers: 1 });
    expect(body.quote).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ productId: f.products.group, quantity: 26, unitPrice: 8000 }),
        expect.objectContaining({ productId: f.products.guide, quantity: 2, unitPrice: 0 }),
      ]),
    );
    expect(body.total).toBe(26 * 8000);
  });

  it('books only when the agency accepts leaving the bad rows out: one order on its account', async () => {
    const file = await xlsxOf(nameList(30, [7, 19]));
    const refused = await book(agency, booking(file));
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ error: { code: 'group_list_has_errors' } });
    // A portal user cannot book for another agency.
    const elsewhere = await book(agency, booking(file, { acceptErrors: true, agencyId: f.otherAgencyId }));
    expect(elsewhere.json()).toMatchObject({ error: { code: 'agency_not_found' } });

    const booked = await book(agency, booking(file, { acceptErrors: true }));
    expect(booked.statusCode, booked.body).toBe(201);
    group = booked.json<GroupBody>();
    expect(group.code).toMatch(/^G\d{8}$/);
    expect(group.status).toBe('booked');
    expect(group.orderNumber).toMatch(/-TG-/);
    expect(group.total).toBe(208_000);
    expect([group.visitors, group.guides, group.drivers]).toEqual([26, 1, 1]);
    expect(group.members).toHaveLength(28);
    expect(group.members.map((m) => m.row)).not.toContain(8);

    const [order] = await rows<{ agency_id: string; guide_name: string; status: string }>(
      t.database.db,
      sql`select agency_id, guide_name, status from orders where id = ${group.orderId}`,
    );
    expect(order).toEqual({ agency_id: f.agencyId, guide_name: '王导游', status: 'paid' });
    const ledger = await rows<{ kind: string; amount: number; reference: string }>(
      t.database.db,
      sql`select kind, amount, reference from agency_ledger where order_id = ${group.orderId}`,
    );
    expect(ledger.map((l) => ({ ...l, amount: Number(l.amount) }))).toEqual([
      { kind: 'sale', amount: -208_000, reference: group.orderNumber },
    ]);
    const holders = await rows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from tickets where order_id = ${group.orderId} and holder_document_lookup is not null`,
    );
    expect(holders[0]!.n).toBe(28);
    // Documents are stored encrypted, never in plaintext.
    const stored = await rows<{ document_encrypted: string }>(
      t.database.db,
      sql`select document_encrypted from tour_group_members where group_id = ${group.id} limit 1`,
    );
    expect(stored[0]!.document_encrypted).not.toContain(residentId(1));
  });

  it('shows the agency its own groups only', async () => {
    const mine = (await agency.request(`${base}/groups`)).json<{ id: string }[]>();
    expect(mine.map((g) => g.id)).toContain(group.id);
    expect((await otherAgency.request(`${base}/groups`)).json()).toEqual([]);
    const peek = await otherAgency.request(`${base}/groups/${group.id}`);
    expect(peek.json()).toMatchObject({ error: { code: 'group_not_found' } });
  });

  it('reads CSV lists in GBK and UTF-8 with a BOM', async () => {
    for (const encoding of ['gbk', 'utf8-bom'] as const) {
      const res = await agency.request(`${base}/groups/preview`, {
        method: 'POST',
        payload: booking(csvOf(nameList(12, [], 100), encoding), { fileName: 'list.csv' }),
      });
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json<{ members: { name: string }[]; errors: unknown[] }>();
      expect(body.errors).toEqual([]);
      expect(body.members[0]!.name).toBe('王导游');
    }
  });

  it('admits the group once at the lane with a head count; the no-shows go back to the agency', async () => {
    const typo = group.code.slice(0, 8) + String((Number(group.code[8]) + 1) % 10);
    expect((await gate.request(`${base}/group-lane/${typo}`)).json()).toMatchObject({
      error: { code: 'group_code_invalid' },
    });
    // Typed without the G and with a space, as staff do.
    const shown = await gate.request(`${base}/group-lane/${group.code.slice(1, 5)}%20${group.code.slice(5)}`);
    expect(shown.statusCode, shown.body).toBe(200);
    expect(shown.json<GroupBody>().admissible).toBe(28);
    expect((await agency.request(`${base}/group-lane/${group.code}`)).statusCode).toBe(403);

    const tooMany = await gate.request(`${base}/group-lane/${group.code}/admit`, {
      method: 'POST',
      payload: { headCount: 29 },
    });
    expect(tooMany.json()).toMatchObject({ error: { code: 'head_count_too_high' } });

    const admitted = await gate.request(`${base}/group-lane/${group.code}/admit`, {
      method: 'POST',
      payload: { headCount: 26 },
    });
    expect(admitted.statusCode, admitted.body).toBe(200);
    const after = admitted.json<GroupBody>();
    expect(after.admittedCount).toBe(26);
    expect(after.status).toBe('closed');
    expect(after.noShows).toBe(2);
    // The guide and driver went in first; the last two visitors of the list did not come.
    expect(after.members.filter((m) => m.admitted).map((m) => m.role)).toContain('guide');
    const missing = after.members.filter((m) => !m.admitted);
    expect(missing.map((m) => m.row)).toEqual([30, 31]);
    expect(missing.every((m) => m.ticketStatus === 'refunded')).toBe(true);
    expect(after.noShowRefund).toBe(16_000);

    const checkins = await rows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from checkins c join tour_group_members m on m.ticket_id = c.ticket_id
          where m.group_id = ${group.id} and c.result = 'ok' and c.presented = 'group'`,
    );
    expect(checkins[0]!.n).toBe(26);
    const ledger = await rows<{ kind: string; amount: number }>(
      t.database.db,
      sql`select kind, amount from agency_ledger where order_id = ${group.orderId} order by created_at`,
    );
    expect(ledger.map((l) => [l.kind, Number(l.amount)])).toEqual([
      ['sale', -208_000],
      ['refund', 16_000],
    ]);

    const again = await gate.request(`${base}/group-lane/${group.code}/admit`, {
      method: 'POST',
      payload: { headCount: 2 },
    });
    expect(again.json()).toMatchObject({ error: { code: 'group_closed' } });
    const audit = await rows<{ action: string }>(
      t.database.db,
      sql`select action from audit_log where target_id = ${group.id}`,
    );
    expect(audit.map((a) => a.action).sort()).toEqual([
      'checkin.group.admitted',
      'groups.group.booked',
      'groups.group.settled',
    ]);
  });

  it('settles a group that never came once its day is over', async () => {
    const file = await xlsxOf(nameList(12, [], 200));
    const booked = await book(staff, booking(file, { agencyId: f.otherAgencyId }));
    expect(booked.statusCode, booked.body).toBe(201);
    const absent = booked.json<GroupBody>();
    const ctx = systemContext(t.database.db, 'test', { clock });
    expect(await settleOverGroups(ctx, t.app.sales)).toBe(0);
    // Not today any more: the lane refuses, the job settles.
    clock.set(new Date(saleNow.getTime() + 86_400_000));
    try {
      const lateGate = await loggedIn(t.app, 'g.gate');
      const late = await lateGate.request(`${base}/group-lane/${absent.code}/admit`, {
        method: 'POST',
        payload: { headCount: 12 },
      });
      expect(late.json()).toMatchObject({ error: { code: 'group_not_today' } });
      expect(await settleOverGroups(ctx, t.app.sales)).toBe(1);
      expect(await settleOverGroups(ctx, t.app.sales)).toBe(0);
    } finally {
      clock.set(saleNow);
    }
    const settled = (await staff.request(`${base}/groups/${absent.id}`)).json<GroupBody>();
    expect(settled.status).toBe('closed');
    expect(settled.noShows).toBe(12);
    expect(settled.admittedCount).toBeNull();
    // Ten visitors at ¥80 (the group price from 10) come back; the free guide and driver cost nothing.
    expect(settled.noShowRefund).toBe(80_000);
    expect(settled.members.every((m) => m.ticketStatus === 'refunded')).toBe(true);
  });

  it('admits a group of the 13:00 session only once its tickets are valid', async () => {
    const file = await xlsxOf(nameList(12, [], 300));
    const booked = await book(
      staff,
      booking(file, { agencyId: f.otherAgencyId, sessionId: f.sessionIds[1] }),
    );
    expect(booked.statusCode, booked.body).toBe(201);
    const later = booked.json<GroupBody>();
    const admit = (client: TestClient) =>
      client.request(`${base}/group-lane/${later.code}/admit`, {
        method: 'POST',
        payload: { headCount: 12 },
      });
    // 10:00: none of its tickets is valid yet; nothing is admitted.
    const early = await admit(gate);
    expect(early.json()).toMatchObject({ error: { code: 'head_count_too_high', details: { valid: 0 } } });
    expect((await staff.request(`${base}/groups/${later.id}`)).json<GroupBody>().status).toBe('booked');
    // 12:40: within the gates' early window (30 minutes before 13:00), as for any ticket holder.
    clock.set(new Date(saleNow.getTime() + 2 * 3_600_000 + 40 * 60_000));
    try {
      const res = await admit(await loggedIn(t.app, 'g.gate'));
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json<GroupBody>().admittedCount).toBe(12);
    } finally {
      clock.set(saleNow);
    }
  });
});
