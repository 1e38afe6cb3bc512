// The Alipay adapter against a fake Alipay gateway that checks our signatures and signs its answers
// and notifications with its own key, as Alipay does: every call goes over HTTP through alipay-sdk.
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '@admit/domain';
import type {
  CreatePaymentRequest,
  NotificationVerification,
} from '../../packages/services/src/payments/provider';
import {
  AlipayProvider,
  alipayConfigFromAccount,
  beijingTime,
  fenFromYuan,
  parseBeijingTime,
  yuanFromFen,
  type AlipayConfig,
} from '../../packages/services/src/payments/alipay/index';
import { startAlipayFake, type AlipayFake } from './fakes/alipay-fake';

const APP_ID = '2021000000000001';
const SELLER_ID = '2088000000000001';

const rsa = (bits = 2048) => generateKeyPairSync('rsa', { modulusLength: bits });
const pem = (key: KeyObject, type: 'pkcs1' | 'pkcs8' | 'spki') =>
  key.export({ type, format: 'pem' }).toString();

const app = rsa();
const alipay = rsa();
const stranger = rsa();

let fake: AlipayFake;
let provider: AlipayProvider;
let config: AlipayConfig;
let serial = 0;
const orderNo = () => `ADM${Date.now()}${serial++}`;

function paymentRequest(overrides: Partial<CreatePaymentRequest>): CreatePaymentRequest {
  return {
    providerOrderId: orderNo(),
    amount: 1230,
    subject: '西湖景区 成人票',
    kind: 'page',
    notifyUrl: 'https://tickets.example.com/api/v1/payments/notify/alipay/acc1',
    returnUrl: 'https://tickets.example.com/orders/1',
    payerId: null,
    clientIp: null,
    expiresAt: new Date('2030-01-01T00:15:00Z'),
    ...overrides,
  };
}

/** The signed request parameters of a page link, biz_content parsed. */
function linkParams(url: string) {
  const params = Object.fromEntries(new URL(url).searchParams);
  return { params, biz: JSON.parse(params.biz_content ?? '{}') as Record<string, unknown> };
}

async function rejection(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!isAppError(error)) throw new Error(`expected an AppError, got ${String(error)}`);
  return { code: error.code, details: error.details };
}

const notification = (v: NotificationVerification) => {
  if (!v.ok) throw new Error(`notification refused: ${v.reason}`);
  return v.notification;
};

beforeAll(async () => {
  fake = await startAlipayFake({
    appId: APP_ID,
    appPublicKey: pem(app.publicKey, 'spki'),
    alipayPrivateKey: pem(alipay.privateKey, 'pkcs8'),
    sellerId: SELLER_ID,
    hangMs: 2000,
  });
  config = {
    appId: APP_ID,
    privateKey: pem(app.privateKey, 'pkcs1'),
    alipayPublicKey: pem(alipay.publicKey, 'spki'),
    sellerId: SELLER_ID,
    gateway: fake.gateway,
    timeoutMs: 5000,
  };
  provider = new AlipayProvider(config);
});

afterAll(async () => {
  await fake.close();
});

afterEach(() => {
  fake.responseFault = null;
  fake.cancelRetries = 0;
});

