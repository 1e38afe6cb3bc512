// The Alipay adapter (支付宝 OpenAPI v2 through the official alipay-sdk): counter payments from a
// scanned payment code (当面付 条码支付), online payments by desktop page (电脑网站支付), mobile
// browser page (手机网站支付) or QR code (当面付 扫码支付), queries, reversals, closes, refunds and
// notifications. The SDK signs every request (RSA2) and verifies every answer's signature; an answer
// that fails verification counts as no answer, so a forged success can at worst make a state unknown.
import { AppError } from '@admit/domain';
import type { AlipaySdk } from 'alipay-sdk';
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
} from '../provider';
import { resolveAlipayConfig, type AlipayConfig, type ResolvedAlipayConfig } from './config';
import { callGateway, createAlipaySdk, type GatewayAnswer } from './gateway';
import { verifyAlipayNotification } from './notifications';
import { beijingTime, yuanFromFen } from './wire';

type Answered = Extract<GatewayAnswer, { ok: true }>;

// Alipay sub_codes for failures every provider names alike (the sell screen explains these to the
// cashier); any other failure keeps Alipay's sub_code as its reason.
const commonReasons: Record<string, string> = {
  'ACQ.BUYER_BALANCE_NOT_ENOUGH': 'insufficient_funds',
  'ACQ.BUYER_BANKCARD_BALANCE_NOT_ENOUGH': 'insufficient_funds',
  'ACQ.PAYMENT_AUTH_CODE_INVALID': 'auth_code_invalid',
};

function reason(answer: Answered): string {
  return (answer.subCode && commonReasons[answer.subCode]) ?? answer.subCode ?? `code_${answer.code}`;
}

/**
 * Answers that decide nothing: 20000 (service unavailable), a system error, or "already paid" for a
 * repeated payment request — the trade must be queried.
 */
function undecided(answer: Answered): boolean {
  return (
    answer.code === '20000' ||
    answer.subCode === 'ACQ.SYSTEM_ERROR' ||
    answer.subCode === 'ACQ.TRADE_HAS_SUCCESS'
  );
}

const unknown: ProviderPaymentState = { state: 'unknown' };

function tradeNo(answer: Answered): string | null {
  const value = answer.data.trade_no;
  return typeof value === 'string' && value !== '' ? value : null;
}

/** Alipay refuses subjects with "/", "=" or "&" and longer than 256 characters. */
function subjectFor(subject: string): string {
  return subject.replace(/[/=&]/g, ' ').trim().slice(0, 256);
}

// A harmless order number for testConnection: Alipay will not know it.
const CONNECTION_TEST_ORDER = 'admit-connection-test';

const refusalHints: Record<string, string> = {
  'isv.invalid-signature':
    'the app private key does not match the app public key uploaded at the Alipay open platform',
  'isv.invalid-app-id': 'Alipay knows no app with this app id',
  'isv.insufficient-isv-permissions': 'the app has not signed up for this product',
};

export class AlipayProvider implements PaymentProvider {
  readonly name = 'alipay';
  /** The merchant's PID (seller_id). */
  readonly merchantId: string;
  private readonly config: ResolvedAlipayConfig;
  private readonly sdk: AlipaySdk;

  constructor(config: AlipayConfig) {
    this.config = resolveAlipayConfig(config);
    this.merchantId = this.config.sellerId;
    this.sdk = createAlipaySdk(this.config);
  }

  private yuan(fen: number): string {
    const yuan = yuanFromFen(fen);
    if (yuan === null)
      throw new AppError('validation_failed', { details: { amount: 'not a payable amount' } });
    return yuan;
  }

  async micropay(request: MicropayRequest): Promise<ProviderPaymentState> {
    const answer = await callGateway(this.sdk, 'alipay.trade.pay', {
      out_trade_no: request.providerOrderId,
      scene: 'bar_code',
      auth_code: request.authCode,
      product_code: 'FACE_TO_FACE_PAYMENT',
      subject: subjectFor(request.subject),
      total_amount: this.yuan(request.amount),
    });
    if (!answer.ok || undecided(answer)) return unknown;
    switch (answer.code) {
      case '10000': {
        const reference = tradeNo(answer);
        return reference ? { state: 'succeeded', providerReference: reference } : unknown;
      }
      case '10003':
        // WAIT_BUYER_PAY: the customer is asked for the password on the phone.
        return { state: 'pending', waitingForCustomer: true };
      // Refused before any money moved: a business failure (balance, invalid or used code, risk
      // control), invalid or missing arguments, or a product the app may not use.
      case '40004':
      case '40001':
      case '40002':
      case '40006':
      case '20001':
        return { state: 'failed', reason: reason(answer) };
      default:
        return unknown;
    }
  }

