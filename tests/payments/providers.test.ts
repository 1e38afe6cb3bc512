// The whole online path with the real adapters against their local fakes: a site's Alipay and WeChat
// Pay accounts (saved with encrypted secrets), a held order's payment created at the provider, the
// customer paying there, and the provider's signed notification settling the order exactly once;
// a replay is a duplicate and a tampered one is rejected. Nothing leaves the machine.
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '@admit/db';
import {
  createSalesRuntime,
  fixedClock,
  handlePaymentNotification,
  savePaymentAccount,
  sellTickets,
  startOnlinePayment,
  systemContext,
  testPaymentAccount,
  type SalesRuntime,
} from '@admit/services';
import { testDatabase, type TestDatabase } from '../support/database';
import { keyRing } from '../audit/helpers';
import { createSaleFixture, saleDay, saleNow, type SaleFixture } from '../sales/fixture';
import { startAlipayFake, type AlipayFake } from './fakes/alipay-fake';
import { startWechatPayFake, type WechatPayFake } from './fakes/wechat-fake';

const pem = (key: KeyObject, type: 'pkcs8' | 'spki') => key.export({ type, format: 'pem' }).toString();
const rsa = () => generateKeyPairSync('rsa', { modulusLength: 2048 });

describe('online payments through the Alipay and WeChat Pay adapters', () => {
  let database: TestDatabase;
  let runtime: SalesRuntime;
  let f: SaleFixture;
  let alipay: AlipayFake;
  let wechat: WechatPayFake;
  const accounts: Record<'alipay' | 'wechat', string> = { alipay: '', wechat: '' };
  const clock = fixedClock(saleNow);
  const ctx = () => systemContext(database.db, 'shop', { clock });

  beforeAll(async () => {
    database = await testDatabase();
    runtime = createSalesRuntime({ encryption: keyRing(), lookup: keyRing(), catalogCacheMs: 0 });
    f = await createSaleFixture(database.db, { clock, capacity: 20, code: 'PROV' });
    const app = rsa();
    const alipayKeys = rsa();
    alipay = await startAlipayFake({
      appId: '2021000000000001',
      appPublicKey: pem(app.publicKey, 'spki'),
      alipayPrivateKey: pem(alipayKeys.privateKey, 'pkcs8'),
      sellerId: '2088000000000001',
    });
    accounts.alipay = (
      await savePaymentAccount(ctx(), runtime, f.siteId, {
        provider: 'alipay',
        label: '支付宝',
        enabled: true,
        merchantId: '2088000000000001',
        settings: {
          appId: '2021000000000001',
          alipayPublicKey: pem(alipayKeys.publicKey, 'spki'),
          gateway: alipay.gateway,
        },
        secrets: { privateKey: pem(app.privateKey, 'pkcs8') },
      })
    ).id;
    const merchant = rsa();
    wechat = await startWechatPayFake({
      mchId: '1900000001',
      appId: 'wx0000000000000001',
      apiV3Key: 'A1b2C3d4E5f6G7h8J9k0L1m2N3p4Q5r6',
      apiV2Key: 'Kq3vN8x2LmP5rT7wY9zB4cD6fH1jK0sA',
      merchantSerialNo: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1',
      merchantPublicKey: merchant.publicKey,
    });
    accounts.wechat = (
      await savePaymentAccount(ctx(), runtime, f.siteId, {
        provider: 'wechat',
        label: '微信支付',
        enabled: true,
        merchantId: '1900000001',
        settings: {
          appId: 'wx0000000000000001',
          merchantSerialNo: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1',
          platformPublicKeyId: wechat.platform.serial,
          platformPublicKey: wechat.platform.publicKeyPem,
          baseUrl: wechat.url,
        },
        secrets: {
          merchantPrivateKey: pem(merchant.privateKey, 'pkcs8'),
          apiV3Key: 'A1b2C3d4E5f6G7h8J9k0L1m2N3p4Q5r6',
          apiV2Key: 'Kq3vN8x2LmP5rT7wY9zB4cD6fH1jK0sA',
        },
      })
    ).id;
  });
  afterAll(async () => {
    await alipay?.close();
    await wechat?.close();
    await database?.dispose();
  });

  async function heldOrder(provider: 'alipay' | 'wechat') {
    const { order } = await sellTickets(ctx(), runtime, f.siteId, {
      channel: 'online',
      visitDate: saleDay,
      sessionId: f.sessionIds[0]!,
      terminal: 'W1',
      lines: [
        { productId: f.products.adult, quantity: 2, holders: [], discountDocument: null, discountReason: '' },
      ],
      payments: [{ method: 'online', amount: 26000 }],
      guide: null,
      approval: null,
      contactPhone: '',
    });
    const started = await startOnlinePayment(ctx(), runtime, f.siteId, order.id, {
      provider,
      kind: 'native',
      publicUrl: 'https://tickets.example.com',
      returnUrl: null,
      payerId: null,
      clientIp: '203.0.113.7',
    });
    expect(started.created.kind).toBe('qr');
    return { orderId: order.id, providerOrderId: started.providerOrderId };
  }

  const status = async (orderId: string) =>
    (await rows<{ status: string }>(database.db, sql`select status from orders where id = ${orderId}`))[0]!
      .status;

  it('tests both connections with the stored credentials', async () => {
    expect((await testPaymentAccount(ctx(), runtime, f.siteId, accounts.alipay)).lastTestOk).toBe(true);
    expect((await testPaymentAccount(ctx(), runtime, f.siteId, accounts.wechat)).lastTestOk).toBe(true);
  });

  for (const provider of ['alipay', 'wechat'] as const) {
    it(`settles an order paid with ${provider} once; a replay is a duplicate, a tampered copy is rejected`, async () => {
      const { orderId, providerOrderId } = await heldOrder(provider);
      const fake = provider === 'alipay' ? alipay : wechat;
      // The customer pays a minute later (on the test's clock: the fakes judge expiry by it).
      if (provider === 'alipay') alipay.pay(providerOrderId, new Date(saleNow.getTime() + 60_000));
      else wechat.pay(providerOrderId);
      const tampered = fake.notification(providerOrderId, { tamper: 'amount' });
      const genuine = fake.notification(providerOrderId);
      const deliver = (n: { headers: Record<string, string>; body: string }) =>
        handlePaymentNotification(ctx(), runtime, accounts[provider], { ...n, ip: '198.51.100.1' });

      const forged = await deliver(tampered);
      expect(forged.outcome).toBe('rejected');
      expect(await status(orderId)).toBe('pending');
      const results = await Promise.all([deliver(genuine), deliver(genuine), deliver(genuine)]);
      expect(results.map((r) => r.outcome).sort()).toEqual(['applied', 'duplicate', 'duplicate']);
      expect(await status(orderId)).toBe('paid');
      // The answer each provider expects: Alipay reads "success", WeChat Pay a 2xx.
      const accepted = results[0].answer;
      if (provider === 'alipay') expect(accepted.body).toBe('success');
      else expect(accepted.status).toBeLessThan(300);
      const [paid] = await rows<{ n: number }>(
        database.db,
        sql`select count(*)::int as n from audit_log where action = 'orders.order.paid' and target_id = ${orderId}`,
      );
      expect(paid!.n).toBe(1);
    });
  }

  it("charges a payment code at the counter through the site's WeChat Pay account", async () => {
    const { order } = await sellTickets(ctx(), runtime, f.siteId, {
      channel: 'api',
      visitDate: saleDay,
      sessionId: f.sessionIds[0]!,
      terminal: '07',
      lines: [
        { productId: f.products.adult, quantity: 1, holders: [], discountDocument: null, discountReason: '' },
      ],
      payments: [{ method: 'payment_code', amount: 13000, authCode: '134567890123456789' }],
      guide: null,
      approval: null,
      contactPhone: '',
    });
    expect(order.status).toBe('paid');
    expect(order.payments[0]).toMatchObject({ provider: 'wechat', status: 'succeeded' });
    expect(wechat.requests.some((r) => r.path === '/pay/micropay')).toBe(true);
    const [payment] = await rows<{ account_id: string }>(
      database.db,
      sql`select account_id from payments where order_id = ${order.id}`,
    );
    expect(payment!.account_id).toBe(accounts.wechat);
  });
});