describe('configuration', () => {
  it.each([
    [{ appId: '' }, 'appId', 'required'],
    [{ appId: '2021-0001' }, 'appId', 'invalid_format'],
    [{ sellerId: '1234567890123456' }, 'sellerId', 'invalid_format'],
    [
      { privateKey: '-----BEGIN RSA PRIVATE KEY-----\nnonsense\n-----END RSA PRIVATE KEY-----' },
      'privateKey',
      'invalid_key',
    ],
    [{ privateKey: pem(rsa(1024).privateKey, 'pkcs8') }, 'privateKey', 'key_too_short'],
    [{ alipayPublicKey: pem(app.publicKey, 'spki') }, 'alipayPublicKey', 'app_public_key_given'],
    [{ alipayPublicKey: pem(alipay.privateKey, 'pkcs8') }, 'alipayPublicKey', 'invalid_key'],
    [{ gateway: 'http://openapi.example.com/gateway.do' }, 'gateway', 'not_https'],
    [{ gateway: 'not a url' }, 'gateway', 'invalid_format'],
    [{ timeoutMs: 0 }, 'timeoutMs', 'out_of_range'],
  ] as const)('refuses %o, naming the field and the rule', (change, field, rule) => {
    let thrown: unknown;
    try {
      new AlipayProvider({ ...config, ...change });
    } catch (error) {
      thrown = error;
    }
    expect(isAppError(thrown) && thrown.code).toBe('validation_failed');
    expect(isAppError(thrown) && thrown.details).toEqual({ provider: 'alipay', field, rule });
  });

  it('takes keys as PKCS#8 PEM or the bare base64 of Alipay’s key tool, and they sign correctly', async () => {
    const der = (type: 'pkcs1' | 'pkcs8' | 'spki', key: KeyObject) =>
      key.export({ type, format: 'der' }).toString('base64');
    for (const keys of [
      { privateKey: pem(app.privateKey, 'pkcs8'), alipayPublicKey: pem(alipay.publicKey, 'spki') },
      { privateKey: der('pkcs8', app.privateKey), alipayPublicKey: der('spki', alipay.publicKey) },
      { privateKey: der('pkcs1', app.privateKey), alipayPublicKey: der('spki', alipay.publicKey) },
    ]) {
      expect(await new AlipayProvider({ ...config, ...keys }).testConnection()).toMatchObject({ ok: true });
    }
  });

  it('reads a stored payment account: PID as merchant id, keys and app id from settings and secrets', () => {
    const account = {
      merchantId: SELLER_ID,
      settings: { appId: APP_ID, alipayPublicKey: config.alipayPublicKey, gateway: fake.gateway },
      secrets: { privateKey: config.privateKey },
    };
    const fromAccount = new AlipayProvider(alipayConfigFromAccount(account));
    expect(fromAccount.merchantId).toBe(SELLER_ID);
    expect(fromAccount.name).toBe('alipay');
  });
});

describe('wire formats', () => {
  it('converts fen to yuan and back exactly, refusing what is not two decimals', () => {
    expect([1, 7, 10, 1230, 100_000, 10_000_000_000].map(yuanFromFen)).toEqual([
      '0.01',
      '0.07',
      '0.10',
      '12.30',
      '1000.00',
      '100000000.00',
    ]);
    expect([0, -1, 1.5, 10_000_000_001, Number.NaN].map(yuanFromFen)).toEqual([null, null, null, null, null]);
    expect(['0.07', '12.30', '100000000.00'].map(fenFromYuan)).toEqual([7, 1230, 10_000_000_000]);
    expect(
      ['12.3', '12', '012.30', '1.005', '-1.00', '1e3', ' 1.00', '', undefined].map(fenFromYuan),
    ).toEqual(Array(9).fill(null));
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000_000_000 }),
        (fen) => fenFromYuan(yuanFromFen(fen)!) === fen,
      ),
    );
  });

  it('writes and reads Beijing time', () => {
    expect(beijingTime(new Date('2024-12-31T16:30:05Z'))).toBe('2025-01-01 00:30:05');
    expect(parseBeijingTime('2025-01-01 00:30:05')).toEqual(new Date('2024-12-31T16:30:05Z'));
    expect(
      ['2024-02-30 10:00:00', '2024-01-01T10:00:00', '2024-01-01 24:00:00', ''].map(parseBeijingTime),
    ).toEqual([null, null, null, null]);
  });
});

