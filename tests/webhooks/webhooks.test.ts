// Webhooks of channel partners through the real app and a real HTTP receiver: an administrator adds an
// endpoint (the secret shown once, kept encrypted); an event enqueued in a transaction is POSTed by the
// delivery job, and the receiver verifies its signature with the very recipe published in
// docs/webhooks.md (Node.js, and Python when python3 is installed); a receiver failing twice is retried
// on the schedule (the job's clock moved by hand) with the same bytes, then succeeds; one failing every
// time ends failed, and a resend (audited) delivers it; the log shows attempts and statuses; someone
// without channels.manage is refused; the redemption feed reports a channel ticket's gate entry exactly
// once however often it runs, and nothing for other orders.
import { spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '@admit/db';
import { signWebhook, type HmacSha256 } from '@admit/domain';
import {
  createGate,
  deliverDueWebhooks,
  enqueueWebhook,
  feedRedemptions,
  fixedClock,
  scanAtGate,
  sellTickets,
  systemContext,
  type ServiceContext,
} from '@admit/services';
import { testApp, type TestApp } from '../support/app';
import { createTestUser, loggedIn, type TestClient } from '../support/accounts';
import { createSaleFixture, saleDay, saleNow, type SaleFixture } from '../sales/fixture';

type Received = { headers: IncomingHttpHeaders; body: Buffer };

/** A partner's endpoint: records every POST and answers with the next status queued (200 by default). */
async function startReceiver() {
  const received: Received[] = [];
  const answers: number[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks) });
      const status = answers.shift() ?? 200;
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(status === 200 ? 'ok' : 'receiver is down');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/admit/events`;
  return {
    url,
    received,
    answers,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

type Verify = (secret: string, header: string, rawBody: Buffer | string, tolerance?: number) => boolean;

const docs = readFileSync(new URL('../../docs/webhooks.md', import.meta.url), 'utf8');

/** The Node.js recipe exactly as docs/webhooks.md publishes it, loaded as a module. */
async function documentedNodeRecipe(folder: string): Promise<Verify> {
  const snippet = /^Node\.js[^\n]*\n\n```js\n([\s\S]*?)```/m.exec(docs)?.[1];
  if (!snippet) throw new Error('docs/webhooks.md has no Node.js recipe');
  const file = join(folder, 'verify-admit-webhook.mjs');
  writeFileSync(file, snippet);
  const loaded = (await import(/* @vite-ignore */ pathToFileURL(file).href)) as {
    verifyAdmitWebhook: Verify;
  };
  return loaded.verifyAdmitWebhook;
}

const pythonSnippet = /^Python 3:\n\n```python\n([\s\S]*?)```/m.exec(docs)?.[1];
const hasPython = spawnSync('python3', ['--version']).status === 0;

/** The Python recipe exactly as published, run by python3 on the raw body. */
function verifiedByPython(secret: string, header: string, body: Buffer): boolean {
  const run = spawnSync(
    'python3',
    [
      '-c',
      `${pythonSnippet}\nimport sys\nprint(verify_admit_webhook(sys.argv[1], sys.argv[2], sys.stdin.buffer.read()))`,
      secret,
      header,
    ],
    { input: body },
  );
  if (run.status !== 0) throw new Error(run.stderr.toString());
  return run.stdout.toString().trim() === 'True';
}

const hmac: HmacSha256 = (key, message) => new Uint8Array(createHmac('sha256', key).update(message).digest());

type DeliveryView = {
  id: string;
  event: string;
  eventKey: string;
  status: string;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  payload: Record<string, unknown>;
};

describe('webhooks for channel partners', () => {
  let t: TestApp;
  let f: SaleFixture;
  let admin: TestClient;
  let seller: TestClient;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let folder: string;
  let verifyAdmitWebhook: Verify;
  let channelId: string;
  let endpoint: { id: string; secret: string };
  const clock = fixedClock(saleNow);
  const ctx = (): ServiceContext => systemContext(t.database.db, 'test', { clock });
  const deliver = () => deliverDueWebhooks(ctx(), { ring: () => t.app.deps.secrets.piiEncryption });
  const enqueue = (eventKey: string, data: Record<string, unknown> = { orderId: eventKey }) =>
    t.database.db.transaction((tx) =>
      enqueueWebhook(tx, { channelId, event: 'order.paid', eventKey, data, at: clock.now() }),
    );
  const log = async (query = '') => {
    const res = await admin.request(`/api/v1/channels/${channelId}/webhook-deliveries${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<DeliveryView[]>();
  };

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'admit-webhooks-'));
    verifyAdmitWebhook = await documentedNodeRecipe(folder);
    receiver = await startReceiver();
    t = await testApp({ clock, env: { ADMIT_CATALOG_CACHE_MS: '0' } });
    f = await createSaleFixture(t.database.db, { clock, capacity: 30, code: 'HOOK' });
    await createTestUser(t.database.db, { loginName: 'w.admin', roles: ['admin'] });
    await createTestUser(t.database.db, { loginName: 'w.seller', roles: ['seller'] });
    admin = await loggedIn(t.app, 'w.admin');
    seller = await loggedIn(t.app, 'w.seller');
    const created = await admin.request('/api/v1/channels', {
      method: 'POST',
      payload: { code: 'HOOKOTA', name: 'Hook OTA', siteIds: [f.siteId] },
    });
    expect(created.statusCode, created.body).toBe(201);
    channelId = created.json<{ id: string }>().id;
  });
  // The job's clock is the app's: after it moved by hours, the logins have expired.
  const logInAgain = async () => {
    admin = await loggedIn(t.app, 'w.admin');
    seller = await loggedIn(t.app, 'w.seller');
  };
  beforeEach(logInAgain);
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('adds an endpoint with its secret shown once and kept encrypted, audited', async () => {
    const refused = await admin.request(`/api/v1/channels/${channelId}/webhooks`, {
      method: 'POST',
      payload: { url: 'ftp://partner.example.com/x', events: ['order.paid'] },
    });
    expect(refused.statusCode).toBe(400);

    const res = await admin.request(`/api/v1/channels/${channelId}/webhooks`, {
      method: 'POST',
      payload: { url: receiver.url, events: ['order.paid', 'order.refunded'] },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.json<{ secret: string; endpoint: { id: string; url: string; events: string[] } }>();
    expect(body.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(body.endpoint).toMatchObject({ url: receiver.url, events: ['order.paid', 'order.refunded'] });
    endpoint = { id: body.endpoint.id, secret: body.secret };

    const stored = await rows<Record<string, unknown>>(t.database.db, sql`select * from webhook_endpoints`);
    expect(JSON.stringify(stored)).not.toContain(body.secret.slice(6));
    const listed = await admin.request(`/api/v1/channels/${channelId}/webhooks`);
    expect(listed.json()).toEqual([expect.objectContaining({ id: endpoint.id, active: true })]);
    expect(listed.body).not.toContain(body.secret.slice(6));
    const [audit] = await rows<{ target_id: string }>(
      t.database.db,
      sql`select target_id from audit_log where action = 'channels.webhook_endpoint.created'`,
    );
    expect(audit?.target_id).toBe(endpoint.id);
  });

  it('delivers an enqueued event, signed so that the documented recipes verify it', async () => {
    expect(await enqueue('order.paid:A', { orderId: 'A', amount: 26000, note: '成人票 ×2' })).toBe(1);
    // The same event again writes nothing, and an event the endpoint did not subscribe to neither.
    expect(await enqueue('order.paid:A')).toBe(0);
    expect(
      await t.database.db.transaction((tx) =>
        enqueueWebhook(tx, {
          channelId,
          event: 'ticket.redeemed',
          eventKey: 'ticket.redeemed:x',
          data: {},
          at: clock.now(),
        }),
      ),
    ).toBe(0);

    expect(await deliver()).toEqual({ delivered: 1, retrying: 0, failed: 0 });
    expect(receiver.received).toHaveLength(1);
    const { headers, body } = receiver.received[0]!;
    const [delivery] = await log();
    expect(headers['content-type']).toBe('application/json');
    expect(headers['user-agent']).toBe('Admit-Webhooks/1');
    expect(headers['admit-webhook-id']).toBe(delivery!.id);
    expect(headers['admit-webhook-event']).toBe('order.paid');
    const header = String(headers['admit-signature']);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(JSON.parse(body.toString('utf8'))).toEqual({
      id: delivery!.id,
      type: 'order.paid',
      createdAt: saleNow.toISOString(),
      data: { orderId: 'A', amount: 26000, note: '成人票 ×2' },
    });

    expect(verifyAdmitWebhook(endpoint.secret, header, body)).toBe(true);
    expect(verifyAdmitWebhook(`${endpoint.secret}x`, header, body)).toBe(false);
    expect(
      verifyAdmitWebhook(endpoint.secret, header, Buffer.from(body.toString().replace('26000', '1'))),
    ).toBe(false);
    // A genuine signature made ten minutes ago is a replay: refused by the tolerance.
    const stale = signWebhook(hmac, endpoint.secret, Math.floor(Date.now() / 1000) - 600, body.toString());
    expect(verifyAdmitWebhook(endpoint.secret, stale, body)).toBe(false);
    if (hasPython) {
      expect(verifiedByPython(endpoint.secret, header, body)).toBe(true);
      expect(verifiedByPython(endpoint.secret, stale, body)).toBe(false);
      expect(verifiedByPython('whsec_other', header, body)).toBe(false);
    }

    expect(delivery).toMatchObject({
      event: 'order.paid',
      eventKey: 'order.paid:A',
      status: 'delivered',
      attempts: 1,
      lastStatus: 200,
      lastError: null,
      deliveredAt: saleNow.toISOString(),
    });
    // Delivered: nothing more to send.
    expect(await deliver()).toEqual({ delivered: 0, retrying: 0, failed: 0 });
    expect(receiver.received).toHaveLength(1);
  });

  it('retries a failing receiver on the schedule with the same bytes, then delivers', async () => {
    receiver.received.length = 0;
    receiver.answers.push(500, 500);
    await enqueue('order.paid:B');

    expect(await deliver()).toEqual({ delivered: 0, retrying: 1, failed: 0 });
    let [entry] = await log();
    expect(entry).toMatchObject({
      eventKey: 'order.paid:B',
      status: 'pending',
      attempts: 1,
      lastStatus: 500,
    });
    expect(entry!.lastError).toContain('HTTP 500');
    expect(entry!.nextAttemptAt).toBe(new Date(saleNow.getTime() + 60_000).toISOString());

    // Not due yet: nothing is sent.
    clock.advance(59_000);
    expect(await deliver()).toEqual({ delivered: 0, retrying: 0, failed: 0 });
    clock.advance(1_000);
    expect(await deliver()).toEqual({ delivered: 0, retrying: 1, failed: 0 });
    [entry] = await log();
    expect(entry).toMatchObject({ status: 'pending', attempts: 2, lastStatus: 500 });
    expect(entry!.nextAttemptAt).toBe(new Date(clock.now().getTime() + 5 * 60_000).toISOString());

    clock.advance(5 * 60_000);
    expect(await deliver()).toEqual({ delivered: 1, retrying: 0, failed: 0 });
    [entry] = await log();
    expect(entry).toMatchObject({ status: 'delivered', attempts: 3, lastStatus: 200, lastError: null });

    expect(receiver.received).toHaveLength(3);
    const bodies = receiver.received.map((r) => r.body.toString('hex'));
    expect(new Set(bodies).size).toBe(1);
    for (const r of receiver.received)
      expect(verifyAdmitWebhook(endpoint.secret, String(r.headers['admit-signature']), r.body)).toBe(true);
    expect(new Set(receiver.received.map((r) => r.headers['admit-webhook-id'])).size).toBe(1);
  });

  it('marks a delivery failed after the last attempt; a resend (audited) delivers it', async () => {
    receiver.received.length = 0;
    receiver.answers.push(503, 503, 503, 503, 503, 503);
    await enqueue('order.paid:C');
    const delays = [1, 5, 30, 120, 360];
    expect(await deliver()).toMatchObject({ retrying: 1 });
    for (const [i, minutes] of delays.entries()) {
      clock.advance(minutes * 60_000);
      expect(await deliver()).toMatchObject(i < delays.length - 1 ? { retrying: 1 } : { failed: 1 });
    }
    await logInAgain();
    expect(receiver.received).toHaveLength(6);
    const failed = (await log('?status=failed'))[0]!;
    expect(failed).toMatchObject({
      eventKey: 'order.paid:C',
      status: 'failed',
      attempts: 6,
      lastStatus: 503,
      nextAttemptAt: null,
    });
    // The status only: what the receiver answered is never kept (an endpoint could be an internal address).
    expect(failed.lastError).toBe('HTTP 503');
    clock.advance(24 * 3_600_000);
    expect(await deliver()).toEqual({ delivered: 0, retrying: 0, failed: 0 });
    await logInAgain();

    // Newest first, failures visible beside the deliveries.
    expect((await log()).map((d) => [d.eventKey, d.status])).toEqual([
      ['order.paid:C', 'failed'],
      ['order.paid:B', 'delivered'],
      ['order.paid:A', 'delivered'],
    ]);

    const resent = await admin.request(
      `/api/v1/channels/${channelId}/webhook-deliveries/${failed.id}/resend`,
      {
        method: 'POST',
      },
    );
    expect(resent.statusCode, resent.body).toBe(200);
    expect(resent.json()).toMatchObject({ status: 'pending', nextAttemptAt: clock.now().toISOString() });
    const [audit] = await rows<{ target_id: string; details: { previousStatus: string } }>(
      t.database.db,
      sql`select target_id, details from audit_log where action = 'channels.webhook_delivery.resent'`,
    );
    expect(audit).toMatchObject({ target_id: failed.id, details: { previousStatus: 'failed' } });
    expect(await deliver()).toEqual({ delivered: 1, retrying: 0, failed: 0 });
    expect((await log('?status=failed')).length).toBe(0);
    const again = (await log()).find((d) => d.id === failed.id)!;
    expect(again).toMatchObject({ status: 'delivered', attempts: 7, lastStatus: 200 });
    const last = receiver.received.at(-1)!;
    expect(last.body.toString('hex')).toBe(receiver.received[0]!.body.toString('hex'));
    expect(verifyAdmitWebhook(endpoint.secret, String(last.headers['admit-signature']), last.body)).toBe(
      true,
    );

    // A delivery of another channel is not found through this one.
    const otherChannel = await admin.request('/api/v1/channels', {
      method: 'POST',
      payload: { code: 'OTHEROTA', name: 'Other', siteIds: [] },
    });
    const other = otherChannel.json<{ id: string }>().id;
    const elsewhere = await admin.request(
      `/api/v1/channels/${other}/webhook-deliveries/${failed.id}/resend`,
      {
        method: 'POST',
      },
    );
    expect(elsewhere.statusCode).toBe(404);
  });

  it('waits while the endpoint is off; rotating the secret signs with the new one', async () => {
    receiver.received.length = 0;
    const off = await admin.request(`/api/v1/channels/${channelId}/webhooks/${endpoint.id}`, {
      method: 'PATCH',
      payload: { active: false },
    });
    expect(off.json()).toMatchObject({ active: false });
    // Turned off: new events are written for it and wait, with what was pending.
    expect(await enqueue('order.paid:D')).toBe(1);
    await admin.request(`/api/v1/channels/${channelId}/webhooks/${endpoint.id}`, {
      method: 'PATCH',
      payload: { active: true },
    });
    await enqueue('order.paid:E');
    await admin.request(`/api/v1/channels/${channelId}/webhooks/${endpoint.id}`, {
      method: 'PATCH',
      payload: { active: false },
    });
    expect(await deliver()).toEqual({ delivered: 0, retrying: 0, failed: 0 });

    const rotated = await admin.request(
      `/api/v1/channels/${channelId}/webhooks/${endpoint.id}/rotate-secret`,
      {
        method: 'POST',
      },
    );
    expect(rotated.statusCode, rotated.body).toBe(200);
    const secret = rotated.json<{ secret: string }>().secret;
    expect(secret).not.toBe(endpoint.secret);
    await admin.request(`/api/v1/channels/${channelId}/webhooks/${endpoint.id}`, {
      method: 'PATCH',
      payload: { active: true },
    });
    expect(await deliver()).toEqual({ delivered: 2, retrying: 0, failed: 0 });
    const { headers, body } = receiver.received[0]!;
    expect(verifyAdmitWebhook(secret, String(headers['admit-signature']), body)).toBe(true);
    expect(verifyAdmitWebhook(endpoint.secret, String(headers['admit-signature']), body)).toBe(false);
    endpoint = { ...endpoint, secret };
    const actions = await rows<{ action: string }>(
      t.database.db,
      sql`select action from audit_log where target_id = ${endpoint.id} order by occurred_at, id`,
    );
    expect(actions.map((a) => a.action)).toEqual([
      'channels.webhook_endpoint.created',
      'channels.webhook_endpoint.updated',
      'channels.webhook_endpoint.updated',
      'channels.webhook_endpoint.updated',
      'channels.webhook_endpoint.secret_rotated',
      'channels.webhook_endpoint.updated',
    ]);
  });

  it('refuses someone without channels.manage', async () => {
    const [delivery] = await log();
    for (const [url, method, payload] of [
      [`/api/v1/channels/${channelId}/webhooks`, 'GET', undefined],
      [`/api/v1/channels/${channelId}/webhooks`, 'POST', { url: receiver.url, events: ['order.paid'] }],
      [`/api/v1/channels/${channelId}/webhooks/${endpoint.id}`, 'PATCH', { active: false }],
      [`/api/v1/channels/${channelId}/webhooks/${endpoint.id}/rotate-secret`, 'POST', undefined],
      [`/api/v1/channels/${channelId}/webhooks/${endpoint.id}`, 'DELETE', undefined],
      [`/api/v1/channels/${channelId}/webhook-deliveries`, 'GET', undefined],
      [`/api/v1/channels/${channelId}/webhook-deliveries/${delivery!.id}/resend`, 'POST', undefined],
    ] as const) {
      const res = await seller.request(url, { method, ...(payload ? { payload } : {}) });
      expect(res.statusCode, `${method} ${url}`).toBe(403);
    }
    const listed = await admin.request(`/api/v1/channels/${channelId}/webhooks`);
    expect(listed.json()).toEqual([expect.objectContaining({ id: endpoint.id, active: true })]);
  });

  it('reports a channel ticket entering at the gate once, however often the feed runs', async () => {
    const redeemed = await admin.request(`/api/v1/channels/${channelId}/webhooks`, {
      method: 'POST',
      payload: { url: receiver.url, events: ['ticket.redeemed'] },
    });
    expect(redeemed.statusCode, redeemed.body).toBe(201);
    const redeemedEndpoint = redeemed.json<{ endpoint: { id: string } }>().endpoint.id;
    const gate = await createGate(ctx(), f.siteId, {
      code: 'EAST',
      nameZh: '东门',
      nameEn: 'East gate',
      direction: 'entry',
    });
    clock.set(saleNow);
    const sell = async (reference: string) =>
      (
        await sellTickets(ctx(), t.app.sales, f.siteId, {
          visitDate: saleDay,
          sessionId: f.sessionIds[0]!,
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
          payments: [{ method: 'card', amount: 13000, reference }],
          guide: null,
          approval: null,
          contactPhone: '',
        })
      ).order;
    const ours = await sell('POS-1');
    const boxOffice = await sell('POS-2');
    await t.database.db.execute(
      sql`update orders set channel_id = ${channelId}, external_reference = 'OTA-778899' where id = ${ours.id}`,
    );
    const policy = { earlyMinutes: 1440, lateMinutes: 0 };
    for (const order of [ours, boxOffice]) {
      const answer = await scanAtGate(
        ctx(),
        t.app.sales,
        f.siteId,
        {
          gateId: gate.id,
          code: order.tickets[0]!.code!,
        },
        policy,
      );
      expect(answer.result).toBe('ok');
    }
    // A second scan of the used ticket is refused at the gate: not an entry, not reported.
    expect(
      (
        await scanAtGate(
          ctx(),
          t.app.sales,
          f.siteId,
          { gateId: gate.id, code: ours.tickets[0]!.code! },
          policy,
        )
      ).result,
    ).toBe('already_used');

    expect(await feedRedemptions(ctx())).toEqual({ read: 1, enqueued: 1 });
    // Within the margin the same check-in is read again, and written once.
    clock.advance(60_000);
    expect(await feedRedemptions(ctx())).toEqual({ read: 1, enqueued: 0 });
    // Each run starts reading a margin before the previous run: once past it, the check-in is left behind.
    clock.advance(10 * 60_000);
    expect(await feedRedemptions(ctx())).toEqual({ read: 1, enqueued: 0 });
    clock.advance(60_000);
    expect(await feedRedemptions(ctx())).toEqual({ read: 0, enqueued: 0 });

    const written = await rows<{ endpoint_id: string; event_key: string; payload: { data: unknown } }>(
      t.database.db,
      sql`select endpoint_id, event_key, payload from webhook_deliveries where event = 'ticket.redeemed'`,
    );
    const [checkin] = await rows<{ id: string }>(
      t.database.db,
      sql`select id from checkins where ticket_id = ${ours.tickets[0]!.id} and result = 'ok'`,
    );
    expect(written).toHaveLength(1);
    expect(written[0]).toMatchObject({
      endpoint_id: redeemedEndpoint,
      event_key: `ticket.redeemed:${checkin!.id}`,
    });
    expect(written[0]!.payload.data).toEqual({
      checkinId: checkin!.id,
      orderId: ours.id,
      orderNumber: ours.number,
      externalReference: 'OTA-778899',
      site: 'HOOK',
      ticketId: ours.tickets[0]!.id,
      ticketNumber: ours.tickets[0]!.number,
      productCode: 'ADULT',
      scannedAt: saleNow.toISOString(),
      gate: { code: 'EAST', nameZh: '东门', nameEn: 'East gate' },
      offline: false,
      entriesUsed: 1,
      entriesAllowed: 1,
    });

    receiver.received.length = 0;
    expect(await deliver()).toEqual({ delivered: 1, retrying: 0, failed: 0 });
    expect(receiver.received[0]!.headers['admit-webhook-event']).toBe('ticket.redeemed');
  });
});
