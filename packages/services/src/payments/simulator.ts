// The payment simulator: a small local HTTP service that behaves like a payment provider, for
// development, tests and training, and the PaymentProvider client that talks to it. Requests and
// answers are signed with HMAC-SHA256 over the body (like a provider's signature), and the client
// refuses an answer whose signature does not match.
//
// What a scanned payment code does is decided by its last two digits:
//   01 insufficient funds            02 the customer enters a password, then it succeeds
//   03 password, then the customer cancels    04 the provider does not answer in time (it succeeded)
//   05 the code is invalid or expired          anything else succeeds at once
//
// Online payments get a payment page (GET /pay/:outTradeNo: pay or cancel, for the browser tests and
// for training) and asynchronous notifications signed like the answers, retried on the Alipay or
// WeChat Pay schedule (time-compressed by `timeScale`) until the receiver answers "success". Switches
// (`faults`) delay, duplicate, drop, reorder or corrupt them, to rehearse what real providers do.
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppError } from '@admit/domain';
import type {
  CreatedPayment,
  CreatePaymentRequest,
  MicropayRequest,
  NotificationAnswer,
  NotificationInput,
  NotificationVerification,
  PaymentProvider,
  ProviderPaymentState,
  ProviderRefundState,
  RefundRequest,
} from './provider';

type SimPayment = {
  amount: number;
  status: 'paying' | 'success' | 'closed' | 'failed';
  reason: string | null;
  finalAt: number;
  finalStatus: 'success' | 'closed';
  tradeNo: string;
  /** Online payments: where to notify, and until when the customer may pay. */
  notifyUrl: string | null;
  returnUrl: string | null;
  expiresAt: number | null;
  subject: string;
};

/** Offsets of the delivery attempts of one notification, after the first (ms, before `timeScale`). */
export const notificationSchedules = {
  // Alipay: 8 notifications over about 25 hours until it reads "success".
  alipay: [4, 10, 10, 60, 120, 360, 900].map((m) => m * 60_000),
  // WeChat Pay: 15 notifications over about 24 hours (15s/15s/30s/3m/10m/20m/30m/30m/30m/60m/3h/3h/3h/6h).
  wechat: [0.25, 0.25, 0.5, 3, 10, 20, 30, 30, 30, 60, 180, 180, 180, 360].map((m) => m * 60_000),
} as const;

export type NotificationFaults = {
  /** Wait this long before the first attempt. */
  delayMs?: number;
  /** Send each attempt this many times at once. */
  duplicates?: number;
  /** Lose the first N attempts of each notification (never sent; the schedule goes on). */
  dropAttempts?: number;
  /** Deliver notifications out of order: each waits a random 0..reorderMs more. */
  reorderMs?: number;
  /** Send a corrupted copy before each real attempt. */
  corrupt?: 'signature' | 'amount' | 'merchant' | 'body' | null;
};

export type SentNotification = {
  outTradeNo: string;
  attempt: number;
  status: number | null;
  accepted: boolean;
};

export type SimulatorOptions = {
  /** How long a customer takes to enter the password. */
  passwordMs?: number;
  /** How long the provider stays silent for codes ending 04. */
  hangMs?: number;
  /** Refund attempts that fail before refunds succeed (to exercise the retry job). */
  failRefunds?: number;
  secret?: string;
  port?: number;
  /** The merchant the simulator says it pays (checked against the account by the receiver). */
  merchantId?: string;
  /** Which provider's retry schedule notifications follow. */
  schedule?: keyof typeof notificationSchedules;
  /** Multiplies every delay of the schedule (tests: 0.0001). */
  timeScale?: number;
  faults?: NotificationFaults;
  /** The clock payment expiry is judged by (tests pass theirs); signatures always use real time. */
  now?: () => number;
};

export type RunningSimulator = {
  url: string;
  secret: string;
  close(): Promise<void>;
  merchantId: string;
  /** What the simulator holds for a payment (tests). */
  payment(providerOrderId: string): { amount: number; status: string } | undefined;
  /**
   * The customer pays an online payment (what the payment page's button does). `late`: even after its
   * expiry or after it was closed — the race a real provider can lose, for the late-payment tests.
   */
  pay(providerOrderId: string, options?: { late?: boolean }): boolean;
  /** Changes the notification faults from now on. */
  setFaults(faults: NotificationFaults): void;
  /** Every delivery attempt so far. */
  sent(): SentNotification[];
};