describe('online payments', () => {
  it('page: a signed link to the gateway that Alipay’s cashier accepts — and refuses once changed', async () => {
    const request = paymentRequest({ kind: 'page' });
    const created = await provider.createPayment(request);
    if (created.kind !== 'redirect') throw new Error(created.kind);
    expect(created.url.startsWith(`${fake.gateway}?`)).toBe(true);
    const { params, biz } = linkParams(created.url);
    expect(params).toMatchObject({
      method: 'alipay.trade.page.pay',
      app_id: APP_ID,
      sign_type: 'RSA2',
      notify_url: request.notifyUrl,
      return_url: request.returnUrl,
    });
    expect(biz).toEqual({
      out_trade_no: request.providerOrderId,
      total_amount: '12.30',
      subject: '西湖景区 成人票',
      time_expire: '2030-01-01 08:15:00',
      product_code: 'FAST_INSTANT_TRADE_PAY',
    });
    // The timestamp is Beijing time whatever this machine's time zone.
    expect(Math.abs(parseBeijingTime(params.timestamp)!.getTime() - Date.now())).toBeLessThan(60_000);

    const cashier = await fetch(created.url);
    expect(cashier.status).toBe(200);
    expect(fake.trade(request.providerOrderId)?.status).toBe('WAIT_BUYER_PAY');
    expect(await provider.query(request.providerOrderId)).toEqual({
      state: 'pending',
      waitingForCustomer: true,
    });

    const cheaper = new URL(created.url);
    cheaper.searchParams.set('biz_content', JSON.stringify({ ...biz, total_amount: '0.01' }));
    const refused = await fetch(cheaper);
    expect([refused.status, await refused.text()]).toEqual([400, 'isv.invalid-signature']);
  });

  it('h5: a signed link to Alipay’s mobile page, with the way back for a customer who gives up', async () => {
    const request = paymentRequest({ kind: 'h5', amount: 5 });
    const created = await provider.createPayment(request);
    if (created.kind !== 'redirect') throw new Error(created.kind);
    const { params, biz } = linkParams(created.url);
    expect(params.method).toBe('alipay.trade.wap.pay');
    expect(biz).toMatchObject({
      total_amount: '0.05',
      product_code: 'QUICK_WAP_WAY',
      quit_url: request.returnUrl,
    });
    expect((await fetch(created.url)).status).toBe(200);
  });

  it('native: a QR code from precreate; the trade exists at Alipay once scanned and paid', async () => {
    const request = paymentRequest({ kind: 'native', subject: 'Tickets A/B & more=fun' });
    const created = await provider.createPayment(request);
    if (created.kind !== 'qr') throw new Error(created.kind);
    expect(created.codeUrl).toMatch(/^https:\/\/qr\.alipay\.com\/bax0/);
    const call = fake.requests.at(-1)!;
    expect(call.params.notify_url).toBe(request.notifyUrl);
    // Alipay refuses "/", "&" and "=" in a subject.
    expect(call.biz).toMatchObject({ total_amount: '12.30', subject: 'Tickets A B   more fun' });

    // Not scanned yet: not a failure — the customer may still scan it.
    expect(await provider.query(request.providerOrderId)).toEqual({
      state: 'pending',
      waitingForCustomer: false,
    });
    const paid = fake.pay(request.providerOrderId);
    expect(await provider.query(request.providerOrderId)).toEqual({
      state: 'succeeded',
      providerReference: paid.tradeNo,
    });
  });

  it('jsapi is refused: it is WeChat Pay’s in-app payment', async () => {
    const before = fake.requests.length;
    const error = await rejection(
      provider.createPayment(paymentRequest({ kind: 'jsapi', payerId: 'o-123' })),
    );
    expect(error.code).toBe('validation_failed');
    expect(error.details).toMatchObject({ provider: 'alipay' });
    expect(fake.requests.length).toBe(before);
  });

  it('close: an opened page payment is closed; one never opened counts as closed; a paid one is not', async () => {
    const opened = paymentRequest({ kind: 'page' });
    const link = await provider.createPayment(opened);
    if (link.kind !== 'redirect') throw new Error(link.kind);
    await fetch(link.url);
    expect(await provider.close(opened.providerOrderId)).toBe(true);
    expect(fake.trade(opened.providerOrderId)?.status).toBe('TRADE_CLOSED');
    expect(await provider.query(opened.providerOrderId)).toEqual({ state: 'failed', reason: 'trade_closed' });

    const neverScanned = paymentRequest({ kind: 'native' });
    await provider.createPayment(neverScanned);
    expect(await provider.close(neverScanned.providerOrderId)).toBe(true);

    const paid = paymentRequest({ kind: 'native' });
    await provider.createPayment(paid);
    fake.pay(paid.providerOrderId);
    expect(await provider.close(paid.providerOrderId)).toBe(false);
  });
});

