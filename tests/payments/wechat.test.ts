// The WeChat Pay v3 adapter against a local WeChat Pay (fakes/wechat-fake.ts) that checks our request
// signatures and signs its own answers: online payments (Native, H5, JSAPI), queries, closing,
// refunds, the counter's payment codes and their reversal, the connection test, notifications — and
// that an answer or notification that cannot be verified is never taken for a success.
import { generateKeyPairSync, randomBytes, verify } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@admit/domain';
import type { CreatePaymentRequest, NotificationInput } from '../../packages/services/src/payments/provider';
import {
  WechatPayProvider,
  fromXml,
  wechatPayConfigFromAccount,
  type WechatPayConfig,
} from '../../packages/services/src/payments/wechat/index';
import { startWechatPayFake, type FakeMisbehaviour, type WechatPayFake } from './fakes/wechat-fake';

const MCH_ID = '1900009191';
const APP_ID = 'wxd678efh567hg6787';
const API_V3_KEY = 'a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb';
const API_V2_KEY = 'Kq3vN8x2LmP5rT7wY9zB4cD6fH1jK0sA';
const MERCHANT_SERIAL = '5157F09EFDC096DE15EBE81A47057A7232F1B8E1';
const merchant = generateKeyPairSync('rsa', { modulusLength: 2048 });
const merchantPrivatePem = merchant.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

let fake: WechatPayFake;
let wechat: WechatPayProvider;

function config(overrides: Partial<WechatPayConfig> = {}, target: WechatPayFake = fake): WechatPayConfig {
  return {
    mchId: MCH_ID,
    appId: APP_ID,
    apiV3Key: API_V3_KEY,
    apiV2Key: API_V2_KEY,
    merchantPrivateKey: merchantPrivatePem,
    merchantSerialNo: MERCHANT_SERIAL,
    platformPublicKey: { keyId: target.platform.serial, pem: target.platform.publicKeyPem },
    baseUrl: target.url,
    timeoutMs: 3000,
    refundNotifyUrl: 'https://tickets.example.com/api/v1/payments/notify/wechat/1',
    ...overrides,
  };
}

let sequence = 0;
const orderId = () =>
  `ADM${Date.now().toString(36)}${(sequence++).toString(36)}${randomBytes(3).toString('hex')}`;

function online(kind: CreatePaymentRequest['kind'], overrides: Partial<CreatePaymentRequest> = {}) {
  return {
    providerOrderId: orderId(),
    amount: 12_800,
    subject: '西湖景区 成人票 ×2',
    kind,
    notifyUrl: 'https://tickets.example.com/api/v1/payments/notify/wechat/1',
    returnUrl: 'https://tickets.example.com/orders/42',
    payerId: null,
    clientIp: null,
    expiresAt: new Date('2026-05-01T06:30:00Z'),
    ...overrides,
  } satisfies CreatePaymentRequest;
}

/** An unpaid Native payment at the fake. */
async function unpaidOrder(amount = 12_800) {
  const request = online('native', { amount });
  await wechat.createPayment(request);
  return request.providerOrderId;
}

async function paidOrder(amount = 12_800) {
  const id = await unpaidOrder(amount);
  const transactionId = fake.pay(id);
  return { id, transactionId };
}