/** The signature of a simulator notification: over timestamp, nonce and body, like WeChat Pay's. */
export function signNotification(secret: string, timestamp: string, nonce: string, body: string): string {
  return signBody(secret, `${timestamp}\n${nonce}\n${body}\n`);
}

function signBody(secret: string, body: string): string {
  return createHmac('sha256', secret).update(body).digest('base64');
}

function signatureMatches(secret: string, body: string, signature: string | undefined): boolean {
  if (!signature) return false;
  const expected = Buffer.from(signBody(secret, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > 64 * 1024) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function startPaymentSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const secret = options.secret ?? randomBytes(24).toString('base64');
  const passwordMs = options.passwordMs ?? 3000;
  const hangMs = options.hangMs ?? 15_000;
  const payments = new Map<string, SimPayment>();
  const refunds = new Map<string, { payment: string; amount: number; tradeNo: string }>();
  let refundFailuresLeft = options.failRefunds ?? 0;
  const timers = new Set<NodeJS.Timeout>();
  const merchantId = options.merchantId ?? 'SIM-MERCHANT';
  const schedule = notificationSchedules[options.schedule ?? 'alipay'];
  const timeScale = options.timeScale ?? 1;
  let faults: NotificationFaults = options.faults ?? {};
  const sentLog: SentNotification[] = [];
  let closed = false;
  const later = (ms: number, run: () => void) => {
    if (closed) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, ms);
    timers.add(timer);
  };

  /** One delivery attempt: accepted when the receiver answers 2xx with "success" (Alipay's rule). */
  const deliver = async (
    url: string,
    body: string,
    corrupt: NotificationFaults['corrupt'],
  ): Promise<{ status: number | null; accepted: boolean }> => {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = randomBytes(12).toString('hex');
    let sent = body;
    let key = secret;
    if (corrupt === 'signature') key = `${secret}-forged`;
    else if (corrupt === 'amount' || corrupt === 'merchant') {
      // Validly signed but wrong: what only the receiver's own checks can catch.
      const event = JSON.parse(body) as Record<string, unknown>;
      if (corrupt === 'amount') event.amount = Number(event.amount) - 1;
      else event.merchantId = 'SIM-OTHER-MERCHANT';
      sent = JSON.stringify(event);
    } else if (corrupt === 'body') sent = body.slice(0, Math.floor(body.length / 2));
    const signature = signNotification(key, timestamp, nonce, corrupt === 'body' ? body : sent);
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-sim-timestamp': timestamp,
          'x-sim-nonce': nonce,
          'x-sim-signature': signature,
        },
        body: sent,
        signal: AbortSignal.timeout(10_000),
      });
      const text = await response.text();
      return { status: response.status, accepted: response.ok && text.trim() === 'success' };
    } catch {
      return { status: null, accepted: false };
    }
  };

  /** Sends a notification on the schedule until it is accepted, with the faults switched on. */
  const notify = (outTradeNo: string, event: Record<string, unknown>) => {
    const url = payments.get(outTradeNo)?.notifyUrl;
    if (!url) return;
    const body = JSON.stringify({ ...event, outTradeNo, merchantId, notifyId: randomUUID() });
    const attempt = (n: number) => {
      const f = faults;
      void (async () => {
        let accepted = false;
        if (n < (f.dropAttempts ?? 0)) {
          sentLog.push({ outTradeNo, attempt: n, status: null, accepted: false });
        } else {
          if (f.corrupt) {
            const bad = await deliver(url, body, f.corrupt);
            sentLog.push({ outTradeNo, attempt: n, ...bad });
          }
          const copies = Math.max(1, f.duplicates ?? 1);
          const results = await Promise.all(Array.from({ length: copies }, () => deliver(url, body, null)));
          for (const r of results) sentLog.push({ outTradeNo, attempt: n, ...r });
          accepted = results.some((r) => r.accepted);
        }
        const next = schedule[n];
        if (!accepted && next !== undefined) later(next * timeScale, () => attempt(n + 1));
      })();
    };
    const f = faults;
    later((f.delayMs ?? 0) + (f.reorderMs ? Math.random() * f.reorderMs : 0), () => attempt(0));
  };

  const clockNow = options.now ?? Date.now;
  const pay = (outTradeNo: string, opts: { late?: boolean } = {}): boolean => {
    const p = payments.get(outTradeNo);
    if (!p || !p.notifyUrl) return false;
    if (!opts.late && (p.status !== 'paying' || (p.expiresAt !== null && clockNow() > p.expiresAt)))
      return false;
    if (p.status === 'success') return false;
    p.status = 'success';
    p.finalAt = Date.now();
    notify(outTradeNo, {
      event: 'payment',
      tradeNo: p.tradeNo,
      amount: p.amount,
      status: 'success',
      paidAt: new Date().toISOString(),
    });
    return true;
  };

  const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const fen = (amount: number) => `¥${Math.floor(amount / 100)}.${String(amount % 100).padStart(2, '0')}`;
  /** The payment page a customer (or a trainee) sees: pay or cancel. Plain HTML, no script. */
  const payPage = (id: string, p: SimPayment | undefined, done?: string) => `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>支付模拟器 Payment simulator</title></head>
<body style="font-family:sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem">
<h1>支付模拟器 <small>Payment simulator</small></h1>
${
  !p
    ? '<p id="state">未找到订单 / Unknown payment</p>'
    : `<p>${escapeHtml(p.subject)}</p><p style="font-size:2rem" id="amount">${fen(p.amount)}</p>
