// The daily summary e-mail (日报) after the workload: nothing before the site's send hour; at 08:00 on
// 2 December one e-mail per recipient, in their language, with 1 December's figures, sent by the
// outbox through the e-mail channel; never a second time however often the job runs. On PostgreSQL,
// two app nodes running the job at the same moment queue it once (the claim's primary key), and the
// control test without that key shows both would have claimed it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '@admit/db';
import {
  decryptPii,
  fixedClock,
  sendDueDailySummaries,
  sendDueNotifications,
  systemContext,
} from '@admit/services';
import { testApp, type TestApp } from '../support/app';
import { createTestUser, loggedIn } from '../support/accounts';
import { postgresTestUrl } from '../support/database';
import { buildWorkload, finishWorkload, type Workload } from './workload';

const onPostgres = postgresTestUrl() !== undefined;

describe('daily summary e-mail', () => {
  let t: TestApp;
  let w: Workload;
  const clock = fixedClock(new Date('2026-12-01T02:00:00Z'));
  const job = () => sendDueDailySummaries(systemContext(t.database.db, 'test', { clock }), t.app.outbox);
  const queued = async () =>
    rows<{ template: string; locale: string; params_encrypted: string; dedupe_key: string; status: string }>(
      t.database.db,
      sql`select template, locale, params_encrypted, dedupe_key, status from notifications
          where site_id = ${w.f.siteId} and template = 'daily_summary' order by locale`,
    );

  beforeAll(async () => {
    t = await testApp({ clock, env: { ADMIT_CATALOG_CACHE_MS: '0' } });
    w = await buildWorkload(t, clock);
    await finishWorkload(clock, w, t.app.sales);
    await createTestUser(t.database.db, { loginName: 'ds.admin', roles: ['admin'] });
    const admin = await loggedIn(t.app, 'ds.admin');
    const saved = await admin.request(`/api/v1/reports/daily-summary/${w.f.siteId}`, {
      method: 'PUT',
      payload: {
        enabled: true,
        sendHour: 8,
        recipients: [
          { email: 'gm@example.com', locale: 'zh-CN' },
          { email: 'cfo@example.com', locale: 'en' },
        ],
      },
    });
    expect(saved.statusCode, saved.body).toBe(200);
  });
  afterAll(async () => t?.close());

  it('waits for the send hour at the site', async () => {
    // 07:59 on 2 December in Shanghai.
    clock.set(new Date('2026-12-01T23:59:00Z'));
    expect(await job()).toEqual([]);
    expect(await queued()).toEqual([]);
  });

  it('queues yesterday’s figures once per recipient, in their language, and sends them by e-mail', async () => {
    clock.set(new Date('2026-12-02T00:00:00Z'));
    expect(await job()).toEqual([{ siteId: w.f.siteId, businessDate: '2026-12-01', recipients: 2 }]);
    expect(await job()).toEqual([]);
    clock.set(new Date('2026-12-02T03:00:00Z'));
    expect(await job()).toEqual([]);
    const messages = await queued();
    expect(messages.map((m) => [m.locale, m.dedupe_key])).toEqual([
      ['en', `daily_summary:${w.f.siteId}:2026-12-01:cfo@example.com`],
      ['zh-CN', `daily_summary:${w.f.siteId}:2026-12-01:gm@example.com`],
    ]);
    const params = JSON.parse(decryptPii(t.app.outbox.ring(), messages[1]!.params_encrypted)) as Record<
      string,
      string
    >;
    // 1 December before the late refund: A 2 + B 1 + D 2 + I 1 + G 1 (after midnight, in the shift).
    expect(params).toEqual({
      site: '测试景区',
      date: '2026-12-01',
      salesFen: '82000',
      tickets: '7',
      refundsFen: '9000',
      refundedTickets: '1',
      netFen: '73000',
      visitors: '3',
      free: '2',
      top: 'ADULT 4张，游船票 3张',
    });

    expect(
      await sendDueNotifications(systemContext(t.database.db, 'test', { clock }), t.app.outbox),
    ).toMatchObject({ sent: 2 });
    const zh = t.app.notificationLog!.messages({ to: 'gm@example.com' })[0]!;
    expect(zh.subject).toBe('日报：测试景区 2026年12月1日');
    expect(zh.text).toContain('销售额：¥820.00');
    expect(zh.text).toContain('退款：¥90.00（1张）');
    expect(zh.text).toContain('入园人数：3人');
    const en = t.app.notificationLog!.messages({ to: 'cfo@example.com' })[0]!;
    expect(en.subject).toBe('Daily summary: Test Scenic Area, 1 Dec 2026');
    expect(en.text).toContain('Net: ¥730.00');
    const settings = await rows<{ business_date: string; recipients: number }>(
      t.database.db,
      sql`select business_date::text as business_date, recipients from daily_summary_sends where site_id = ${w.f.siteId}`,
    );
    expect(settings).toEqual([{ business_date: '2026-12-01', recipients: 2 }]);
  });

  /** Two nodes run the job at 08:00 on the 3rd; both read the day as not sent before either claims it. */
  const race = async () => {
    clock.set(new Date('2026-12-03T00:00:00Z'));
    let arrived = 0;
    let go!: () => void;
    const bothRead = new Promise<void>((resolve) => (go = resolve));
    const beforeClaim = async () => {
      if (++arrived === 2) go();
      await bothRead;
    };
    const node = () =>
      sendDueDailySummaries(systemContext(t.database.db, 'test', { clock }), t.app.outbox, { beforeClaim });
    return Promise.all([node(), node()]);
  };

  it.runIf(onPostgres)('queues it once when two app nodes run the job at the same moment', async () => {
    const [a, b] = await race();
    expect([...a, ...b]).toEqual([{ siteId: w.f.siteId, businessDate: '2026-12-02', recipients: 2 }]);
    const [count] = await rows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int8 as n from notifications where site_id = ${w.f.siteId} and template = 'daily_summary'`,
    );
    expect(Number(count!.n)).toBe(4);
  });

  it.runIf(onPostgres)('control: without the claim’s key both nodes claim the day', async () => {
    await t.database.db.execute(sql`alter table daily_summary_sends drop constraint daily_summary_sends_pk`);
    try {
      await t.database.db.execute(sql`delete from daily_summary_sends where business_date = '2026-12-02'`);
      const [a, b] = await race();
      expect([...a, ...b]).toHaveLength(2);
    } finally {
      await t.database.db.execute(sql`delete from daily_summary_sends where business_date = '2026-12-02'`);
      await t.database.db.execute(
        sql`alter table daily_summary_sends add constraint daily_summary_sends_pk primary key (site_id, business_date)`,
      );
    }
  });
});