describe('payment codes at the counter', () => {
  const charge = (authCode: string, amount = 1230, via = provider) =>
    via.micropay({ providerOrderId: orderNo(), amount, authCode, subject: 'Counter sale' });

  it('charges a code at once', async () => {
    const state = await charge('286851234567890000');
    const call = fake.requests.at(-1)!;
    expect(call.method).toBe('alipay.trade.pay');
    expect(call.biz).toMatchObject({
      scene: 'bar_code',
      auth_code: '286851234567890000',
      total_amount: '12.30',
    });
    expect(state).toEqual({
      state: 'succeeded',
      providerReference: fake.trade(String(call.biz.out_trade_no))!.tradeNo,
    });
  });

  it('waits while the customer enters the password, then the query finds it paid', async () => {
    const id = orderNo();
    const state = await provider.micropay({
      providerOrderId: id,
      amount: 800,
      authCode: '286851234567890002',
      subject: 'x',
    });
    expect(state).toEqual({ state: 'pending', waitingForCustomer: true });
    expect(await provider.query(id)).toEqual({ state: 'pending', waitingForCustomer: true });
    fake.pay(id);
    expect(await provider.query(id)).toEqual({
      state: 'succeeded',
      providerReference: fake.trade(id)!.tradeNo,
    });
  });

  it('fails with the reasons every provider uses: insufficient balance, an invalid code', async () => {
    expect(await charge('286851234567890001')).toEqual({ state: 'failed', reason: 'insufficient_funds' });
    expect(await charge('286851234567890005')).toEqual({ state: 'failed', reason: 'auth_code_invalid' });
  });

  it('does not know when Alipay is busy (20000) or does not answer in time — and a query then finds it', async () => {
    expect(await charge('286851234567890006')).toEqual({ state: 'unknown' });

    const impatient = new AlipayProvider({ ...config, timeoutMs: 300 });
    const id = orderNo();
    const started = Date.now();
    const state = await impatient.micropay({
      providerOrderId: id,
      amount: 100,
      authCode: '286851234567890004',
      subject: 'x',
    });
    expect(state).toEqual({ state: 'unknown' });
    expect(Date.now() - started).toBeLessThan(1500);
    // It went through at Alipay: the query is what decides.
    expect(await provider.query(id)).toEqual({
      state: 'succeeded',
      providerReference: fake.trade(id)!.tradeNo,
    });
  });

  it('cancel reverses a payment in progress; retry_flag=Y means not yet', async () => {
    const id = orderNo();
    await provider.micropay({
      providerOrderId: id,
      amount: 800,
      authCode: '286851234567890002',
      subject: 'x',
    });
    fake.cancelRetries = 1;
    expect(await provider.cancel(id)).toBe(false);
    expect(fake.trade(id)?.status).toBe('WAIT_BUYER_PAY');
    expect(await provider.cancel(id)).toBe(true);
    expect(await provider.query(id)).toEqual({ state: 'failed', reason: 'trade_closed' });
  });

  it('cancel of a charge that never reached Alipay closes it, so the late request cannot take money', async () => {
    const id = orderNo();
    expect(await provider.cancel(id)).toBe(true);
    const late = await provider.micropay({
      providerOrderId: id,
      amount: 100,
      authCode: '286851234567890000',
      subject: 'x',
    });
    expect(late).toEqual({ state: 'failed', reason: 'ACQ.TRADE_HAS_CLOSE' });
  });
});

