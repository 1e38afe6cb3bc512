// The payment simulator: a small local HTTP service that behaves like a payment provider, for
// development, tests and training, and the PaymentProvider client that talks to it. Requests and
// answers are signed with HMAC-SHA256 over the body (like a provider's signature), and the client
// refuses an answer whose signature does not match.
//
// What a scanned payment code does is decided by its last two digits:
//   01 insufficient funds            02 the customer enters a password, then it succeeds
//   03 password, then the customer cancels    04 the provider does not answer in time (it succeeded)
//   05 the code is invalid or expired          anything else succeeds at once
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  MicropayRequest,
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
};

export type RunningSimulator = {
  url: string;
  secret: string;
  close(): Promise<void>;
  /** What the simulator holds for a payment (tests). */
  payment(providerOrderId: string): { amount: number; status: string } | undefined;
};

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
    payment: (id) => {
      const p = payments.get(id);
      return p ? { amount: p.amount, status: settle(p).status } : undefined;
    },
    async close() {
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
}
