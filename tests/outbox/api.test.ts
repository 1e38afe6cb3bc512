// The notifications API on the real app: with the default log channel, a message enqueued and sent
// by the job shows in the log view as the phone would show it, and in the site's list with the
// recipient masked; a seller sees neither.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueNotification, fixedClock, sendDueNotifications, systemContext } from '@admit/services';
import { testApp, type TestApp } from '../support/app';
import { createTestUser, loggedIn, type TestClient } from '../support/accounts';
import { createSaleFixture, saleNow, type SaleFixture } from '../sales/fixture';

describe('notifications API', () => {
  let t: TestApp;
  let f: SaleFixture;
  let admin: TestClient;
  let seller: TestClient;
  const clock = fixedClock(saleNow);

  beforeAll(async () => {
    t = await testApp({ clock });
    f = await createSaleFixture(t.database.db, { clock, capacity: 5, code: 'NOTE' });
    await createTestUser(t.database.db, { loginName: 'n.admin', roles: ['admin'] });
    await createTestUser(t.database.db, { loginName: 'n.seller', roles: ['seller'] });
    admin = await loggedIn(t.app, 'n.admin');
    seller = await loggedIn(t.app, 'n.seller');
  });
  afterAll(async () => t?.close());

  it('shows what the log channel sent, and the site list with masked recipients', async () => {
    await enqueueNotification(
      t.database.db,
      t.app.outbox,
      {
        siteId: f.siteId,
        channel: 'sms',
        to: '13900139000',
        template: 'one_time_code',
        locale: 'zh-CN',
        params: { code: '246810', minutes: '5' },
      },
      clock.now(),
    );
    expect(
      await sendDueNotifications(systemContext(t.database.db, 'test', { clock }), t.app.outbox),
    ).toMatchObject({ sent: 1 });
    const log = (await admin.request('/api/v1/notifications/log?to=13900139000')).json<{
      enabled: boolean;
      messages: { text: string; kind: string }[];
    }>();
    expect(log.enabled).toBe(true);
    expect(log.messages[0]).toMatchObject({ kind: 'sms' });
    expect(log.messages[0]!.text).toContain('246810');
    const list = await admin.request(`/api/v1/sites/${f.siteId}/notifications`);
    expect(list.json()).toEqual([
      expect.objectContaining({
        recipient: '139****9000',
        status: 'sent',
        provider: 'log',
        template: 'one_time_code',
      }),
    ]);
    expect(list.body).not.toContain('246810');
    expect((await seller.request('/api/v1/notifications/log')).statusCode).toBe(403);
    expect((await seller.request(`/api/v1/sites/${f.siteId}/notifications`)).statusCode).toBe(403);
  });
});