  async createPayment(request: CreatePaymentRequest): Promise<CreatedPayment> {
    if (Number.isNaN(request.expiresAt.getTime()))
      throw new AppError('validation_failed', { details: { expiresAt: 'not a time' } });
    const trade = {
      out_trade_no: request.providerOrderId,
      total_amount: this.yuan(request.amount),
      subject: subjectFor(request.subject),
      // Absolute: Alipay refuses the payment after the hold expires.
      time_expire: beijingTime(request.expiresAt),
    };
    switch (request.kind) {
      case 'page':
        return this.redirect(
          'alipay.trade.page.pay',
          { ...trade, product_code: 'FAST_INSTANT_TRADE_PAY' },
          request,
        );
      case 'h5':
        return this.redirect(
          'alipay.trade.wap.pay',
          // quit_url: where "back" on Alipay's mobile page leads when the customer gives up.
          {
            ...trade,
            product_code: 'QUICK_WAP_WAY',
            ...(request.returnUrl ? { quit_url: request.returnUrl } : {}),
          },
          request,
        );
      case 'native': {
        const answer = await callGateway(this.sdk, 'alipay.trade.precreate', trade, {
          notify_url: request.notifyUrl,
        });
        if (!answer.ok || undecided(answer))
          throw new AppError('payment_provider_unavailable', { details: { provider: 'alipay' } });
        const qrCode = answer.data.qr_code;
        if (answer.code === '10000' && typeof qrCode === 'string' && qrCode !== '')
          return { kind: 'qr', codeUrl: qrCode };
        throw new AppError('payment_declined', { details: { provider: 'alipay', reason: reason(answer) } });
      }
      case 'jsapi':
        // JSAPI is WeChat's in-app payment. Inside the Alipay app the h5 page does the same job.
        throw new AppError('validation_failed', {
          details: {
            kind: 'jsapi is WeChat Pay only: use page, h5 or native with Alipay',
            provider: 'alipay',
          },
        });
    }
  }

  /** page and h5: a GET link to the gateway carrying the signed request; nothing is sent to Alipay yet. */
  private redirect(
    method: string,
    bizContent: Record<string, string>,
    request: CreatePaymentRequest,
  ): CreatedPayment {
    const url = this.sdk.pageExec(method, 'GET', {
      bizContent,
      notifyUrl: request.notifyUrl,
      ...(request.returnUrl ? { returnUrl: request.returnUrl } : {}),
      timestamp: beijingTime(new Date()),
    });
    return { kind: 'redirect', url };
  }

  async query(providerOrderId: string): Promise<ProviderPaymentState> {
    const answer = await callGateway(this.sdk, 'alipay.trade.query', { out_trade_no: providerOrderId });
    if (!answer.ok) return unknown;
    if (answer.code === '10000') {
      const reference = tradeNo(answer);
      switch (answer.data.trade_status) {
        case 'TRADE_SUCCESS':
        case 'TRADE_FINISHED':
          return reference ? { state: 'succeeded', providerReference: reference } : unknown;
        case 'WAIT_BUYER_PAY':
          return { state: 'pending', waitingForCustomer: true };
        case 'TRADE_CLOSED':
          return { state: 'failed', reason: 'trade_closed' };
        default:
          return unknown;
      }
    }
    // Not final, so not a failure: a micropay that timed out may still reach Alipay, and a page or QR
    // trade exists there only once the buyer opens or scans it. cancel() or close() decides.
    if (answer.subCode === 'ACQ.TRADE_NOT_EXIST') return { state: 'pending', waitingForCustomer: false };
    return unknown;
  }

  async cancel(providerOrderId: string): Promise<boolean> {
    const answer = await callGateway(this.sdk, 'alipay.trade.cancel', { out_trade_no: providerOrderId });
    // action says how (close: unpaid; refund: the money went back). retry_flag Y: not done yet, try
    // again — the caller's sweep does.
    return answer.ok && answer.code === '10000' && answer.data.retry_flag !== 'Y';
  }