<p id="state" data-status="${p.status}">${escapeHtml(done ?? (p.status === 'paying' ? '等待付款 / Waiting for payment' : p.status))}</p>
${
  p.status === 'paying'
    ? `<form method="post" action="/pay/${encodeURIComponent(id)}">
<button name="action" value="pay" style="font-size:1.5rem" autofocus>确认付款 Pay</button>
<button name="action" value="cancel">取消 Cancel</button></form>`
    : p.returnUrl
      ? `<p><a id="return" href="${escapeHtml(p.returnUrl)}">返回商户 / Back to the shop</a></p>`
      : ''
}`
}
</body></html>`;

  const settle = (p: SimPayment) => {
    if (p.status === 'paying' && Date.now() >= p.finalAt) p.status = p.finalStatus;
    return p;
  };
  const answer = (p: SimPayment | undefined) => {
    if (!p) return { result: 'NOT_FOUND' };
    settle(p);
    switch (p.status) {
      case 'success':
        return { result: 'SUCCESS', tradeNo: p.tradeNo, amount: p.amount };
      case 'paying':
        return { result: 'USERPAYING' };
      case 'closed':
        return { result: 'CLOSED', reason: 'user_cancelled' };
      case 'failed':
        return { result: 'FAIL', reason: p.reason ?? 'failed' };
    }
  };

  const server: Server = createServer((request, response) => {
    void (async () => {
      const body = await readBody(request);
      const pagePath = /^\/pay\/([A-Za-z0-9_-]{1,64})$/.exec(request.url ?? '');
      if (pagePath) {
        const id = pagePath[1]!;
        let done: string | undefined;
        if (request.method === 'POST') {
          const action = new URLSearchParams(body).get('action');
          const p = payments.get(id);
          if (action === 'pay') done = pay(id) ? '已付款 / Paid' : '无法付款 / Cannot pay (expired or final)';
          else if (action === 'cancel' && p?.status === 'paying') {
            p.status = 'closed';
            p.reason = 'user_cancelled';
            done = '已取消 / Cancelled';
          }
        }
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        response.end(payPage(id, payments.get(id), done));
        return;
      }
      // What a browser asks for by itself on the payment page: nothing to show, not an error.
      if (request.method === 'GET' && request.url === '/favicon.ico') {
        response.writeHead(204).end();
        return;
      }
      const reply = (status: number, payload: unknown) => {
        const text = JSON.stringify(payload);
        response.writeHead(status, {
          'content-type': 'application/json',
          'x-sim-signature': signBody(secret, text),
        });
        response.end(text);
      };
      if (
        request.method !== 'POST' ||
        !signatureMatches(secret, body, request.headers['x-sim-signature'] as string)
      ) {
        reply(401, { result: 'INVALID_SIGNATURE' });
        return;
      }
      const input = JSON.parse(body) as { outTradeNo?: string; amount?: number; authCode?: string };
      const id = String(input.outTradeNo ?? '');
      switch (request.url ?? '') {
        case '/v1/micropay': {
          if (payments.has(id)) {
            reply(200, answer(payments.get(id)));
            return;
          }
          const code = String(input.authCode ?? '');
          const suffix = code.slice(-2);
          const now = Date.now();
          const tradeNo = `SIM${now}${randomBytes(4).toString('hex')}`;
          const p: SimPayment = {
            amount: Number(input.amount),
            status: 'success',
            reason: null,
            finalAt: now,
            finalStatus: 'success',
            tradeNo,
            notifyUrl: null,
            returnUrl: null,
            expiresAt: null,
            subject: String((input as { subject?: string }).subject ?? ''),
          };
          if (suffix === '01') Object.assign(p, { status: 'failed', reason: 'insufficient_funds' });
          else if (suffix === '05') Object.assign(p, { status: 'failed', reason: 'auth_code_invalid' });
          else if (suffix === '02' || suffix === '03') {
            Object.assign(p, {
              status: 'paying',
              finalAt: now + passwordMs,
              finalStatus: suffix === '02' ? 'success' : 'closed',
            });
          }
          payments.set(id, p);
          if (suffix === '04') {
            const timer = setTimeout(() => {
              timers.delete(timer);
              reply(200, answer(p));
            }, hangMs);
            timers.add(timer);
            return;
          }
          reply(200, answer(p));
          return;
        }
        case '/v1/create': {
          const create = input as {
            subject?: string;
            notifyUrl?: string;
            returnUrl?: string | null;
            expiresAt?: number;
          };
          if (!payments.has(id)) {
            const amount = Number(input.amount);
            if (!Number.isSafeInteger(amount) || amount <= 0 || !create.notifyUrl) {
              reply(200, { result: 'FAIL', reason: 'invalid_request' });
              return;
            }
            payments.set(id, {
              amount,
              status: 'paying',
              reason: null,
              finalAt: Number.POSITIVE_INFINITY,
              finalStatus: 'success',
              tradeNo: `SIM${Date.now()}${randomBytes(4).toString('hex')}`,
              notifyUrl: create.notifyUrl,
              returnUrl: create.returnUrl ?? null,
              expiresAt: typeof create.expiresAt === 'number' ? create.expiresAt : null,
              subject: String(create.subject ?? ''),
            });
          }
          reply(200, { result: 'SUCCESS', payUrl: `http://${request.headers.host}/pay/${id}` });
          return;
        }
        case '/v1/close': {
          const p = payments.get(id);
          if (p && settle(p).status === 'success') {
            reply(200, { result: 'TRADE_PAID' });
            return;
          }
          if (p?.status === 'paying') {
            p.status = 'closed';
            p.reason = 'closed';
          }
          reply(200, { result: 'SUCCESS' });
          return;
        }
        case '/v1/refund-query': {
          const done = refunds.get(String((input as { refundId?: string }).refundId ?? ''));
          reply(200, done ? { result: 'SUCCESS', tradeNo: done.tradeNo } : { result: 'NOT_FOUND' });
          return;
        }
        case '/v1/query':
          reply(200, answer(payments.get(id)));
          return;
        case '/v1/refund': {
          const refund = input as { refundId?: string; amount?: number };
          const refundId = String(refund.refundId ?? '');
          const done = refunds.get(refundId);
          if (done) {
            reply(200, { result: 'SUCCESS', tradeNo: done.tradeNo });
            return;
          }
          const p = payments.get(id);
          if (!p || settle(p).status !== 'success') {
            reply(200, { result: 'FAIL', reason: 'payment_not_refundable' });
            return;
          }
          if (refundFailuresLeft > 0) {
            refundFailuresLeft--;
            reply(200, { result: 'FAIL', reason: 'system_busy' });
            return;
          }
          const refunded = [...refunds.values()]
            .filter((r) => r.payment === id)
            .reduce((sum, r) => sum + r.amount, 0);
          const amount = Number(refund.amount);
          if (!Number.isSafeInteger(amount) || amount <= 0 || refunded + amount > p.amount) {
            reply(200, { result: 'FAIL', reason: 'amount_exceeds_payment' });
            return;
          }
          const tradeNo = `SIMR${Date.now()}${randomBytes(4).toString('hex')}`;
          refunds.set(refundId, { payment: id, amount, tradeNo });
          reply(200, { result: 'SUCCESS', tradeNo });
          notify(id, { event: 'refund', refundId, tradeNo, amount, status: 'success' });
          return;
        }
        case '/v1/cancel': {
          const p = payments.get(id);
          if (p) {
            settle(p);
            // Reversal (撤销): the money goes back whatever state the payment was in.
            p.status = 'closed';
            p.reason = 'reversed';
          }
          reply(200, { result: 'SUCCESS' });
          return;
        }
        default:
          reply(404, { result: 'NOT_FOUND' });
      }
    })().catch(() => {
      if (!response.headersSent) response.writeHead(400).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    secret,
    merchantId,
    pay,
    setFaults: (next) => {
      faults = next;
    },
    sent: () => [...sentLog],
    payment: (id) => {
      const p = payments.get(id);
      return p ? { amount: p.amount, status: settle(p).status } : undefined;
    },
    async close() {
      closed = true;
      for (const t of timers) clearTimeout(t);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The PaymentProvider that talks to a running simulator. */
export class SimulatorProvider implements PaymentProvider {
  readonly name = 'simulator';

  constructor(
    private readonly url: string,
    private readonly secret: string,
    private readonly timeoutMs = 8000,
    readonly merchantId = 'SIM-MERCHANT',
  ) {}

  private async call(
    path: string,
    payload: Record<string, unknown>,
  ): Promise<Record<string, unknown> | null> {
    const body = JSON.stringify(payload);
    try {
      const response = await fetch(`${this.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-sim-signature': signBody(this.secret, body) },
        body,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const text = await response.text();
      if (!signatureMatches(this.secret, text, response.headers.get('x-sim-signature') ?? undefined))
        return null;
      return JSON.parse(text) as Record<string, unknown>;
    } catch {
      return null;
    }
  }

  private state(answer: Record<string, unknown> | null): ProviderPaymentState {
    if (!answer) return { state: 'unknown' };
    switch (answer.result) {
      case 'SUCCESS':
        return { state: 'succeeded', providerReference: String(answer.tradeNo) };
      case 'USERPAYING':
        return { state: 'pending', waitingForCustomer: true };
      case 'CLOSED':
      case 'FAIL':
        return { state: 'failed', reason: typeof answer.reason === 'string' ? answer.reason : 'failed' };
      case 'NOT_FOUND':
        return { state: 'failed', reason: 'not_found' };
      default:
        return { state: 'unknown' };
    }
  }

  async micropay(request: MicropayRequest): Promise<ProviderPaymentState> {
    return this.state(
      await this.call('/v1/micropay', {
        outTradeNo: request.providerOrderId,
        amount: request.amount,
        authCode: request.authCode,
        subject: request.subject,
      }),
    );
  }

  async query(providerOrderId: string): Promise<ProviderPaymentState> {
    return this.state(await this.call('/v1/query', { outTradeNo: providerOrderId }));
  }

  async refund(request: RefundRequest): Promise<ProviderRefundState> {
    const answer = await this.call('/v1/refund', {
      outTradeNo: request.providerOrderId,
      refundId: request.refundId,
      amount: request.amount,
      reason: request.reason,
    });
    if (!answer) return { state: 'pending' };
    if (answer.result === 'SUCCESS') return { state: 'succeeded', providerReference: String(answer.tradeNo) };
    return { state: 'failed', reason: typeof answer.reason === 'string' ? answer.reason : 'failed' };
  }

  async cancel(providerOrderId: string): Promise<boolean> {
    const answer = await this.call('/v1/cancel', { outTradeNo: providerOrderId });
    return answer?.result === 'SUCCESS';
  }

  async createPayment(request: CreatePaymentRequest): Promise<CreatedPayment> {
    const answer = await this.call('/v1/create', {
      outTradeNo: request.providerOrderId,
      amount: request.amount,
      subject: request.subject,
      kind: request.kind,
      notifyUrl: request.notifyUrl,
      returnUrl: request.returnUrl,
      expiresAt: request.expiresAt.getTime(),
    });
    if (answer?.result !== 'SUCCESS' || typeof answer.payUrl !== 'string')
      throw new AppError('payment_provider_unavailable', { details: { provider: this.name } });
    if (request.kind === 'native') return { kind: 'qr', codeUrl: answer.payUrl };
    if (request.kind === 'jsapi') {
      const params = {
        appId: 'SIMULATOR',
        timeStamp: String(Math.floor(Date.now() / 1000)),
        nonceStr: randomBytes(12).toString('hex'),
        package: `prepay_id=${request.providerOrderId}`,
        signType: 'HMAC-SHA256',
      };
      const paySign = signBody(this.secret, Object.values(params).join('\n'));
      return { kind: 'jsapi', params: { ...params, paySign, payUrl: answer.payUrl } };
    }
    return { kind: 'redirect', url: answer.payUrl };
  }

  async close(providerOrderId: string): Promise<boolean> {
    const answer = await this.call('/v1/close', { outTradeNo: providerOrderId });
    return answer?.result === 'SUCCESS';
  }

  async queryRefund(request: { providerOrderId: string; refundId: string }): Promise<ProviderRefundState> {
    const answer = await this.call('/v1/refund-query', {
      outTradeNo: request.providerOrderId,
      refundId: request.refundId,
    });
    if (!answer) return { state: 'pending' };
    if (answer.result === 'SUCCESS') return { state: 'succeeded', providerReference: String(answer.tradeNo) };
    return { state: 'failed', reason: 'not_found' };
  }

  async verifyNotification(input: NotificationInput): Promise<NotificationVerification> {
    const timestamp = input.headers['x-sim-timestamp'];
    const nonce = input.headers['x-sim-nonce'];
    const signature = input.headers['x-sim-signature'];
    if (!timestamp || !nonce || !signature) return { ok: false, reason: 'malformed' };
    const expected = Buffer.from(signNotification(this.secret, timestamp, nonce, input.body));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given))
      return { ok: false, reason: 'bad_signature' };
    // A replay of an old (validly signed) notification is refused like the providers' 5-minute rule.
    if (!/^\d{1,12}$/.test(timestamp) || Math.abs(Date.now() / 1000 - Number(timestamp)) > 300)
      return { ok: false, reason: 'stale' };
    let event: Record<string, unknown>;
    try {
      event = JSON.parse(input.body) as Record<string, unknown>;
    } catch {
      return { ok: false, reason: 'malformed' };
    }
    const text = (key: string) => (typeof event[key] === 'string' ? event[key] : null);
    const amount = event.amount;
    const outTradeNo = text('outTradeNo');
    const tradeNo = text('tradeNo');
    const merchantId = text('merchantId');
    if (!outTradeNo || !tradeNo || !merchantId || typeof amount !== 'number' || !Number.isSafeInteger(amount))
      return { ok: false, reason: 'malformed' };
    if (event.event === 'refund') {
      const refundId = text('refundId');
      if (!refundId) return { ok: false, reason: 'malformed' };
      return {
        ok: true,
        notification: {
          type: 'refund',
          providerOrderId: outTradeNo,
          refundId,
          providerReference: tradeNo,
          amount,
          state: event.status === 'success' ? 'succeeded' : 'failed',
          merchantId,
        },
      };
    }
    if (event.event !== 'payment') return { ok: false, reason: 'malformed' };
    const paidAt = text('paidAt');
    return {
      ok: true,
      notification: {
        type: 'payment',
        providerOrderId: outTradeNo,
        providerReference: tradeNo,
        amount,
        state: event.status === 'success' ? 'succeeded' : event.status === 'closed' ? 'closed' : 'failed',
        merchantId,
        paidAt: paidAt ? new Date(paidAt) : null,
      },
    };
  }

  notificationAnswer(accepted: boolean): NotificationAnswer {
    return { status: 200, contentType: 'text/plain', body: accepted ? 'success' : 'fail' };
  }

  async testConnection(): Promise<{ ok: boolean; message: string }> {
    const answer = await this.call('/v1/query', { outTradeNo: `connection-test-${Date.now()}` });
    return answer
      ? { ok: true, message: 'The simulator answered with a valid signature.' }
      : { ok: false, message: 'No answer, or an answer with a wrong signature (check the secret).' };
  }
}