describe('refunds', () => {
  async function paidTrade(amount = 1230) {
    const id = orderNo();
    await provider.micropay({ providerOrderId: id, amount, authCode: '286851234567890000', subject: 'x' });
    return { id, tradeNo: fake.trade(id)!.tradeNo };
  }

  it('refunds once per refund id: a repeat is answered from the refund query', async () => {
    const { id, tradeNo } = await paidTrade();
    const refund = {
      providerOrderId: id,
      refundId: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
      amount: 500,
      reason: 'Visitor left',
    };
    expect(await provider.refund(refund)).toEqual({ state: 'succeeded', providerReference: tradeNo });
    expect(fake.requests.at(-1)!.biz).toMatchObject({
      out_trade_no: id,
      out_request_no: refund.refundId,
      refund_amount: '5.00',
    });

    // fund_change=N: nothing moved on the repeat; the query confirms the refund made the first time.
    expect(await provider.refund(refund)).toEqual({ state: 'succeeded', providerReference: tradeNo });
    const query = fake.requests.at(-1)!;
    expect(query.method).toBe('alipay.trade.fastpay.refund.query');
    expect(query.biz).toMatchObject({ out_request_no: refund.refundId, query_options: ['refund_status'] });
    expect(fake.trade(id)!.refunds).toHaveLength(1);

    expect(await provider.queryRefund({ providerOrderId: id, refundId: refund.refundId })).toEqual({
      state: 'succeeded',
      providerReference: tradeNo,
    });
  });

  it('fails a refund above what is left, an unknown refund and a refund of an unknown trade', async () => {
    const { id } = await paidTrade(1000);
    await provider.refund({ providerOrderId: id, refundId: 'r1', amount: 600, reason: 'x' });
    expect(await provider.refund({ providerOrderId: id, refundId: 'r2', amount: 500, reason: 'x' })).toEqual({
      state: 'failed',
      reason: 'ACQ.REFUND_AMT_NOT_EQUAL_TOTAL',
    });
    expect(await provider.queryRefund({ providerOrderId: id, refundId: 'r2' })).toEqual({
      state: 'failed',
      reason: 'refund_not_found',
    });
    expect(
      await provider.refund({ providerOrderId: orderNo(), refundId: 'r3', amount: 100, reason: 'x' }),
    ).toEqual({
      state: 'failed',
      reason: 'ACQ.TRADE_NOT_EXIST',
    });
  });
});

describe('testConnection', () => {
  it('passes when Alipay accepts our signature and its answer verifies', async () => {
    expect(await provider.testConnection()).toEqual({
      ok: true,
      message: expect.stringContaining('accepted') as string,
    });
    expect(fake.requests.at(-1)!.method).toBe('alipay.trade.query');
  });

  it('fails with the reason when the app key is not the one uploaded to Alipay', async () => {
    const wrongKey = new AlipayProvider({ ...config, privateKey: pem(stranger.privateKey, 'pkcs8') });
    const result = await wrongKey.testConnection();
    expect(result.ok).toBe(false);
    expect(result.message).toContain('isv.invalid-signature');
    expect(result.message).toContain('app private key');
  });

  it('fails when Alipay’s answers do not verify with the configured Alipay public key', async () => {
    const wrongAlipayKey = new AlipayProvider({
      ...config,
      alipayPublicKey: pem(stranger.publicKey, 'spki'),
    });
    const result = await wrongAlipayKey.testConnection();
    expect(result.ok).toBe(false);
    expect(result.message).toContain('Alipay public key');
    expect(result.message).toContain('ACQ.TRADE_NOT_EXIST');
  });

  it('fails when the gateway does not answer', async () => {
    const unused = createServer();
    await new Promise<void>((resolve) => unused.listen(0, '127.0.0.1', resolve));
    const { port } = unused.address() as AddressInfo;
    await new Promise<void>((resolve) => unused.close(() => resolve()));
    const nowhere = new AlipayProvider({ ...config, gateway: `http://127.0.0.1:${port}/gateway.do` });
    expect(await nowhere.testConnection()).toMatchObject({
      ok: false,
      message: expect.stringContaining('No answer') as string,
    });
  });
});

