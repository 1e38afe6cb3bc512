// The notification outbox on the database: enqueued in the caller's transaction (rolled back → never
// sent), sent by the job once even with two nodes sending at once, retried with backoff after a
// retryable failure, given up on a permanent one, and the failures listed for admins with the
// recipient masked (never stored in clear).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '@admit/db';
import {
  enqueueNotification,
  fixedClock,
  listNotifications,
  sendDueNotifications,
  systemContext,
  type NotificationChannel,
  type OutgoingMessage,
  type Outbox,
  type SendResult,
} from '@admit/services';
import { testDatabase, type TestDatabase } from '../support/database';
import { keyRing } from '../audit/helpers';
import { createSaleFixture, saleNow, type SaleFixture } from '../sales/fixture';

/** A channel whose answers the test scripts per recipient; it records what it was given. */
class ScriptedChannel implements NotificationChannel {
  readonly name = 'scripted';
  readonly kind = 'sms' as const;
  readonly received: OutgoingMessage[] = [];
  constructor(private readonly script: Map<string, SendResult[]>) {}
  send(message: OutgoingMessage): Promise<SendResult> {
    this.received.push(message);
    const next = this.script.get(message.to)?.shift();
    return Promise.resolve(next ?? { state: 'sent', providerMessageId: `m-${this.received.length}` });
  }
}

describe('notification outbox', () => {
  let database: TestDatabase;
  let f: SaleFixture;
  const clock = fixedClock(saleNow);
  const ctx = () => systemContext(database.db, 'outbox', { clock });
  const ring = keyRing();
  const script = new Map<string, SendResult[]>();
  const channel = new ScriptedChannel(script);
  const outbox: Outbox = { channels: { sms: channel }, ring: () => ring };
  const message = (to: string) => ({
    siteId: f.siteId,
    channel: 'sms' as const,
    to,
    template: 'one_time_code' as const,
    locale: 'zh-CN' as const,
    params: { code: '482913', minutes: '5' },
  });

  beforeAll(async () => {
    database = await testDatabase();
    f = await createSaleFixture(database.db, { clock, capacity: 5, code: 'OUTBOX' });
  });
  afterAll(async () => database?.dispose());

  it('sends what committed, once, even with two senders at once; never what rolled back', async () => {
    await enqueueNotification(database.db, outbox, message('13800138001'), clock.now());
    await database.db
      .transaction(async (tx) => {
        await enqueueNotification(tx, outbox, message('13800138002'), clock.now());
        throw new Error('the sale failed');
      })
      .catch(() => undefined);
    const [a, b] = await Promise.all([
      sendDueNotifications(ctx(), outbox),
      sendDueNotifications(ctx(), outbox),
    ]);
    expect(a.sent + b.sent).toBe(1);
    expect(channel.received.map((m) => m.to)).toEqual(['13800138001']);
    expect(channel.received[0]!.params).toEqual({ code: '482913', minutes: '5' });
    const stored = await rows<{ recipient_encrypted: string; params_encrypted: string }>(
      database.db,
      sql`select recipient_encrypted, params_encrypted from notifications`,
    );
    expect(JSON.stringify(stored)).not.toContain('13800138001');
    expect(JSON.stringify(stored)).not.toContain('482913');
  });

  it('retries a retryable failure with backoff, and gives up on a permanent one', async () => {
    script.set('13800138003', [
      { state: 'failed', retryable: true, code: 'Throttling', reason: 'slow down' },
      { state: 'failed', retryable: true, code: 'InternalError', reason: 'provider trouble' },
    ]);
    script.set('13800138004', [
      { state: 'failed', retryable: false, code: 'isv.MOBILE_NUMBER_ILLEGAL', reason: 'bad number' },
    ]);
    await enqueueNotification(database.db, outbox, message('13800138003'), clock.now());
    await enqueueNotification(database.db, outbox, message('13800138004'), clock.now());
    expect(await sendDueNotifications(ctx(), outbox)).toEqual({ sent: 0, failed: 1, retrying: 1 });
    // Not due again before its backoff (1 minute, then 2).
    expect(await sendDueNotifications(ctx(), outbox)).toEqual({ sent: 0, failed: 0, retrying: 0 });
    clock.advance(61_000);
    expect(await sendDueNotifications(ctx(), outbox)).toEqual({ sent: 0, failed: 0, retrying: 1 });
    clock.advance(121_000);
    expect(await sendDueNotifications(ctx(), outbox)).toEqual({ sent: 1, failed: 0, retrying: 0 });
    clock.set(saleNow);

    const failed = await listNotifications(ctx(), f.siteId, { status: 'failed' });
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({
      recipient: '138****8004',
      lastErrorCode: 'isv.MOBILE_NUMBER_ILLEGAL',
      attempts: 1,
    });
    const all = await listNotifications(ctx(), f.siteId);
    expect(all.find((n) => n.recipient === '138****8003')).toMatchObject({ status: 'sent', attempts: 3 });
  });

  it('fails a message whose kind has no channel configured, saying so', async () => {
    await enqueueNotification(
      database.db,
      outbox,
      { ...message('visitor@example.com'), channel: 'email' },
      clock.now(),
    );
    expect(await sendDueNotifications(ctx(), outbox)).toMatchObject({ failed: 1 });
    const failed = await listNotifications(ctx(), f.siteId, { status: 'failed' });
    expect(failed.find((n) => n.recipient === 'v***@example.com')).toMatchObject({
      lastErrorCode: 'no_channel',
    });
  });

  it('refuses a bad recipient or parameters at enqueue, and never sends a one-time code too late', async () => {
    await expect(enqueueNotification(database.db, outbox, message('12345'), clock.now())).rejects.toThrow();
    await expect(
      enqueueNotification(
        database.db,
        outbox,
        { ...message('13800138009'), params: { code: '1' } },
        clock.now(),
      ),
    ).rejects.toThrow();
    await enqueueNotification(database.db, outbox, message('13800138005'), clock.now());
    clock.advance(6 * 60_000);
    try {
      expect(await sendDueNotifications(ctx(), outbox)).toMatchObject({ sent: 0, failed: 1 });
      expect(channel.received.some((m) => m.to === '13800138005')).toBe(false);
      const failed = await listNotifications(ctx(), f.siteId, { status: 'failed' });
      expect(failed.find((n) => n.recipient === '138****8005')).toMatchObject({ lastErrorCode: 'expired' });
    } finally {
      clock.set(saleNow);
    }
  });
});