  async close(providerOrderId: string): Promise<boolean> {
    const answer = await callGateway(this.sdk, 'alipay.trade.close', { out_trade_no: providerOrderId });
    if (!answer.ok) return false;
    // TRADE_NOT_EXIST: the buyer never opened the page or scanned the code, so nothing was paid. The
    // signed link stays usable until time_expire, though: a payment may still arrive before then.
    return answer.code === '10000' || answer.subCode === 'ACQ.TRADE_NOT_EXIST';
  }

  async refund(request: RefundRequest): Promise<ProviderRefundState> {
    const answer = await callGateway(this.sdk, 'alipay.trade.refund', {
      out_trade_no: request.providerOrderId,
      // Alipay's idempotency key: a repeat with the same number refunds once.
      out_request_no: request.refundId,
      refund_amount: this.yuan(request.amount),
      refund_reason: request.reason.slice(0, 256),
    });
    if (!answer.ok || undecided(answer)) return { state: 'pending' };
    if (answer.code !== '10000') return { state: 'failed', reason: reason(answer) };
    const reference = tradeNo(answer);
    if (answer.data.fund_change === 'Y' && reference)
      return { state: 'succeeded', providerReference: reference };
    // fund_change N: no money moved on this call — a repeat of a refund already made, or one Alipay
    // is still processing. Only the refund query tells which.
    return this.queryRefund({ providerOrderId: request.providerOrderId, refundId: request.refundId });
  }

  async queryRefund(request: { providerOrderId: string; refundId: string }): Promise<ProviderRefundState> {
    const answer = await callGateway(this.sdk, 'alipay.trade.fastpay.refund.query', {
      out_trade_no: request.providerOrderId,
      out_request_no: request.refundId,
      // Without it the answer leaves refund_status out.
      query_options: ['refund_status'],
    });
    if (!answer.ok || undecided(answer)) return { state: 'pending' };
    if (answer.code !== '10000') return { state: 'failed', reason: reason(answer) };
    // A success without the refund's fields: Alipay has no such refund (retrying it is safe).
    if (!answer.data.out_request_no) return { state: 'failed', reason: 'refund_not_found' };
    const reference = tradeNo(answer);
    if (answer.data.refund_status === 'REFUND_SUCCESS' && reference)
      return { state: 'succeeded', providerReference: reference };
    return { state: 'pending' };
  }

  async verifyNotification(input: NotificationInput): Promise<NotificationVerification> {
    return verifyAlipayNotification(this.sdk, this.config.appId, input);
  }

  notificationAnswer(accepted: boolean): NotificationAnswer {
    // Alipay retries (for about 25 hours) until the body reads exactly "success".
    return { status: 200, contentType: 'text/plain', body: accepted ? 'success' : 'fail' };
  }

  async testConnection(): Promise<{ ok: boolean; message: string }> {
    const answer = await callGateway(this.sdk, 'alipay.trade.query', { out_trade_no: CONNECTION_TEST_ORDER });
    if (!answer.ok) {
      if (answer.failure === 'network')
        return { ok: false, message: `No answer from the Alipay gateway: ${answer.detail}` };
      // Shown to the administrator only, and marked unverified: it is a clue, not a fact.
      const said = /"sub_code"\s*:\s*"([^"]{1,80})"/.exec(answer.raw ?? '')?.[1];
      return {
        ok: false,
        message:
          'The gateway’s answer failed signature verification: ' +
          'check the Alipay public key (支付宝公钥) configured for this app' +
          (said ? ` (the unverified answer says ${said})` : ''),
      };
    }
    // Alipay did not find the made-up order: it accepted our signature, and its signed answer verified.
    if (answer.code === '10000' || answer.subCode === 'ACQ.TRADE_NOT_EXIST')
      return { ok: true, message: 'Alipay accepted the signed request and its answer’s signature verified.' };
    const code = [answer.code, answer.subCode, answer.subMsg].filter(Boolean).join(' ');
    const hint = answer.subCode ? refusalHints[answer.subCode] : undefined;
    return { ok: false, message: `Alipay refused the request (${code})${hint ? `: ${hint}` : ''}` };
  }
}