async function appErrorOf(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

beforeAll(async () => {
  fake = await startWechatPayFake({
    mchId: MCH_ID,
    appId: APP_ID,
    apiV3Key: API_V3_KEY,
    apiV2Key: API_V2_KEY,
    merchantSerialNo: MERCHANT_SERIAL,
    merchantPublicKey: merchant.publicKey,
  });
  wechat = new WechatPayProvider(config());
});

afterAll(async () => {
  await fake.close();
});

afterEach(() => {
  fake.misbehave = null;
  fake.refundOutcome = 'SUCCESS';
});

describe('configuration', () => {
  function refusal(overrides: Partial<WechatPayConfig>) {
    try {
      new WechatPayProvider(config(overrides));
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('validation_failed');
      return (error as AppError).details as { provider: string; field: string; rule: string };
    }
    throw new Error('the configuration was accepted');
  }

  it('is the wechat provider for our mchid', () => {
    expect(wechat.name).toBe('wechat');
    expect(wechat.merchantId).toBe(MCH_ID);
  });

  it.each<[Partial<WechatPayConfig>, string, string]>([
    [{ mchId: 'merchant' }, 'mchId', 'digits'],
    [{ apiV3Key: 'too-short' }, 'apiV3Key', 'length_32'],
    [{ apiV2Key: 'too-short' }, 'apiV2Key', 'length_32'],
    [{ merchantSerialNo: 'not hex' }, 'merchantSerialNo', 'hex'],
    [
      { merchantPrivateKey: '-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----' },
      'merchantPrivateKey',
      'not_a_key',
    ],
    [{ platformPublicKey: null, platformCertificates: [] }, 'platformPublicKey', 'required'],
    [{ platformPublicKey: { keyId: 'PUB_KEY_ID_1', pem: 'garbage' } }, 'platformPublicKey.pem', 'not_a_key'],
    [{ platformPublicKey: { keyId: '12345', pem: '' } }, 'platformPublicKey.keyId', 'format'],
    [{ baseUrl: 'http://api.mch.weixin.qq.com' }, 'baseUrl', 'https'],
    [{ timeoutMs: 0 }, 'timeoutMs', 'range_50_120000'],
    [{ serverIp: 'localhost' }, 'serverIp', 'ip'],
    [{ refundNotifyUrl: 'http://tickets.example.com/notify' }, 'refundNotifyUrl', 'https_without_query'],
  ])('refuses %j, naming %s', (overrides, field, rule) => {
    expect(refusal(overrides)).toEqual({ provider: 'wechat', field, rule });
  });

  it('is built from a payment account as the admin screens store it', async () => {
    const provider = new WechatPayProvider(
      wechatPayConfigFromAccount({
        merchantId: MCH_ID,
        settings: {
          appId: APP_ID,
          merchantSerialNo: MERCHANT_SERIAL,
          platformPublicKeyId: fake.platform.serial,
          platformPublicKey: fake.platform.publicKeyPem,
          baseUrl: fake.url,
          timeoutMs: '3000',
        },
        secrets: { merchantPrivateKey: merchantPrivatePem, apiV3Key: API_V3_KEY, apiV2Key: API_V2_KEY },
      }),
    );
    expect(await provider.testConnection()).toEqual({ ok: true, message: 'APIv3 and APIv2 OK' });
    expect(() =>
      wechatPayConfigFromAccount({
        merchantId: MCH_ID,
        settings: { platformCertificates: '{oops' },
        secrets: {},
      }),
    ).toThrow(AppError);
  });

  it('refuses a merchant key that is not RSA 2048', () => {
    const small = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const pem = small.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(refusal({ merchantPrivateKey: pem })).toMatchObject({
      field: 'merchantPrivateKey',
      rule: 'not_rsa_2048',
    });
  });
});

describe('requests', () => {
  it('signs every APIv3 call with the merchant key over method, path with query, time, nonce and body', async () => {
    const id = await unpaidOrder();
    await wechat.query(id);
    const calls = fake.requests.filter((r) => r.path.includes(id) || r.body.includes(id));
    expect(calls.map((c) => c.method)).toEqual(['POST', 'GET']);
    for (const call of calls) {
      const auth =
        /^WECHATPAY2-SHA256-RSA2048 mchid="(\d+)",nonce_str="(\w+)",signature="([^"]+)",timestamp="(\d+)",serial_no="(\w+)"$/.exec(
          call.headers.authorization ?? '',
        );
      expect(auth).not.toBeNull();
      const [, mchid, nonce, signature, timestamp, serial] = auth ?? [];
      expect([mchid, serial]).toEqual([MCH_ID, MERCHANT_SERIAL]);
      expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(5);
      const message = `${call.method}\n${call.path}\n${timestamp}\n${nonce}\n${call.body}\n`;
      expect(
        verify('sha256', Buffer.from(message), merchant.publicKey, Buffer.from(signature ?? '', 'base64')),
      ).toBe(true);
      expect(call.headers['user-agent']).toBeTruthy();
      // Public-key mode: tells WeChat Pay to sign its answer with the key we hold.
      expect(call.headers['wechatpay-serial']).toBe(fake.platform.serial);
    }
    expect(calls[1]?.path).toBe(`/v3/pay/transactions/out-trade-no/${id}?mchid=${MCH_ID}`);
  });
});