describe('answers that do not verify are never believed', () => {
  it.each(['forged', 'altered', 'unsigned'] as const)('%s answers: nothing succeeds', async (fault) => {
    const paid = orderNo();
    await provider.micropay({
      providerOrderId: paid,
      amount: 100,
      authCode: '286851234567890000',
      subject: 'x',
    });
    const waiting = orderNo();
    await provider.micropay({
      providerOrderId: waiting,
      amount: 100,
      authCode: '286851234567890002',
      subject: 'x',
    });

    fake.responseFault = fault;
    // Neither a refusal nor (altered) a claimed success can be trusted: unknown, so it gets queried.
    expect(
      await provider.micropay({
        providerOrderId: orderNo(),
        amount: 100,
        authCode: '286851234567890001',
        subject: 'x',
      }),
    ).toEqual({
      state: 'unknown',
    });
    expect(await provider.query(waiting)).toEqual({ state: 'unknown' });
    expect(
      await provider.refund({ providerOrderId: waiting, refundId: 'f1', amount: 100, reason: 'x' }),
    ).toEqual({
      state: 'pending',
    });
    expect(await provider.queryRefund({ providerOrderId: paid, refundId: 'f2' })).toEqual({
      state: 'pending',
    });
    expect(await provider.cancel(waiting)).toBe(false);
    expect(await provider.close(orderNo())).toBe(false);
    expect((await rejection(provider.createPayment(paymentRequest({ kind: 'native' })))).code).toBe(
      'payment_provider_unavailable',
    );
    expect((await provider.testConnection()).ok).toBe(false);

    // The calls did reach Alipay (the cancel even closed the trade); only their answers were spoiled.
    fake.responseFault = null;
    expect(await provider.query(waiting)).toEqual({ state: 'failed', reason: 'trade_closed' });
    expect(await provider.query(paid)).toEqual({
      state: 'succeeded',
      providerReference: fake.trade(paid)!.tradeNo,
    });
  });
});

