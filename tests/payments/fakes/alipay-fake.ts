// A fake Alipay OpenAPI v2 gateway for tests: a node:http server that speaks the gateway protocol as
// the real one does. Requests are form POSTs (or, for the page payments, a GET the buyer's browser
// follows) to /gateway.do carrying method, app_id, timestamp, biz_content, sign_type=RSA2 and sign;
// the fake verifies the signature with the app's public key (sorted key=value pairs, sign and empty
// values left out) and answers {"<method_with_underscores>_response": {...}, "sign": "..."}, signed
// with its own "Alipay" private key over the exact JSON text of the response object (with "/" escaped
// as "\/", as Alipay writes it). Trades live in memory; a test plays the buyer with `pay()` and asks
// for signed notifications with `notification()`.
//
// A scanned payment code's outcome is decided by its last two digits:
//   01 insufficient balance              02 the buyer must enter a password (pending until pay())
//   04 paid, but the answer comes after `hangMs` (the caller times out)
//   05 invalid or expired code           06 Alipay is busy (20000)         anything else pays at once
import { createSign, createVerify, generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeTradeStatus = 'UNOPENED' | 'WAIT_BUYER_PAY' | 'TRADE_SUCCESS' | 'TRADE_CLOSED';

export type FakeTrade = {
  outTradeNo: string;
  tradeNo: string;
  totalAmount: string;
  subject: string;
  /** UNOPENED: requested (page link, QR code), not yet opened or scanned: Alipay does not know it yet. */
  status: FakeTradeStatus;
  timeExpire: string | null;
  notifyUrl: string | null;
  gmtCreate: string;
  gmtPayment: string | null;
  refunds: { outRequestNo: string; fen: number; at: string }[];
};

/** How the next answers are spoiled: signed by someone else, changed after signing, or not signed. */
export type ResponseFault = 'forged' | 'altered' | 'unsigned';

export type NotificationOptions = {
  /**
   * signature: signed with a key that is not Alipay's; amount: total_amount changed after signing;
   * seller: genuinely signed, but for another merchant's PID; field: trade_status named a second time
   * after signing.
   */
  tamper?: 'signature' | 'amount' | 'seller' | 'field';
  /** Fields to set (or, with null, remove) before signing. */
  overrides?: Record<string, string | null>;
};

export type AlipayFake = {
  gateway: string;
  /** Every request that passed the signature check: its public parameters and biz_content. */
  requests: { method: string; params: Record<string, string>; biz: Record<string, unknown> }[];
  /** Spoils every answer while set. */
  responseFault: ResponseFault | null;
  /** How many cancels answer retry_flag=Y before one goes through. */
  cancelRetries: number;
  trade(outTradeNo: string): FakeTrade | undefined;
  /** The buyer pays (after opening the page, scanning the QR code or entering the password). */
  pay(outTradeNo: string, at?: Date): FakeTrade;
  notification(
    outTradeNo: string,
    options?: NotificationOptions,
  ): { headers: Record<string, string>; body: string };
  close(): Promise<void>;
};

export type AlipayFakeOptions = {
  appId: string;
  /** The app's public key, as uploaded to the open platform: requests must verify against it. */
  appPublicKey: string;
  /** Alipay's key pair for this app: it signs answers and notifications. */
  alipayPrivateKey: string;
  sellerId: string;
  hangMs?: number;
};

const beijing = (at: Date) =>
  new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
// Amounts on digits, as the adapter does: "12.30" ↔ 1230.
const fenOf = (yuan: string) => {
  const [whole = '0', cents = '00'] = yuan.split('.');
  return Number(whole) * 100 + Number(cents.padEnd(2, '0'));
};
const yuanOf = (fen: number) => {
  const digits = String(fen).padStart(3, '0');
  return `${digits.slice(0, -2)}.${digits.slice(-2)}`;
};

function rsaSign(content: string, privateKey: string): string {
  return createSign('RSA-SHA256').update(content, 'utf8').sign(privateKey, 'base64');
}

/** Alipay's string to sign: name=value pairs sorted by name, joined with &. */
function signingString(fields: Record<string, string>, leaveOut: string[]): string {
  return Object.keys(fields)
    .filter((k) => !leaveOut.includes(k) && fields[k] !== '')
    .sort()
    .map((k) => `${k}=${fields[k]}`)
    .join('&');
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const fail = (code: string, msg: string, subCode: string, subMsg: string) => ({
  code,
  msg,
  sub_code: subCode,
  sub_msg: subMsg,
});
/** A biz_content field as text ('' when absent or not a string). */
const str = (value: unknown) => (typeof value === 'string' ? value : '');
const business = (subCode: string, subMsg: string) => fail('40004', 'Business Failed', subCode, subMsg);

export async function startAlipayFake(options: AlipayFakeOptions): Promise<AlipayFake> {
  const hangMs = options.hangMs ?? 5000;
  const forger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
    type: 'pkcs8',
    format: 'pem',
  }) as string;
  const trades = new Map<string, FakeTrade>();
  const timers = new Set<NodeJS.Timeout>();
  const newTradeNo = () => `2099${Date.now()}${randomBytes(6).toString('hex')}`;

  const open = (
    biz: Record<string, unknown>,
    notifyUrl: string | null,
    status: FakeTradeStatus,
  ): FakeTrade => {
    const trade: FakeTrade = {
      outTradeNo: str(biz.out_trade_no),
      tradeNo: newTradeNo(),
      totalAmount: str(biz.total_amount),
      subject: str(biz.subject),
      status,
      timeExpire: typeof biz.time_expire === 'string' ? biz.time_expire : null,
      notifyUrl,
      gmtCreate: beijing(new Date()),
      gmtPayment: null,
      refunds: [],
    };
    trades.set(trade.outTradeNo, trade);
    return trade;
  };

  const refundedFen = (t: FakeTrade) => t.refunds.reduce((sum, r) => sum + r.fen, 0);

  /** Checks a trade request's business fields as Alipay would; an error answer, or null. */
  const badTrade = (biz: Record<string, unknown>) => {
    if (typeof biz.out_trade_no !== 'string' || biz.out_trade_no === '' || biz.out_trade_no.length > 64)
      return fail('40002', 'Invalid Arguments', 'isv.invalid-parameter', 'out_trade_no');
    if (typeof biz.total_amount !== 'string' || !/^(0|[1-9]\d*)\.\d{2}$/.test(biz.total_amount))
      return fail('40002', 'Invalid Arguments', 'isv.invalid-parameter', 'total_amount');
    if (typeof biz.subject !== 'string' || biz.subject === '' || /[/=&]/.test(biz.subject))
      return fail('40002', 'Invalid Arguments', 'isv.invalid-parameter', 'subject');
    if (biz.time_expire !== undefined && !/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(str(biz.time_expire)))
      return fail('40002', 'Invalid Arguments', 'isv.invalid-parameter', 'time_expire');
    return null;
  };

  const handlers: Record<string, (biz: Record<string, unknown>, params: Record<string, string>) => object> = {
    'alipay.trade.precreate': (biz, params) => {
      const bad = badTrade(biz);
      if (bad) return bad;
      if (trades.get(str(biz.out_trade_no))?.status === 'TRADE_SUCCESS')
        return business('ACQ.TRADE_HAS_SUCCESS', '交易已被支付');
      const trade = open(biz, params.notify_url ?? null, 'UNOPENED');
      return {
        code: '10000',
        msg: 'Success',
        out_trade_no: trade.outTradeNo,
        qr_code: `https://qr.alipay.com/bax0${randomBytes(8).toString('hex')}`,
      };
    },
    'alipay.trade.pay': (biz) => {
      const bad = badTrade(biz);
      if (bad) return bad;
      if (biz.scene !== 'bar_code' || typeof biz.auth_code !== 'string')
        return fail('40002', 'Invalid Arguments', 'isv.invalid-parameter', 'scene/auth_code');
      const earlier = trades.get(str(biz.out_trade_no));
      if (earlier?.status === 'TRADE_CLOSED') return business('ACQ.TRADE_HAS_CLOSE', '交易已经关闭');
      if (earlier) return business('ACQ.TRADE_HAS_SUCCESS', '交易已被支付');
      switch (biz.auth_code.slice(-2)) {
        case '01':
          return business('ACQ.BUYER_BALANCE_NOT_ENOUGH', '买家余额不足');
        case '05':
          return business(
            'ACQ.PAYMENT_AUTH_CODE_INVALID',
            '支付失败，获取顾客账户信息失败，请顾客刷新付款码后重新收款',
          );
        case '06':
          return fail('20000', 'Service Currently Unavailable', 'isp.unknow-error', '系统繁忙');
        case '02': {
          const trade = open(biz, null, 'WAIT_BUYER_PAY');
          return {
            code: '10003',
            msg: ' order success pay inprocess',
            trade_no: trade.tradeNo,
            out_trade_no: trade.outTradeNo,
          };
        }
      }
      const trade = open(biz, null, 'WAIT_BUYER_PAY');
      fake.pay(trade.outTradeNo);
      const paid = { code: '10000', msg: 'Success', trade_no: trade.tradeNo, out_trade_no: trade.outTradeNo };
      return biz.auth_code.endsWith('04') ? { hang: paid } : paid;
    },
    'alipay.trade.query': (biz) => {
      const trade = trades.get(str(biz.out_trade_no));
      if (!trade || trade.status === 'UNOPENED') return business('ACQ.TRADE_NOT_EXIST', '交易不存在');
      return {
        code: '10000',
        msg: 'Success',
        trade_no: trade.tradeNo,
        out_trade_no: trade.outTradeNo,
        buyer_logon_id: 'cus***@example.com',
        trade_status: trade.status,
        total_amount: trade.totalAmount,
        ...(trade.gmtPayment ? { send_pay_date: trade.gmtPayment } : {}),
      };
    },
    'alipay.trade.cancel': (biz) => {
      const outTradeNo = str(biz.out_trade_no);
      if (fake.cancelRetries > 0) {
        fake.cancelRetries--;
        return { ...business('ACQ.SYSTEM_ERROR', '系统错误'), retry_flag: 'Y' };
      }
      // A reversal closes an unpaid trade and refunds a paid one; an unknown one is closed in advance,
      // so a payment request still on its way cannot take money any more.
      const trade =
        trades.get(outTradeNo) ??
        open({ out_trade_no: outTradeNo, total_amount: '0.00' }, null, 'TRADE_CLOSED');
      const action = trade.status === 'TRADE_SUCCESS' ? 'refund' : 'close';
      trade.status = 'TRADE_CLOSED';
      return {
        code: '10000',
        msg: 'Success',
        trade_no: trade.tradeNo,
        out_trade_no: outTradeNo,
        retry_flag: 'N',
        action,
      };
    },
    'alipay.trade.close': (biz) => {
      const trade = trades.get(str(biz.out_trade_no));
      if (!trade || trade.status === 'UNOPENED') return business('ACQ.TRADE_NOT_EXIST', '交易不存在');
      if (trade.status === 'TRADE_SUCCESS') return business('ACQ.TRADE_STATUS_ERROR', '交易状态不合法');
      trade.status = 'TRADE_CLOSED';
      return { code: '10000', msg: 'Success', trade_no: trade.tradeNo, out_trade_no: trade.outTradeNo };
    },
    'alipay.trade.refund': (biz) => {
      const trade = trades.get(str(biz.out_trade_no));
      if (!trade || trade.status === 'UNOPENED') return business('ACQ.TRADE_NOT_EXIST', '交易不存在');
      const outRequestNo = str(biz.out_request_no) || trade.outTradeNo;
      const answer = (fundChange: 'Y' | 'N') => ({
        code: '10000',
        msg: 'Success',
        trade_no: trade.tradeNo,
        out_trade_no: trade.outTradeNo,
        buyer_logon_id: 'cus***@example.com',
        fund_change: fundChange,
        refund_fee: yuanOf(refundedFen(trade)),
      });
      // The same request number again refunds nothing more: Alipay's idempotency.
      if (trade.refunds.some((r) => r.outRequestNo === outRequestNo)) return answer('N');
      if (trade.status !== 'TRADE_SUCCESS') return business('ACQ.TRADE_STATUS_ERROR', '交易状态不合法');
      const amount = str(biz.refund_amount);
      if (!/^(0|[1-9]\d*)\.\d{2}$/.test(amount))
        return fail('40002', 'Invalid Arguments', 'isv.invalid-parameter', 'refund_amount');
      const fen = fenOf(amount);
      if (fen <= 0 || refundedFen(trade) + fen > fenOf(trade.totalAmount))
        return business('ACQ.REFUND_AMT_NOT_EQUAL_TOTAL', '退款金额超限');
      trade.refunds.push({
        outRequestNo,
        fen,
        at: `${beijing(new Date())}.${String(Date.now() % 1000).padStart(3, '0')}`,
      });
      if (refundedFen(trade) === fenOf(trade.totalAmount)) trade.status = 'TRADE_CLOSED';
      return answer('Y');
    },
    'alipay.trade.fastpay.refund.query': (biz) => {
      const trade = trades.get(str(biz.out_trade_no));
      if (!trade || trade.status === 'UNOPENED') return business('ACQ.TRADE_NOT_EXIST', '交易不存在');
      const refund = trade.refunds.find((r) => r.outRequestNo === biz.out_request_no);
      // No such refund: a bare success, as Alipay answers.
      if (!refund) return { code: '10000', msg: 'Success' };
      const options = Array.isArray(biz.query_options) ? (biz.query_options as unknown[]) : [];
      return {
        code: '10000',
        msg: 'Success',
        trade_no: trade.tradeNo,
        out_trade_no: trade.outTradeNo,
        out_request_no: refund.outRequestNo,
        total_amount: trade.totalAmount,
        refund_amount: yuanOf(refund.fen),
        // Only returned when asked for in query_options.
        ...(options.includes('refund_status') ? { refund_status: 'REFUND_SUCCESS' } : {}),
      };
    },
  };

  /** The common parameters and signature; an error answer, or null when the request is genuine. */
  const refusal = (params: Record<string, string>) => {
    if (params.app_id !== options.appId)
      return fail('40002', 'Invalid Arguments', 'isv.invalid-app-id', '无效的AppID参数');
    if (params.sign_type !== 'RSA2' || params.charset !== 'utf-8' || params.version !== '1.0')
      return fail('40002', 'Invalid Arguments', 'isv.invalid-parameter', 'sign_type/charset/version');
    // Alipay reads the timestamp as Beijing time; a server stamping its own time zone is off by hours.
    const sent = Date.parse(`${(params.timestamp ?? '').replace(' ', 'T')}+08:00`);
    if (!(Math.abs(sent - Date.now()) < 10 * 60_000))
      return fail('40002', 'Invalid Arguments', 'isv.invalid-timestamp', '非法的时间戳参数');
    const signed = createVerify('RSA-SHA256')
      .update(signingString(params, ['sign']), 'utf8')
      .verify(options.appPublicKey, params.sign ?? '', 'base64');
    if (!signed)
      return fail(
        '40002',
        'Invalid Arguments',
        'isv.invalid-signature',
        '验签出错，建议检查签名字符串或签名私钥与应用公钥是否匹配',
      );
    return null;
  };

  const reply = (response: ServerResponse, method: string, answer: Record<string, unknown>) => {
    const key = `${method.replaceAll('.', '_')}_response`;
    const escape = (value: unknown) => JSON.stringify(value).replaceAll('/', '\\/');
    const text = escape(answer);
    let body: string;
    switch (fake.responseFault) {
      case 'forged':
        body = `{"${key}":${text},"sign":"${rsaSign(text, forger)}"}`;
        break;
      case 'altered': {
        // Alipay's signature over the real answer, attached to one that claims success.
        const claim = {
          ...answer,
          code: '10000',
          msg: 'Success',
          trade_status: 'TRADE_SUCCESS',
          fund_change: 'Y',
          trade_no: answer.trade_no ?? newTradeNo(),
          qr_code: 'https://evil.example/qr',
        };
        body = `{"${key}":${escape(claim)},"sign":"${rsaSign(text, options.alipayPrivateKey)}"}`;
        break;
      }
      case 'unsigned':
        body = `{"${key}":${text}}`;
        break;
      case null:
        body = `{"${key}":${text},"sign":"${rsaSign(text, options.alipayPrivateKey)}"}`;
    }
    response.writeHead(200, { 'content-type': 'text/html;charset=utf-8' }).end(body);
  };

  const server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://fake');
      if (url.pathname !== '/gateway.do') {
        response.writeHead(404).end();
        return;
      }
      const params: Record<string, string> = Object.fromEntries(url.searchParams);
      if (request.method === 'POST')
        Object.assign(params, Object.fromEntries(new URLSearchParams(await readBody(request))));
      const method = params.method ?? '';
      const refused = refusal(params);
      let biz: Record<string, unknown> = {};
      try {
        biz = JSON.parse(params.biz_content ?? '{}') as Record<string, unknown>;
      } catch {
        // unreadable reads as empty: the handlers refuse what is missing
      }
      // page and h5 payments: the buyer's browser follows the signed link to Alipay's cashier page.
      if (request.method === 'GET') {
        const pagePay = method === 'alipay.trade.page.pay' || method === 'alipay.trade.wap.pay';
        const bad =
          refused ??
          (pagePay ? badTrade(biz) : fail('40002', 'Invalid Arguments', 'isv.invalid-method', method));
        if (bad) {
          response.writeHead(400, { 'content-type': 'text/plain' }).end(bad.sub_code);
          return;
        }
        const { sign: _sign, ...rest } = params;
        fake.requests.push({ method, params: rest, biz });
        const existing = trades.get(str(biz.out_trade_no));
        if (!existing || existing.status === 'UNOPENED')
          open(biz, params.notify_url ?? null, 'WAIT_BUYER_PAY');
        response
          .writeHead(200, { 'content-type': 'text/html;charset=utf-8' })
          .end('<title>支付宝 - 网上支付 安全快速！</title>');
        return;
      }
      if (refused) {
        reply(response, method, refused);
        return;
      }
      const handler = handlers[method];
      if (!handler) {
        reply(response, method, fail('40002', 'Invalid Arguments', 'isv.invalid-method', '不存在的方法名'));
        return;
      }
      const { sign: _sign, ...rest } = params;
      fake.requests.push({ method, params: rest, biz });
      const answer = handler(biz, params) as Record<string, unknown>;
      if ('hang' in answer) {
        const timer = setTimeout(() => {
          timers.delete(timer);
          reply(response, method, answer.hang as Record<string, unknown>);
        }, hangMs);
        timers.add(timer);
        return;
      }
      reply(response, method, answer);
    })().catch(() => {
      if (!response.headersSent) response.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const fake: AlipayFake = {
    gateway: `http://127.0.0.1:${port}/gateway.do`,
    requests: [],
    responseFault: null,
    cancelRetries: 0,
    trade: (outTradeNo) => trades.get(outTradeNo),
    pay(outTradeNo, at = new Date()) {
      const trade = trades.get(outTradeNo);
      if (!trade || (trade.status !== 'UNOPENED' && trade.status !== 'WAIT_BUYER_PAY'))
        throw new Error(`fake Alipay: ${outTradeNo} cannot be paid (${trade?.status ?? 'unknown'})`);
      if (trade.timeExpire && beijing(at) > trade.timeExpire)
        throw new Error(`fake Alipay: ${outTradeNo} has expired`);
      trade.status = 'TRADE_SUCCESS';
      trade.gmtPayment = beijing(at);
      return trade;
    },
    notification(outTradeNo, { tamper, overrides = {} } = {}) {
      const trade = trades.get(outTradeNo);
      if (!trade) throw new Error(`fake Alipay: no trade ${outTradeNo}`);
      const lastRefund = trade.refunds.at(-1);
      const fields: Record<string, string> = {
        notify_time: beijing(new Date()),
        notify_type: 'trade_status_sync',
        notify_id: randomBytes(16).toString('hex'),
        app_id: options.appId,
        charset: 'utf-8',
        version: '1.0',
        sign_type: 'RSA2',
        trade_no: trade.tradeNo,
        out_trade_no: trade.outTradeNo,
        buyer_id: '2088102177846880',
        buyer_logon_id: 'cus***@example.com',
        seller_id: tamper === 'seller' ? '2088999999999999' : options.sellerId,
        seller_email: 'tickets@example.com',
        trade_status: trade.status === 'UNOPENED' ? 'WAIT_BUYER_PAY' : trade.status,
        total_amount: trade.totalAmount,
        receipt_amount: trade.totalAmount,
        buyer_pay_amount: trade.totalAmount,
        invoice_amount: trade.totalAmount,
        point_amount: '0.00',
        refund_fee: yuanOf(refundedFen(trade)),
        subject: trade.subject,
        gmt_create: trade.gmtCreate,
        // JSON inside a form field, with characters form encoding must carry through untouched.
        fund_bill_list: `[{"amount":"${trade.totalAmount}","fundChannel":"ALIPAYACCOUNT"}]`,
        ...(trade.gmtPayment ? { gmt_payment: trade.gmtPayment } : {}),
        // Alipay writes refund times with milliseconds.
        ...(lastRefund ? { out_biz_no: lastRefund.outRequestNo, gmt_refund: lastRefund.at } : {}),
      };
      for (const [name, value] of Object.entries(overrides)) {
        if (value === null) delete fields[name];
        else fields[name] = value;
      }
      const sign = rsaSign(
        signingString(fields, ['sign', 'sign_type']),
        tamper === 'signature' ? forger : options.alipayPrivateKey,
      );
      const form = new URLSearchParams({ ...fields, sign });
      if (tamper === 'amount') form.set('total_amount', yuanOf(fenOf(trade.totalAmount) - 1));
      if (tamper === 'field') form.append('trade_status', 'TRADE_SUCCESS');
      return {
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
        body: form.toString(),
      };
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return fake;
}
