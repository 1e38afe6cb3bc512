// A local stand-in for WeChat Pay (api.mch.weixin.qq.com), written from the published protocol and
// independently of the adapter: it checks the merchant's APIv3 Authorization signature with the
// merchant's public key (401 SIGN_ERROR otherwise, unsigned — as WeChat Pay does), keeps orders and
// refunds in memory, signs every other answer with its platform key (a WeChat Pay public key
// `PUB_KEY_ID_…`, or a self-signed platform certificate addressed by its serial), speaks APIv2 XML with
// HMAC-SHA256 for the payment-code charge, and produces signed, encrypted notifications.
//
// What a scanned payment code does is decided by its last two digits:
//   01 insufficient funds (NOTENOUGH)     02 the customer must enter a password (USERPAYING)
//   03 SYSTEMERROR, though the charge went through      05 expired code (AUTHCODEEXPIRE)
//   anything else succeeds at once
import {
  createCipheriv,
  createHmac,
  generateKeyPairSync,
  randomBytes,
  randomUUID,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeTradeState =
  'NOTPAY' | 'USERPAYING' | 'SUCCESS' | 'CLOSED' | 'REVOKED' | 'PAYERROR' | 'REFUND';
export type FakeRefundStatus = 'SUCCESS' | 'PROCESSING' | 'ABNORMAL' | 'CLOSED';

export type FakeOrder = {
  outTradeNo: string;
  tradeType: 'NATIVE' | 'H5' | 'JSAPI' | 'MICROPAY';
  amount: number;
  state: FakeTradeState;
  transactionId: string | null;
  successTime: string | null;
  /** The create request as received (JSON for v3, the XML fields for v2). */
  request: Record<string, unknown>;
  result: Record<string, string>;
};

export type FakeRefund = {
  outRefundNo: string;
  refundId: string;
  outTradeNo: string;
  refund: number;
  total: number;
  status: FakeRefundStatus;
  reason: string | null;
  notifyUrl: string | null;
};

/** Ways every answer can be made untrustworthy (or never come), to test the adapter's distrust. */
export type FakeMisbehaviour = 'bad_signature' | 'unknown_serial' | 'stale' | 'unsigned' | 'hang';

export type NotificationTamper = 'signature' | 'amount' | 'merchant' | 'appid' | 'ciphertext' | 'serial';
export type NotificationOptions = { tamper?: NotificationTamper; timestampOffsetSec?: number };
export type FakeNotification = { headers: Record<string, string>; body: string };

export type WechatPayFakeOptions = {
  mchId: string;
  appId: string;
  apiV3Key: string;
  apiV2Key: string;
  merchantSerialNo: string;
  merchantPublicKey: KeyObject;
  /** How the platform identifies its signing key: a WeChat Pay public key id, or a certificate serial. */
  platform?: 'publicKey' | 'certificate';
  /** Certificate mode: a certificate that expired yesterday (WeChat Pay's certificates last five years). */
  certificateExpired?: boolean;
};

export type WechatPayFake = {
  url: string;
  /** What a merchant downloads from WeChat Pay: the serial (or public key id) and the key or certificate. */
  platform: { serial: string; publicKeyPem: string; certificatePem: string | null };
  orders: Map<string, FakeOrder>;
  refunds: Map<string, FakeRefund>;
  /** Every request that reached the fake, as received. */
  requests: { method: string; path: string; headers: IncomingMessage['headers']; body: string }[];
  /** How the next refunds are answered; NOT_ENOUGH is a 403 (the merchant's balance is too low). */
  refundOutcome: FakeRefundStatus | 'NOT_ENOUGH';
  misbehave: FakeMisbehaviour | null;
  /** The customer pays (or finishes entering the password): returns the transaction id. */
  pay(outTradeNo: string): string;
  setState(outTradeNo: string, state: FakeTradeState): void;
  settleRefund(outRefundNo: string, status: FakeRefundStatus): void;
  notification(outTradeNo: string, options?: NotificationOptions): FakeNotification;
  refundNotification(outRefundNo: string, options?: NotificationOptions): FakeNotification;
  /** Any body signed as WeChat Pay signs notifications. */
  signed(body: string, options?: NotificationOptions): FakeNotification;
  close(): Promise<void>;
};

const OTHER_MCHID = '1900000999';

function beijing(date: Date): string {
  return `${new Date(date.getTime() + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;
}

// --- A minimal DER writer: enough for a self-signed X.509 v3 platform certificate. ---
function der(tag: number, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  let length: Buffer;
  if (body.length < 0x80) length = Buffer.from([body.length]);
  else {
    const bytes: number[] = [];
    for (let n = body.length; n > 0; n >>= 8) bytes.unshift(n & 0xff);
    length = Buffer.from([0x80 | bytes.length, ...bytes]);
  }
  return Buffer.concat([Buffer.from([tag]), length, body]);
}

function selfSignedCertificate(
  keys: { publicKey: KeyObject; privateKey: KeyObject },
  serialHex: string,
  notAfter: Date,
): string {
  const sha256WithRsa = der(0x30, der(0x06, Buffer.from('2a864886f70d01010b', 'hex')), der(0x05));
  const name = der(
    0x30,
    der(
      0x31,
      der(0x30, der(0x06, Buffer.from('550403', 'hex')), der(0x0c, Buffer.from('Tenpay.com Root CA'))),
    ),
  );
  const utc = (date: Date) =>
    der(0x17, Buffer.from(date.toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z'));
  const now = Date.now();
  const tbs = der(
    0x30,
    der(0xa0, der(0x02, Buffer.from([2]))),
    der(0x02, Buffer.from(serialHex, 'hex')),
    sha256WithRsa,
    name,
    der(0x30, utc(new Date(now - 3 * 86_400_000)), utc(notAfter)),
    name,
    keys.publicKey.export({ type: 'spki', format: 'der' }),
  );
  const signature = sign('sha256', tbs, keys.privateKey);
  const cert = der(0x30, tbs, sha256WithRsa, der(0x03, Buffer.from([0]), signature));
  const lines = cert.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

// --- APIv2 XML and sign, written out again here rather than borrowed from the adapter. ---
function v2Sign(key: string, fields: Record<string, string>): string {
  const text = Object.entries(fields)
    .filter(([name, value]) => name !== 'sign' && value !== '')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
  return createHmac('sha256', key).update(`${text}&key=${key}`).digest('hex').toUpperCase();
}

function parseXml(xml: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [, name, cdata, plain] of xml.matchAll(/<(\w+)>(?:<!\[CDATA\[([\s\S]*?)\]\]>|([^<]*))<\/\1>/g))
    if (name && name !== 'xml') fields[name] = cdata ?? plain ?? '';
  return fields;
}

function xml(fields: Record<string, string>): string {
  return `<xml>${Object.entries(fields)
    .map(([name, value]) => `<${name}><![CDATA[${value}]]></${name}>`)
    .join('')}</xml>`;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startWechatPayFake(options: WechatPayFakeOptions): Promise<WechatPayFake> {
  const platformKeys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const certificateMode = options.platform === 'certificate';
  const serial = certificateMode
    ? `5${randomBytes(19).toString('hex').toUpperCase().slice(1)}`
    : `PUB_KEY_ID_${Array.from(randomBytes(32), (b) => b % 10).join('')}`;
  const notAfter = new Date(Date.now() + (options.certificateExpired ? -1 : 5 * 365) * 86_400_000);
  const certificatePem = certificateMode ? selfSignedCertificate(platformKeys, serial, notAfter) : null;
  const orders = new Map<string, FakeOrder>();
  const refunds = new Map<string, FakeRefund>();
  const requests: WechatPayFake['requests'] = [];
  const hanging = new Set<ServerResponse>();

  const signHeaders = (body: string, offsetSec = 0, forceSerial?: string) => {
    const timestamp = String(Math.floor(Date.now() / 1000) + offsetSec);
    const nonce = randomBytes(16).toString('hex');
    const signature = sign(
      'sha256',
      Buffer.from(`${timestamp}\n${nonce}\n${body}\n`),
      platformKeys.privateKey,
    );
    return {
      'wechatpay-timestamp': timestamp,
      'wechatpay-nonce': nonce,
      'wechatpay-signature': signature.toString('base64'),
      'wechatpay-serial': forceSerial ?? serial,
    };
  };

  const fake: WechatPayFake = {
    url: '',
    platform: {
      serial,
      publicKeyPem: platformKeys.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      certificatePem,
    },
    orders,
    refunds,
    requests,
    refundOutcome: 'SUCCESS',
    misbehave: null,
    pay(outTradeNo) {
      const order = orders.get(outTradeNo);
      if (!order) throw new Error(`no order ${outTradeNo}`);
      order.state = 'SUCCESS';
      order.transactionId ??= `42000${Date.now()}${randomBytes(4).toString('hex')}`;
      order.successTime = beijing(new Date());
      return order.transactionId;
    },
    setState(outTradeNo, state) {
      const order = orders.get(outTradeNo);
      if (!order) throw new Error(`no order ${outTradeNo}`);
      order.state = state;
    },
    settleRefund(outRefundNo, status) {
      const refund = refunds.get(outRefundNo);
      if (!refund) throw new Error(`no refund ${outRefundNo}`);
      refund.status = status;
    },
    notification(outTradeNo, notificationOptions = {}) {
      const order = orders.get(outTradeNo);
      if (!order) throw new Error(`no order ${outTradeNo}`);
      const { tamper } = notificationOptions;
      return notify('TRANSACTION.SUCCESS', 'transaction', notificationOptions, {
        ...transaction(order),
        ...(tamper === 'merchant' ? { mchid: OTHER_MCHID } : {}),
        ...(tamper === 'appid' ? { appid: 'wx0000000000000000' } : {}),
        ...(tamper === 'amount'
          ? { amount: { total: order.amount + 1, payer_total: order.amount + 1, currency: 'CNY' } }
          : {}),
      });
    },
    refundNotification(outRefundNo, notificationOptions = {}) {
      const refund = refunds.get(outRefundNo);
      if (!refund) throw new Error(`no refund ${outRefundNo}`);
      const content = refundResource(refund);
      return notify(`REFUND.${refund.status}`, 'refund', notificationOptions, {
        mchid: notificationOptions.tamper === 'merchant' ? OTHER_MCHID : options.mchId,
        out_trade_no: content.out_trade_no,
        transaction_id: content.transaction_id,
        out_refund_no: content.out_refund_no,
        refund_id: content.refund_id,
        refund_status: refund.status,
        success_time: content.success_time,
        user_received_account: content.user_received_account,
        amount: {
          total: refund.total,
          refund: refund.refund,
          payer_total: refund.total,
          payer_refund: refund.refund,
        },
      });
    },
    signed(body, notificationOptions = {}) {
      return { headers: signHeaders(body, notificationOptions.timestampOffsetSec), body };
    },
    async close() {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  function transaction(order: FakeOrder): Record<string, unknown> {
    const paid = order.state === 'SUCCESS' || order.state === 'REFUND';
    return {
      appid: options.appId,
      mchid: options.mchId,
      out_trade_no: order.outTradeNo,
      ...(paid
        ? { transaction_id: order.transactionId, success_time: order.successTime, bank_type: 'OTHERS' }
        : {}),
      trade_type: order.tradeType,
      trade_state: order.state,
      trade_state_desc: order.state === 'PAYERROR' ? '支付失败，请重新下单支付' : order.state,
      attach: '',
      payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
      amount: {
        total: order.amount,
        payer_total: paid ? order.amount : 0,
        currency: 'CNY',
        payer_currency: 'CNY',
      },
    };
  }

  function refundResource(refund: FakeRefund) {
    const order = orders.get(refund.outTradeNo);
    return {
      refund_id: refund.refundId,
      out_refund_no: refund.outRefundNo,
      transaction_id: order?.transactionId ?? '',
      out_trade_no: refund.outTradeNo,
      channel: 'ORIGINAL',
      user_received_account: '支付用户零钱',
      ...(refund.status === 'SUCCESS' ? { success_time: beijing(new Date()) } : {}),
      create_time: beijing(new Date()),
      status: refund.status,
      funds_account: 'AVAILABLE',
      amount: {
        total: refund.total,
        refund: refund.refund,
        payer_total: refund.total,
        payer_refund: refund.refund,
        settlement_refund: refund.refund,
        settlement_total: refund.total,
        discount_refund: 0,
        currency: 'CNY',
      },
    };
  }

  function notify(
    eventType: string,
    originalType: string,
    { tamper, timestampOffsetSec }: NotificationOptions,
    content: Record<string, unknown>,
  ): FakeNotification {
    const nonce = randomBytes(9).toString('base64url').slice(0, 12);
    const cipher = createCipheriv('aes-256-gcm', Buffer.from(options.apiV3Key), Buffer.from(nonce));
    cipher.setAAD(Buffer.from(originalType));
    const sealed = Buffer.concat([
      cipher.update(JSON.stringify(content), 'utf8'),
      cipher.final(),
      cipher.getAuthTag(),
    ]);
    if (tamper === 'ciphertext') sealed[3] = (sealed[3] ?? 0) ^ 0x40;
    const body = JSON.stringify({
      id: randomUUID(),
      create_time: beijing(new Date()),
      resource_type: 'encrypt-resource',
      event_type: eventType,
      summary: eventType === 'TRANSACTION.SUCCESS' ? '支付成功' : '退款状态变更',
      resource: {
        original_type: originalType,
        algorithm: 'AEAD_AES_256_GCM',
        ciphertext: sealed.toString('base64'),
        associated_data: originalType,
        nonce,
      },
    });
    const headers = signHeaders(
      body,
      timestampOffsetSec,
      tamper === 'serial' ? 'PUB_KEY_ID_0000000000000000000000000000000000' : undefined,
    );
    if (tamper === 'signature') {
      const bytes = Buffer.from(headers['wechatpay-signature'], 'base64');
      bytes[10] = (bytes[10] ?? 0) ^ 0x01;
      headers['wechatpay-signature'] = bytes.toString('base64');
    }
    return { headers, body };
  }

  // --- The HTTP side. ---
  function reply(response: ServerResponse, status: number, payload?: unknown) {
    if (fake.misbehave === 'hang') {
      hanging.add(response);
      return;
    }
    const body = payload === undefined ? '' : JSON.stringify(payload);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'request-id': randomUUID(),
    };
    // WeChat Pay signs the answer to every request whose own signature it accepted.
    if (status !== 401 && fake.misbehave !== 'unsigned') {
      const signedHeaders = signHeaders(
        body,
        fake.misbehave === 'stale' ? -600 : 0,
        fake.misbehave === 'unknown_serial' ? 'PUB_KEY_ID_0000000000000000000000000000000000' : undefined,
      );
      if (fake.misbehave === 'bad_signature')
        signedHeaders['wechatpay-signature'] = sign(
          'sha256',
          Buffer.from('forged'),
          platformKeys.privateKey,
        ).toString('base64');
      Object.assign(headers, signedHeaders);
    }
    response.writeHead(status, headers).end(body);
  }

  const error = (response: ServerResponse, status: number, code: string, message: string) =>
    reply(response, status, { code, message });

  function authorized(request: IncomingMessage, body: string): string | null {
    const header = request.headers.authorization ?? '';
    const match = /^WECHATPAY2-SHA256-RSA2048 (.+)$/.exec(header);
    if (!match?.[1]) return '缺少签名';
    const fields: Record<string, string> = {};
    for (const [, name, value] of match[1].matchAll(/(\w+)="([^"]*)"/g)) if (name) fields[name] = value ?? '';
    if (fields.mchid !== options.mchId) return '商户号不匹配';
    if (fields.serial_no?.toUpperCase() !== options.merchantSerialNo.toUpperCase()) return '证书序列号不匹配';
    const timestamp = Number(fields.timestamp);
    if (!Number.isInteger(timestamp) || Math.abs(Date.now() / 1000 - timestamp) > 300)
      return '时间戳超出范围';
    const message = `${request.method}\n${request.url}\n${fields.timestamp}\n${fields.nonce_str}\n${body}\n`;
    const valid = verify(
      'sha256',
      Buffer.from(message),
      options.merchantPublicKey,
      Buffer.from(fields.signature ?? '', 'base64'),
    );
    return valid ? null : '签名错误，请检查后再试';
  }

  function createOrder(kind: string, input: Record<string, unknown>, response: ServerResponse) {
    const amount = input.amount as { total?: unknown; currency?: unknown } | undefined;
    const outTradeNo = text(input.out_trade_no);
    const scene = input.scene_info as { payer_client_ip?: unknown; h5_info?: { type?: unknown } } | undefined;
    const payer = input.payer as { openid?: unknown } | undefined;
    const problems = [
      input.appid !== options.appId || input.mchid !== options.mchId ? 'appid和mch_id不匹配' : null,
      !/^[0-9A-Za-z_\-*]{6,32}$/.test(outTradeNo) ? 'out_trade_no' : null,
      typeof input.description !== 'string' ||
      !input.description ||
      Buffer.byteLength(input.description) > 127
        ? 'description'
        : null,
      !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/.test(String(input.time_expire)) ? 'time_expire' : null,
      !/^https?:\/\/\S+$/.test(String(input.notify_url)) ? 'notify_url' : null,
      !Number.isSafeInteger(amount?.total) || Number(amount?.total) <= 0 || amount?.currency !== 'CNY'
        ? 'amount'
        : null,
      kind === 'h5' && (typeof scene?.payer_client_ip !== 'string' || !scene.h5_info?.type)
        ? 'scene_info'
        : null,
      kind === 'jsapi' && typeof payer?.openid !== 'string' ? 'payer.openid' : null,
    ].filter(Boolean);
    if (problems.length) return error(response, 400, 'PARAM_ERROR', `参数错误: ${problems.join(', ')}`);
    const existing = orders.get(outTradeNo);
    if (existing) {
      if (existing.amount !== amount?.total || existing.tradeType !== kind.toUpperCase())
        return error(response, 400, 'INVALID_REQUEST', '201 商户订单号重复');
      if (existing.state === 'SUCCESS') return error(response, 400, 'ORDERPAID', '该订单已支付');
      return reply(response, 200, existing.result);
    }
    const prepay = `wx${Date.now()}${randomBytes(6).toString('hex')}`;
    const result: Record<string, string> =
      kind === 'native'
        ? { code_url: `weixin://wxpay/bizpayurl?pr=${randomBytes(5).toString('hex')}` }
        : kind === 'h5'
          ? { h5_url: `https://wx.tenpay.com/cgi-bin/mmpayweb-bin/checkmweb?prepay_id=${prepay}&package=1` }
          : { prepay_id: prepay };
    orders.set(outTradeNo, {
      outTradeNo,
      tradeType: kind.toUpperCase() as FakeOrder['tradeType'],
      amount: Number(amount?.total),
      state: 'NOTPAY',
      transactionId: null,
      successTime: null,
      request: input,
      result,
    });
    reply(response, 200, result);
  }

  function refundOrder(input: Record<string, unknown>, response: ServerResponse) {
    const amount = (input.amount ?? {}) as { refund?: unknown; total?: unknown; currency?: unknown };
    const order = orders.get(text(input.out_trade_no));
    const outRefundNo = text(input.out_refund_no);
    if (!/^[0-9A-Za-z_\-|*@]{1,64}$/.test(outRefundNo))
      return error(response, 400, 'PARAM_ERROR', 'out_refund_no');
    if (!order) return error(response, 404, 'RESOURCE_NOT_EXISTS', '订单不存在');
    if (order.state !== 'SUCCESS' && order.state !== 'REFUND')
      return error(response, 400, 'INVALID_REQUEST', '订单未支付，不能退款');
    if (amount.total !== order.amount || amount.currency !== 'CNY')
      return error(response, 400, 'PARAM_ERROR', '订单金额或退款金额与之前请求不一致');
    const existing = refunds.get(outRefundNo);
    if (existing) return reply(response, 200, refundResource(existing));
    const refunded = [...refunds.values()]
      .filter((r) => r.outTradeNo === order.outTradeNo && r.status !== 'CLOSED')
      .reduce((sum, r) => sum + r.refund, 0);
    if (
      !Number.isSafeInteger(amount.refund) ||
      Number(amount.refund) <= 0 ||
      refunded + Number(amount.refund) > order.amount
    )
      return error(response, 400, 'INVALID_REQUEST', '申请退款金额超过订单可退金额');
    if (fake.refundOutcome === 'NOT_ENOUGH') return error(response, 403, 'NOT_ENOUGH', '基本账户余额不足');
    const refund: FakeRefund = {
      outRefundNo,
      refundId: `50300${Date.now()}${randomBytes(4).toString('hex')}`,
      outTradeNo: order.outTradeNo,
      refund: Number(amount.refund),
      total: order.amount,
      status: fake.refundOutcome,
      reason: typeof input.reason === 'string' ? input.reason : null,
      notifyUrl: typeof input.notify_url === 'string' ? input.notify_url : null,
    };
    refunds.set(outRefundNo, refund);
    if (refund.status !== 'CLOSED') order.state = 'REFUND';
    reply(response, 200, refundResource(refund));
  }

  function v2(path: string, body: string, response: ServerResponse) {
    const fields = parseXml(body);
    const answer = (payload: Record<string, string>) => {
      if (fake.misbehave === 'hang') return void hanging.add(response);
      const full = { ...payload, nonce_str: randomBytes(8).toString('hex') };
      const signed: Record<string, string> =
        fake.misbehave === 'unsigned' ? full : { ...full, sign: v2Sign(options.apiV2Key, full) };
      if (fake.misbehave === 'bad_signature') signed.sign = v2Sign('x'.repeat(32), full);
      response.writeHead(200, { 'content-type': 'text/xml' }).end(xml(signed));
    };
    if (fields.sign_type !== 'HMAC-SHA256' || fields.sign !== v2Sign(options.apiV2Key, fields)) {
      response
        .writeHead(200, { 'content-type': 'text/xml' })
        .end(xml({ return_code: 'FAIL', return_msg: '签名错误' }));
      return;
    }
    const base = { return_code: 'SUCCESS', return_msg: 'OK', appid: options.appId, mch_id: options.mchId };
    const fail = (code: string, description: string) =>
      answer({ ...base, result_code: 'FAIL', err_code: code, err_code_des: description });
    if (fields.appid !== options.appId || fields.mch_id !== options.mchId)
      return fail('APPID_MCHID_NOT_MATCH', '');
    const outTradeNo = fields.out_trade_no ?? '';
    if (path === '/pay/orderquery') {
      const order = orders.get(outTradeNo);
      return order
        ? answer({ ...base, result_code: 'SUCCESS', out_trade_no: outTradeNo, trade_state: order.state })
        : fail('ORDERNOTEXIST', '此交易订单号不存在');
    }
    // /pay/micropay
    const totalFee = Number(fields.total_fee);
    if (
      !fields.auth_code ||
      !fields.body ||
      !fields.spbill_create_ip ||
      !Number.isSafeInteger(totalFee) ||
      totalFee <= 0
    )
      return fail('PARAM_ERROR', '参数错误');
    if (orders.get(outTradeNo)?.state === 'SUCCESS') return fail('ORDERPAID', '订单已支付');
    const order: FakeOrder = {
      outTradeNo,
      tradeType: 'MICROPAY',
      amount: totalFee,
      state: 'NOTPAY',
      transactionId: null,
      successTime: null,
      request: fields,
      result: {},
    };
    orders.set(outTradeNo, order);
    switch (fields.auth_code.slice(-2)) {
      case '01':
        order.state = 'PAYERROR';
        return fail('NOTENOUGH', '用户余额不足');
      case '02':
        order.state = 'USERPAYING';
        return fail('USERPAYING', '需要用户输入支付密码');
      case '03':
        fake.pay(outTradeNo);
        return fail('SYSTEMERROR', '系统超时');
      case '05':
        order.state = 'PAYERROR';
        return fail('AUTHCODEEXPIRE', '二维码已过期，请用户在微信上刷新后再试');
      default:
        return answer({
          ...base,
          result_code: 'SUCCESS',
          out_trade_no: outTradeNo,
          transaction_id: fake.pay(outTradeNo),
          total_fee: String(totalFee),
          trade_type: 'MICROPAY',
        });
    }
  }

  const server = createServer((request, response) => {
    void (async () => {
      const body = await readBody(request);
      const url = request.url ?? '/';
      requests.push({ method: request.method ?? '', path: url, headers: request.headers, body });
      if (url.startsWith('/pay/')) return v2(url, body, response);
      const problem = authorized(request, body);
      if (problem) return error(response, 401, 'SIGN_ERROR', problem);
      const requestSerial = request.headers['wechatpay-serial'];
      if (requestSerial !== undefined && requestSerial !== serial)
        return error(response, 400, 'INVALID_REQUEST', 'Wechatpay-Serial 不正确');
      const input = (body ? JSON.parse(body) : {}) as Record<string, unknown>;
      const { pathname, searchParams } = new URL(url, 'http://fake');
      let match: RegExpExecArray | null;
      if (
        request.method === 'POST' &&
        (match = /^\/v3\/pay\/transactions\/(native|h5|jsapi)$/.exec(pathname))
      )
        return createOrder(match[1] ?? '', input, response);
      if ((match = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)(\/close|\/reverse)?$/.exec(pathname))) {
        const order = orders.get(decodeURIComponent(match[1] ?? ''));
        const action = match[2];
        if (request.method === 'GET' && !action) {
          if (searchParams.get('mchid') !== options.mchId)
            return error(response, 400, 'PARAM_ERROR', 'mchid');
          return order
            ? reply(response, 200, transaction(order))
            : error(response, 404, 'ORDER_NOT_EXIST', '订单不存在');
        }
        if (request.method === 'POST' && action === '/close') {
          if (input.mchid !== options.mchId) return error(response, 400, 'PARAM_ERROR', 'mchid');
          if (order && (order.state === 'SUCCESS' || order.state === 'REFUND'))
            return error(response, 400, 'ORDERPAID', '订单已支付');
          if (order) order.state = 'CLOSED';
          return reply(response, 204);
        }
        if (request.method === 'POST' && action === '/reverse') {
          if (input.mchid !== options.mchId || input.appid !== options.appId)
            return error(response, 400, 'PARAM_ERROR', 'appid/mchid');
          if (!order) return error(response, 404, 'ORDER_NOT_EXIST', '订单不存在');
          if (order.state === 'REFUND')
            return error(response, 400, 'INVALID_REQUEST', '订单已退款，不能撤销');
          // 撤销: an unpaid order is closed, a paid one is refunded in full.
          order.state = 'REVOKED';
          return reply(response, 200, {
            appid: options.appId,
            mchid: options.mchId,
            out_trade_no: order.outTradeNo,
          });
        }
      }
      if (request.method === 'POST' && pathname === '/v3/refund/domestic/refunds')
        return refundOrder(input, response);
      if (request.method === 'GET' && (match = /^\/v3\/refund\/domestic\/refunds\/([^/]+)$/.exec(pathname))) {
        const refund = refunds.get(decodeURIComponent(match[1] ?? ''));
        return refund
          ? reply(response, 200, refundResource(refund))
          : error(response, 404, 'RESOURCE_NOT_EXISTS', '退款单不存在');
      }
      error(response, 404, 'NOT_FOUND', 'no such API');
    })().catch(() => {
      if (!response.headersSent) response.writeHead(400).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}