describe('notifications', () => {
  /** A page payment the buyer opened and paid at `at`. */
  async function paidPagePayment(at = new Date()) {
    const request = paymentRequest({ kind: 'page', amount: 1230 });
    const link = await provider.createPayment(request);
    if (link.kind !== 'redirect') throw new Error(link.kind);
    await fetch(link.url);
    return { id: request.providerOrderId, trade: fake.pay(request.providerOrderId, at) };
  }

  it('reads a genuine payment notification: amount in fen, payment time in UTC, our merchant', async () => {
    const { id, trade } = await paidPagePayment(new Date('2025-03-01T02:03:04.567Z'));
    const verified = await provider.verifyNotification(fake.notification(id));
    expect(verified).toEqual({
      ok: true,
      notification: {
        type: 'payment',
        state: 'succeeded',
        providerOrderId: id,
        providerReference: trade.tradeNo,
        amount: 1230,
        merchantId: SELLER_ID,
        paidAt: new Date('2025-03-01T02:03:04Z'),
      },
    });
    expect(notification(verified).merchantId).toBe(provider.merchantId);
  });

  it('verifies the values exactly as posted: %, + and JSON inside fields', async () => {
    const { id } = await paidPagePayment();
    const body = fake.notification(id, { overrides: { subject: '100% 门票 a+b=c&d', body: '{"x":"1/2"}' } });
    expect(notification(await provider.verifyNotification(body)).amount).toBe(1230);
  });

  it('refuses a forged signature, an amount changed after signing and an RSA (SHA-1) downgrade', async () => {
    const { id } = await paidPagePayment();
    expect(await provider.verifyNotification(fake.notification(id, { tamper: 'signature' }))).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    const tampered = fake.notification(id, { tamper: 'amount' });
    expect(new URLSearchParams(tampered.body).get('total_amount')).toBe('12.29');
    expect(await provider.verifyNotification(tampered)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(
      await provider.verifyNotification(fake.notification(id, { overrides: { sign_type: 'RSA' } })),
    ).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
  });

  it('reports another merchant’s or another app’s genuine notification so the merchant check fails', async () => {
    const { id } = await paidPagePayment();
    const otherSeller = notification(
      await provider.verifyNotification(fake.notification(id, { tamper: 'seller' })),
    );
    expect(otherSeller.merchantId).toBe('2088999999999999');
    const otherApp = notification(
      await provider.verifyNotification(fake.notification(id, { overrides: { app_id: '2021000000000999' } })),
    );
    expect(otherApp.merchantId).not.toBe(provider.merchantId);
    expect(otherApp.merchantId).toContain('2021000000000999');
  });

  it('calls malformed what is not a notification, or a signed one missing or garbling what we need', async () => {
    const { id } = await paidPagePayment();
    const signed = (overrides: Record<string, string | null>) => fake.notification(id, { overrides });
    const headers = { 'content-type': 'application/x-www-form-urlencoded' };
    for (const input of [
      { headers, body: '' },
      { headers, body: 'hello' },
      { headers: { 'content-type': 'application/json' }, body: '{"trade_status":"TRADE_SUCCESS"}' },
      { headers, body: 'a'.repeat(70_000) },
      fake.notification(id, { tamper: 'field' }),
      signed({ total_amount: '12.3' }),
      signed({ total_amount: '1230' }),
      signed({ out_trade_no: null }),
      signed({ trade_status: 'TRADE_SOMETHING' }),
      signed({ gmt_payment: '2025-02-30 10:00:00' }),
    ]) {
      expect(await provider.verifyNotification(input), input.body.slice(0, 80)).toEqual({
        ok: false,
        reason: 'malformed',
      });
    }
  });

  it('never throws, whatever arrives', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 300 }), async (body) => {
        const result = await provider.verifyNotification({ headers: {}, body: `${body}&sign=${body}` });
        expect(result.ok).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('reads closed and waiting trades', async () => {
    const request = paymentRequest({ kind: 'page' });
    const link = await provider.createPayment(request);
    if (link.kind !== 'redirect') throw new Error(link.kind);
    await fetch(link.url);
    expect(
      notification(await provider.verifyNotification(fake.notification(request.providerOrderId))),
    ).toMatchObject({
      type: 'payment',
      state: 'pending',
      paidAt: null,
    });
    await provider.close(request.providerOrderId);
    expect(
      notification(await provider.verifyNotification(fake.notification(request.providerOrderId))),
    ).toMatchObject({
      type: 'payment',
      state: 'closed',
      amount: 1230,
      paidAt: null,
    });
  });

  it('reads refund notifications: the refund id, and refund_fee — the total refunded so far', async () => {
    const { id, trade } = await paidPagePayment();
    await provider.refund({ providerOrderId: id, refundId: 'refund1', amount: 200, reason: 'x' });
    expect(notification(await provider.verifyNotification(fake.notification(id)))).toEqual({
      type: 'refund',
      providerOrderId: id,
      refundId: 'refund1',
      providerReference: trade.tradeNo,
      amount: 200,
      state: 'succeeded',
      merchantId: SELLER_ID,
    });
    // The rest: the trade closes (TRADE_CLOSED), and the notification is still a refund, not a closed payment.
    await provider.refund({ providerOrderId: id, refundId: 'refund2', amount: 1030, reason: 'x' });
    expect(notification(await provider.verifyNotification(fake.notification(id)))).toMatchObject({
      type: 'refund',
      refundId: 'refund2',
      amount: 1230,
    });
  });

  it('answers "success" to stop Alipay retrying, "fail" to have it retry', () => {
    expect(provider.notificationAnswer(true)).toEqual({
      status: 200,
      contentType: 'text/plain',
      body: 'success',
    });
    expect(provider.notificationAnswer(false)).toEqual({
      status: 200,
      contentType: 'text/plain',
      body: 'fail',
    });
  });
});