describe('creating online payments', () => {
  it('Native: a QR code, with the amount in fen, the expiry in Beijing time and our notify URL', async () => {
    const request = online('native');
    const created = await wechat.createPayment(request);
    const order = fake.orders.get(request.providerOrderId);
    expect(created).toEqual({ kind: 'qr', codeUrl: order?.result.code_url });
    expect(created.kind === 'qr' && created.codeUrl.startsWith('weixin://wxpay/bizpayurl?pr=')).toBe(true);
    expect(order?.request).toMatchObject({
      appid: APP_ID,
      mchid: MCH_ID,
      out_trade_no: request.providerOrderId,
      description: request.subject,
      time_expire: '2026-05-01T14:30:00+08:00',
      notify_url: request.notifyUrl,
      amount: { total: 12_800, currency: 'CNY' },
    });
  });

  it('page: a Native QR code too (WeChat Pay has no desktop payment page)', async () => {
    const request = online('page');
    const created = await wechat.createPayment(request);
    expect(created.kind).toBe('qr');
    expect(fake.orders.get(request.providerOrderId)?.tradeType).toBe('NATIVE');
  });

  it('cuts a long subject to the 127 bytes WeChat Pay allows, never inside a character', async () => {
    const request = online('native', { subject: '雷峰塔'.repeat(60) });
    await wechat.createPayment(request);
    const description = String(fake.orders.get(request.providerOrderId)?.request.description);
    expect(Buffer.byteLength(description)).toBeLessThanOrEqual(127);
    expect(description).toBe('雷峰塔'.repeat(14)); // 126 bytes: a 43rd character would not fit
  });

  it('is idempotent for the same payment: the same QR code again', async () => {
    const request = online('native');
    const first = await wechat.createPayment(request);
    expect(await wechat.createPayment(request)).toEqual(first);
  });

  it('H5: a redirect to the WeChat cashier that returns to our page, with the payer IP', async () => {
    const request = online('h5', { clientIp: '203.0.113.7' });
    const created = await wechat.createPayment(request);
    const order = fake.orders.get(request.providerOrderId);
    expect(created).toEqual({
      kind: 'redirect',
      url: `${order?.result.h5_url}&redirect_url=${encodeURIComponent('https://tickets.example.com/orders/42')}`,
    });
    expect(order?.request.scene_info).toEqual({ payer_client_ip: '203.0.113.7', h5_info: { type: 'Wap' } });
  });

  it('H5 without the customer IP is refused before calling WeChat Pay', async () => {
    const before = fake.requests.length;
    const error = await appErrorOf(wechat.createPayment(online('h5')));
    expect(error.code).toBe('validation_failed');
    expect(error.details).toMatchObject({ field: 'clientIp' });
    expect(fake.requests.length).toBe(before);
  });

  it('JSAPI: the parameters for getBrandWCPayRequest, paySign verifiable with the merchant certificate', async () => {
    const request = online('jsapi', { payerId: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' });
    const created = await wechat.createPayment(request);
    const order = fake.orders.get(request.providerOrderId);
    expect(order?.request.payer).toEqual({ openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' });
    if (created.kind !== 'jsapi') throw new Error(`expected jsapi, got ${created.kind}`);
    const { appId, timeStamp, nonceStr, package: pkg, signType, paySign } = created.params;
    expect({ appId, pkg, signType }).toEqual({
      appId: APP_ID,
      pkg: `prepay_id=${order?.result.prepay_id}`,
      signType: 'RSA',
    });
    expect(timeStamp).toMatch(/^\d{10}$/);
    expect(nonceStr).toMatch(/^\w{1,32}$/);
    const message = `${appId}\n${timeStamp}\n${nonceStr}\n${pkg}\n`;
    expect(
      verify('sha256', Buffer.from(message), merchant.publicKey, Buffer.from(paySign ?? '', 'base64')),
    ).toBe(true);
  });

  it('JSAPI without the payer openid is refused', async () => {
    const error = await appErrorOf(wechat.createPayment(online('jsapi')));
    expect(error.details).toMatchObject({ field: 'payerId' });
  });

  it('a payment WeChat Pay refuses is declined with its code', async () => {
    const request = online('native');
    await wechat.createPayment(request);
    const error = await appErrorOf(wechat.createPayment({ ...request, amount: 1 }));
    expect(error.code).toBe('payment_declined');
    expect(error.details).toMatchObject({ provider: 'wechat', code: 'INVALID_REQUEST' });
  });
});

describe('querying a payment', () => {
  it('unpaid, then paid after the customer pays', async () => {
    const id = await unpaidOrder();
    expect(await wechat.query(id)).toEqual({ state: 'pending', waitingForCustomer: true });
    const transactionId = fake.pay(id);
    expect(await wechat.query(id)).toEqual({ state: 'succeeded', providerReference: transactionId });
  });

  it.each([
    ['USERPAYING', { state: 'pending', waitingForCustomer: true }],
    ['CLOSED', { state: 'failed', reason: 'closed' }],
    ['REVOKED', { state: 'failed', reason: 'reversed' }],
    ['PAYERROR', { state: 'failed', reason: '支付失败，请重新下单支付' }],
  ] as const)('%s', async (tradeState, expected) => {
    const id = await unpaidOrder();
    fake.setState(id, tradeState);
    expect(await wechat.query(id)).toEqual(expected);
  });

  it('REFUND (转入退款) is still a payment that succeeded', async () => {
    const { id, transactionId } = await paidOrder();
    fake.setState(id, 'REFUND');
    expect(await wechat.query(id)).toEqual({ state: 'succeeded', providerReference: transactionId });
  });

  it('a payment WeChat Pay does not know failed', async () => {
    expect(await wechat.query(orderId())).toEqual({ state: 'failed', reason: 'not_found' });
  });
});

describe('closing an unpaid payment', () => {
  it('closes it (204), and it can no longer be paid', async () => {
    const id = await unpaidOrder();
    expect(await wechat.close(id)).toBe(true);
    expect(fake.orders.get(id)?.state).toBe('CLOSED');
    expect(await wechat.query(id)).toEqual({ state: 'failed', reason: 'closed' });
  });

  it('a paid payment is not closed', async () => {
    const { id } = await paidOrder();
    expect(await wechat.close(id)).toBe(false);
    expect(fake.orders.get(id)?.state).toBe('SUCCESS');
  });
});

describe('refunds', () => {
  it('refunds with the payment total WeChat Pay holds, our refund id and reason', async () => {
    const { id } = await paidOrder(12_800);
    const refundId = `RF${orderId()}`;
    const result = await wechat.refund({ providerOrderId: id, refundId, amount: 6_400, reason: '游客退票' });
    const refund = fake.refunds.get(refundId);
    expect(result).toEqual({ state: 'succeeded', providerReference: refund?.refundId });
    expect(refund).toMatchObject({ outTradeNo: id, refund: 6_400, total: 12_800, reason: '游客退票' });
    expect(refund?.notifyUrl).toBe('https://tickets.example.com/api/v1/payments/notify/wechat/1');
  });

  it('a retry with the same refund id refunds once', async () => {
    const { id } = await paidOrder(5_000);
    const request = { providerOrderId: id, refundId: `RF${orderId()}`, amount: 5_000, reason: '' };
    const first = await wechat.refund(request);
    expect(await wechat.refund(request)).toEqual(first);
    expect([...fake.refunds.values()].filter((r) => r.outTradeNo === id)).toHaveLength(1);
  });

  it('processing, then succeeded when queried', async () => {
    const { id } = await paidOrder();
    const refundId = `RF${orderId()}`;
    fake.refundOutcome = 'PROCESSING';
    expect(await wechat.refund({ providerOrderId: id, refundId, amount: 100, reason: '' })).toEqual({
      state: 'pending',
    });
    expect(await wechat.queryRefund({ providerOrderId: id, refundId })).toEqual({ state: 'pending' });
    fake.settleRefund(refundId, 'SUCCESS');
    expect(await wechat.queryRefund({ providerOrderId: id, refundId })).toEqual({
      state: 'succeeded',
      providerReference: fake.refunds.get(refundId)?.refundId,
    });
  });

  it('ABNORMAL stays pending (finished by hand at WeChat Pay, never refunded again); CLOSED failed', async () => {
    const { id } = await paidOrder();
    const refundId = `RF${orderId()}`;
    fake.refundOutcome = 'ABNORMAL';
    expect(await wechat.refund({ providerOrderId: id, refundId, amount: 100, reason: '' })).toEqual({
      state: 'pending',
    });
    fake.settleRefund(refundId, 'CLOSED');
    expect(await wechat.queryRefund({ providerOrderId: id, refundId })).toEqual({
      state: 'failed',
      reason: 'refund_closed',
    });
  });

  it('refused: balance too low, or more than was paid', async () => {
    const { id } = await paidOrder(1_000);
    fake.refundOutcome = 'NOT_ENOUGH';
    expect(
      await wechat.refund({ providerOrderId: id, refundId: `RF${orderId()}`, amount: 500, reason: '' }),
    ).toEqual({
      state: 'failed',
      reason: 'not_enough',
    });
    fake.refundOutcome = 'SUCCESS';
    expect(
      await wechat.refund({ providerOrderId: id, refundId: `RF${orderId()}`, amount: 1_001, reason: '' }),
    ).toEqual({
      state: 'failed',
      reason: 'invalid_request',
    });
  });

  it('an unpaid payment is not refunded (nothing is sent)', async () => {
    const id = await unpaidOrder();
    const refundId = `RF${orderId()}`;
    expect(await wechat.refund({ providerOrderId: id, refundId, amount: 100, reason: '' })).toEqual({
      state: 'failed',
      reason: 'payment_not_refundable',
    });
    expect(fake.refunds.has(refundId)).toBe(false);
  });

  it('a refund WeChat Pay never received is reported as not found', async () => {
    expect(await wechat.queryRefund({ providerOrderId: orderId(), refundId: `RF${orderId()}` })).toEqual({
      state: 'failed',
      reason: 'refund_not_found',
    });
  });
});

describe('the counter: payment codes (付款码) and reversal (撤销)', () => {
  const code = (suffix: string) =>
    `1346${randomBytes(6).readUIntBE(0, 6).toString().padStart(12, '0')}${suffix}`;
  const micropay = (authCode: string, amount = 3_000) => {
    const providerOrderId = orderId();
    return {
      providerOrderId,
      result: wechat.micropay({ providerOrderId, amount, authCode, subject: '成人票' }),
    };
  };

  it('charges at once, through APIv2 signed with the v2 key', async () => {
    const { providerOrderId, result } = micropay(code('88'));
    expect(await result).toEqual({
      state: 'succeeded',
      providerReference: fake.orders.get(providerOrderId)?.transactionId,
    });
    const sent = fromXml(fake.requests.find((r) => r.body.includes(providerOrderId))?.body ?? '');
    expect(sent).toMatchObject({
      mch_id: MCH_ID,
      appid: APP_ID,
      total_fee: '3000',
      sign_type: 'HMAC-SHA256',
    });
    expect(sent?.spbill_create_ip).toBe('127.0.0.1');
  });

  it('declined: insufficient funds, an expired code', async () => {
    expect(await micropay(code('01')).result).toEqual({ state: 'failed', reason: 'insufficient_funds' });
    expect(await micropay(code('05')).result).toEqual({ state: 'failed', reason: 'auth_code_invalid' });
  });

  it('waiting for the password, then paid', async () => {
    const { providerOrderId, result } = micropay(code('02'));
    expect(await result).toEqual({ state: 'pending', waitingForCustomer: true });
    expect(await wechat.query(providerOrderId)).toEqual({ state: 'pending', waitingForCustomer: true });
    const transactionId = fake.pay(providerOrderId);
    expect(await wechat.query(providerOrderId)).toEqual({
      state: 'succeeded',
      providerReference: transactionId,
    });
  });

  it('SYSTEMERROR is unknown; the query finds it paid', async () => {
    const { providerOrderId, result } = micropay(code('03'));
    expect(await result).toEqual({ state: 'unknown' });
    expect((await wechat.query(providerOrderId)).state).toBe('succeeded');
  });

  it('charging an already paid order reports it paid', async () => {
    const { providerOrderId, result } = micropay(code('88'));
    const paid = await result;
    const again = await wechat.micropay({
      providerOrderId,
      amount: 3_000,
      authCode: code('88'),
      subject: '成人票',
    });
    expect(again).toEqual(paid);
  });

  it('no answer in time is unknown', async () => {
    const impatient = new WechatPayProvider(config({ timeoutMs: 150 }));
    fake.misbehave = 'hang';
    const started = Date.now();
    const providerOrderId = orderId();
    expect(
      await impatient.micropay({ providerOrderId, amount: 100, authCode: code('88'), subject: 'x' }),
    ).toEqual({
      state: 'unknown',
    });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it.each(['bad_signature', 'unsigned'] as const)(
    'an answer with a %s sign is unknown, even a success',
    async (m) => {
      fake.misbehave = m;
      const { providerOrderId, result } = micropay(code('88'));
      expect(await result).toEqual({ state: 'unknown' });
      expect(fake.orders.get(providerOrderId)?.state).toBe('SUCCESS');
    },
  );

  it('a wrong v2 key is unknown (WeChat Pay refuses the sign), a missing one is not configured', async () => {
    const wrongKey = new WechatPayProvider(config({ apiV2Key: 'Z'.repeat(32) }));
    const providerOrderId = orderId();
    expect(
      await wrongKey.micropay({ providerOrderId, amount: 100, authCode: code('88'), subject: 'x' }),
    ).toEqual({
      state: 'unknown',
    });
    expect(fake.orders.has(providerOrderId)).toBe(false);
    const noKey = new WechatPayProvider(config({ apiV2Key: null }));
    expect(
      await noKey.micropay({ providerOrderId, amount: 100, authCode: code('88'), subject: 'x' }),
    ).toEqual({
      state: 'failed',
      reason: 'micropay_not_configured',
    });
  });

  it('cancelling while the customer enters the password reverses it', async () => {
    const { providerOrderId, result } = micropay(code('02'));
    await result;
    expect(await wechat.cancel(providerOrderId)).toBe(true);
    expect(fake.orders.get(providerOrderId)?.state).toBe('REVOKED');
    expect(await wechat.query(providerOrderId)).toEqual({ state: 'failed', reason: 'reversed' });
    expect(fake.requests.at(-2)?.path).toBe(`/v3/pay/transactions/out-trade-no/${providerOrderId}/reverse`);
  });

  it('cancelling a payment that went through gives the money back (reversal refunds it)', async () => {
    const { providerOrderId, result } = micropay(code('88'));
    await result;
    expect(await wechat.cancel(providerOrderId)).toBe(true);
    expect(fake.orders.get(providerOrderId)?.state).toBe('REVOKED');
  });

  it('cancelling a charge WeChat Pay never received: nothing is charged', async () => {
    expect(await wechat.cancel(orderId())).toBe(true);
  });

  it('a refused reversal of a paid payment is not a cancellation', async () => {
    const { id } = await paidOrder();
    fake.setState(id, 'REFUND');
    expect(await wechat.cancel(id)).toBe(false);
  });
});

describe('testing the connection', () => {
  it('succeeds: WeChat Pay answers ORDER_NOT_EXIST to a signed query, and the v2 key signs', async () => {
    expect(await wechat.testConnection()).toEqual({ ok: true, message: 'APIv3 and APIv2 OK' });
  });

  it('a wrong merchant key: 401 SIGN_ERROR', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const wrong = new WechatPayProvider(
      config({ merchantPrivateKey: other.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() }),
    );
    const result = await wrong.testConnection();
    expect(result.ok).toBe(false);
    expect(result.message).toContain('HTTP 401 SIGN_ERROR');
  });

  it('a wrong platform public key: answers do not verify', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = other.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const wrong = new WechatPayProvider(config({ platformPublicKey: { keyId: fake.platform.serial, pem } }));
    expect(await wrong.testConnection()).toEqual({
      ok: false,
      message:
        'APIv3: HTTP 404 ORDER_NOT_EXIST: 订单不存在 (the answer does not verify: check the WeChat Pay public key or platform certificates)',
    });
  });

  it('a wrong v2 key', async () => {
    const result = await new WechatPayProvider(config({ apiV2Key: 'Z'.repeat(32) })).testConnection();
    expect(result).toEqual({ ok: false, message: 'APIv3 OK; APIv2 key: return_code FAIL: 签名错误' });
  });

  it('WeChat Pay unreachable', async () => {
    const nowhere = new WechatPayProvider(config({ baseUrl: 'http://127.0.0.1:9' }));
    expect(await nowhere.testConnection()).toEqual({
      ok: false,
      message: 'APIv3: no answer (WeChat Pay cannot be reached)',
    });
  });
});

describe('notifications', () => {
  const other = (headers: Record<string, string>, body: string): NotificationInput => ({ headers, body });

  it('a payment notification: verified, decrypted and read', async () => {
    const { id, transactionId } = await paidOrder(12_800);
    const result = await wechat.verifyNotification(fake.notification(id));
    expect(result).toEqual({
      ok: true,
      notification: {
        type: 'payment',
        providerOrderId: id,
        providerReference: transactionId,
        amount: 12_800,
        state: 'succeeded',
        merchantId: MCH_ID,
        paidAt: new Date(`${fake.orders.get(id)?.successTime}`),
      },
    });
  });

  it('refund notifications: succeeded, and abnormal as still pending', async () => {
    const { id } = await paidOrder(9_000);
    const refundId = `RF${orderId()}`;
    await wechat.refund({ providerOrderId: id, refundId, amount: 3_000, reason: '' });
    expect(await wechat.verifyNotification(fake.refundNotification(refundId))).toEqual({
      ok: true,
      notification: {
        type: 'refund',
        providerOrderId: id,
        refundId,
        providerReference: fake.refunds.get(refundId)?.refundId,
        amount: 3_000,
        state: 'succeeded',
        merchantId: MCH_ID,
      },
    });
    fake.settleRefund(refundId, 'ABNORMAL');
    const abnormal = await wechat.verifyNotification(fake.refundNotification(refundId));
    expect(abnormal.ok && abnormal.notification.state).toBe('pending');
  });

  it.each([
    ['a forged signature', { tamper: 'signature' }, 'bad_signature'],
    ['an unknown serial', { tamper: 'serial' }, 'unknown_certificate'],
    ['a timestamp 10 minutes old', { timestampOffsetSec: -600 }, 'stale'],
    ['a timestamp 10 minutes ahead', { timestampOffsetSec: 600 }, 'stale'],
    ['a corrupted ciphertext (signed as is)', { tamper: 'ciphertext' }, 'decrypt_failed'],
  ] as const)('refused: %s', async (_, options, reason) => {
    const { id } = await paidOrder();
    expect(await wechat.verifyNotification(fake.notification(id, options))).toEqual({ ok: false, reason });
  });

  it('a timestamp 4 minutes old is still accepted', async () => {
    const { id } = await paidOrder();
    expect((await wechat.verifyNotification(fake.notification(id, { timestampOffsetSec: -240 }))).ok).toBe(
      true,
    );
  });

  it('one changed byte of the body breaks the signature', async () => {
    const { id } = await paidOrder();
    const { headers, body } = fake.notification(id);
    expect(
      await wechat.verifyNotification(other(headers, body.replace('TRANSACTION', 'TRANSACTIOM'))),
    ).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
  });

  it('encrypted with another APIv3 key: not decryptable', async () => {
    const { id } = await paidOrder();
    const otherKey = new WechatPayProvider(config({ apiV3Key: 'B'.repeat(32) }));
    expect(await otherKey.verifyNotification(fake.notification(id))).toEqual({
      ok: false,
      reason: 'decrypt_failed',
    });
  });

  it('authentic, for another merchant or app: returned as such, for the service to refuse and log', async () => {
    const { id } = await paidOrder();
    const wrongMerchant = await wechat.verifyNotification(fake.notification(id, { tamper: 'merchant' }));
    expect(wrongMerchant.ok && wrongMerchant.notification.merchantId).toBe('1900000999');
    const wrongApp = await wechat.verifyNotification(fake.notification(id, { tamper: 'appid' }));
    expect(wrongApp.ok && wrongApp.notification.merchantId).toBe(`${MCH_ID}/wx0000000000000000`);
    expect(wrongApp.ok && wrongApp.notification.merchantId).not.toBe(wechat.merchantId);
  });

  it('authentic with an amount other than ours: the amount WeChat Pay states, for the service to compare', async () => {
    const { id } = await paidOrder(12_800);
    const result = await wechat.verifyNotification(fake.notification(id, { tamper: 'amount' }));
    expect(result.ok && result.notification.amount).toBe(12_801);
  });

  it.each([
    ['not JSON', 'this is not json'],
    ['JSON without a resource', '{"event_type":"TRANSACTION.SUCCESS"}'],
    ['an array', '[1,2,3]'],
  ])('signed but malformed: %s', async (_, body) => {
    expect(await wechat.verifyNotification(fake.signed(body))).toEqual({ ok: false, reason: 'malformed' });
  });

  it('an event this adapter does not read is malformed', async () => {
    const { id } = await paidOrder();
    const { body } = fake.notification(id);
    const renamed = body.replace('TRANSACTION.SUCCESS', 'MCHTRANSFER.BILL.FINISHED');
    expect(await wechat.verifyNotification(fake.signed(renamed))).toEqual({ ok: false, reason: 'malformed' });
  });

  it('never throws, whatever arrives', async () => {
    const { id } = await paidOrder();
    const genuine = fake.notification(id);
    const inputs: NotificationInput[] = [
      other({}, ''),
      other({}, genuine.body),
      other({ ...genuine.headers, 'wechatpay-timestamp': 'yesterday' }, genuine.body),
      other({ ...genuine.headers, 'wechatpay-signature': '%%%not base64%%%' }, genuine.body),
      other({ ...genuine.headers, 'wechatpay-serial': '' }, genuine.body),
      other(genuine.headers, '\u0000'.repeat(100_000)),
      fake.signed(
        JSON.stringify({ event_type: 'TRANSACTION.SUCCESS', resource: { algorithm: 'AEAD_AES_256_GCM' } }),
      ),
      fake.signed(
        JSON.stringify({
          event_type: 'TRANSACTION.SUCCESS',
          resource: { algorithm: 'AEAD_AES_256_GCM', ciphertext: 'AAAA', nonce: '', associated_data: 7 },
        }),
      ),
    ];
    for (const input of inputs) {
      const result = await wechat.verifyNotification(input);
      expect(result.ok).toBe(false);
    }
  });

  it('answers WeChat Pay: 204 when accepted, a 500 FAIL so it retries when not', () => {
    expect(wechat.notificationAnswer(true)).toEqual({
      status: 204,
      contentType: 'application/json',
      body: '',
    });
    const refused = wechat.notificationAnswer(false);
    expect(refused.status).toBe(500);
    expect(JSON.parse(refused.body)).toMatchObject({ code: 'FAIL' });
  });
});

describe('answers that cannot be verified are never a success', () => {
  it.each<FakeMisbehaviour>(['bad_signature', 'unknown_serial', 'stale', 'unsigned'])(
    '%s',
    async (misbehaviour) => {
      const { id } = await paidOrder();
      const unpaid = await unpaidOrder();
      fake.misbehave = misbehaviour;
      expect(await wechat.query(id)).toEqual({ state: 'unknown' });
      expect((await appErrorOf(wechat.createPayment(online('native')))).code).toBe(
        'payment_provider_unavailable',
      );
      expect(
        await wechat.refund({ providerOrderId: id, refundId: `RF${orderId()}`, amount: 100, reason: '' }),
      ).toEqual({
        state: 'pending',
      });
      expect(await wechat.close(unpaid)).toBe(false);
      expect(await wechat.cancel(id)).toBe(false);
      expect((await wechat.testConnection()).ok).toBe(false);
    },
  );
});

describe('platform certificates (the older verification mode)', () => {
  let certified: WechatPayFake;

  beforeAll(async () => {
    certified = await startWechatPayFake({
      mchId: MCH_ID,
      appId: APP_ID,
      apiV3Key: API_V3_KEY,
      apiV2Key: API_V2_KEY,
      merchantSerialNo: MERCHANT_SERIAL,
      merchantPublicKey: merchant.publicKey,
      platform: 'certificate',
    });
  });

  afterAll(async () => {
    await certified.close();
  });

  const withCertificate = (serialNo: string) =>
    config(
      {
        platformPublicKey: null,
        platformCertificates: [{ serialNo, pem: certified.platform.certificatePem ?? '' }],
      },
      certified,
    );

  it('answers and notifications verify with the certificate their serial names', async () => {
    const provider = new WechatPayProvider(withCertificate(certified.platform.serial.toLowerCase()));
    const request = online('native');
    expect((await provider.createPayment(request)).kind).toBe('qr');
    // No public key: no Wechatpay-Serial header asking for public-key signatures.
    expect(certified.requests.at(-1)?.headers['wechatpay-serial']).toBeUndefined();
    const transactionId = certified.pay(request.providerOrderId);
    expect(await provider.query(request.providerOrderId)).toEqual({
      state: 'succeeded',
      providerReference: transactionId,
    });
    expect((await provider.verifyNotification(certified.notification(request.providerOrderId))).ok).toBe(
      true,
    );
  });

  it('an expired certificate vouches for nothing', async () => {
    const expired = await startWechatPayFake({
      mchId: MCH_ID,
      appId: APP_ID,
      apiV3Key: API_V3_KEY,
      apiV2Key: API_V2_KEY,
      merchantSerialNo: MERCHANT_SERIAL,
      merchantPublicKey: merchant.publicKey,
      platform: 'certificate',
      certificateExpired: true,
    });
    try {
      const provider = new WechatPayProvider(
        config(
          {
            platformPublicKey: null,
            platformCertificates: [
              { serialNo: expired.platform.serial, pem: expired.platform.certificatePem ?? '' },
            ],
          },
          expired,
        ),
      );
      const request = online('native');
      expect((await appErrorOf(provider.createPayment(request))).details).toMatchObject({
        problem: 'unknown_certificate',
      });
      expired.pay(request.providerOrderId);
      expect(await provider.query(request.providerOrderId)).toEqual({ state: 'unknown' });
      expect(await provider.verifyNotification(expired.notification(request.providerOrderId))).toEqual({
        ok: false,
        reason: 'unknown_certificate',
      });
    } finally {
      await expired.close();
    }
  });

  it('a certificate entered under another serial is refused at setup', () => {
    expect(() => new WechatPayProvider(withCertificate('0123456789ABCDEF'))).toThrow(AppError);
  });

  it('while migrating to the public key, a certificate-signed notification still verifies', async () => {
    const both = new WechatPayProvider({
      ...withCertificate(certified.platform.serial),
      platformPublicKey: { keyId: fake.platform.serial, pem: fake.platform.publicKeyPem },
      baseUrl: fake.url,
    });
    const { id } = await paidOrder();
    expect((await both.verifyNotification(fake.notification(id))).ok).toBe(true);
    const request = online('native');
    await new WechatPayProvider(withCertificate(certified.platform.serial)).createPayment(request);
    certified.pay(request.providerOrderId);
    expect((await both.verifyNotification(certified.notification(request.providerOrderId))).ok).toBe(true);
  });
});
