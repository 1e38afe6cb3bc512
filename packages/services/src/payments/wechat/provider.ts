// WechatPayProvider: the PaymentProvider for WeChat Pay APIv3 (direct merchants, 直连商户).
//
// Decisions, each a consequence of what WeChat Pay offers:
// - kind 'page' (a desktop payment page) is a Native QR code: WeChat Pay has no desktop cashier page;
//   on a computer the customer scans a QR code with the phone, which is exactly Native payment.
// - A refund must state the payment's original total; RefundRequest does not carry it, so refund()
//   queries the payment first (one extra signed call) and refuses a payment that is not paid.
// - The payment-code charge is APIv2 /pay/micropay (XML, HMAC-SHA256 with the APIv2 key). Cancelling
//   it (撤销) uses APIv3 POST …/out-trade-no/{id}/reverse, which needs no client certificate, unlike v2
//   /secapi/pay/reverse. A refused reversal is then settled by querying: nothing is charged if the
//   payment is closed, reversed, failed or unknown to WeChat Pay.
// - An answer whose signature does not verify is no answer: payments come back 'unknown', refunds
//   'pending', closing and cancelling false, and creating a payment throws payment_provider_unavailable.
import { AppError } from '@admit/domain';
import type {
  CreatePaymentRequest,
  CreatedPayment,
  MicropayRequest,
  NotificationAnswer,
  NotificationInput,
  NotificationVerification,
  PaymentProvider,
  ProviderPaymentState,
  ProviderRefundState,
  RefundRequest,
} from '../provider';
import { WechatPayClient, type V3Answer } from './client';
import { resolveWechatPayConfig, type ResolvedWechatPayConfig, type WechatPayConfig } from './config';
import { verifyWechatNotification, wechatNotificationAnswer } from './notifications';
import { beijingTime, nonceString, rsaSignBase64, truncateUtf8 } from './signing';

const UNKNOWN: ProviderPaymentState = { state: 'unknown' };

/** WeChat Pay's codes for a declined payment code, in the words the counter already uses (simulator). */
const MICROPAY_REASONS: Record<string, string> = {
  NOTENOUGH: 'insufficient_funds',
  AUTHCODEEXPIRE: 'auth_code_invalid',
  AUTH_CODE_INVALID: 'auth_code_invalid',
  AUTH_CODE_ERROR: 'auth_code_invalid',
};

/** What an administrator should check when the connection test's answer cannot be trusted. */
const ANSWER_PROBLEMS: Record<string, string> = {
  unsigned: 'the answer is not signed by WeChat Pay',
  bad_signature: 'the answer does not verify: check the WeChat Pay public key or platform certificates',
  unknown_certificate: 'the answer is signed with a key not configured here: add the current one',
  stale: "the answer's time is more than 5 minutes off: check this server's clock",
  timeout: 'no answer in time',
  network: 'WeChat Pay cannot be reached',
};

const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
const isNotFound = (code: string | null) => code === 'ORDER_NOT_EXIST' || code === 'ORDERNOTEXIST';

export class WechatPayProvider implements PaymentProvider {
  readonly name = 'wechat';
  readonly merchantId: string;
  private readonly config: ResolvedWechatPayConfig;
  private readonly client: WechatPayClient;

  /** Throws AppError('validation_failed', { details: { provider, field, rule } }) for a bad configuration. */
  constructor(config: WechatPayConfig) {
    this.config = resolveWechatPayConfig(config);
    this.merchantId = this.config.mchId;
    this.client = new WechatPayClient(this.config);
  }

  private orderPath(providerOrderId: string, action = ''): string {
    return `/v3/pay/transactions/out-trade-no/${encodeURIComponent(providerOrderId)}${action}`;
  }

  async createPayment(request: CreatePaymentRequest): Promise<CreatedPayment> {
    const { mchId, appId } = this.config;
    if (!Number.isSafeInteger(request.amount) || request.amount <= 0)
      throw new AppError('validation_failed', { details: { field: 'amount', rule: 'positive_fen' } });
    const order: Record<string, unknown> = {
      appid: appId,
      mchid: mchId,
      description: truncateUtf8(request.subject.trim() || request.providerOrderId, 127),
      out_trade_no: request.providerOrderId,
      time_expire: beijingTime(request.expiresAt),
      notify_url: request.notifyUrl,
      amount: { total: request.amount, currency: 'CNY' },
    };
    switch (request.kind) {
      case 'page':
      case 'native': {
        const codeUrl = str((await this.create('native', order)).code_url);
        if (!codeUrl) throw this.unavailable('code_url missing');
        return { kind: 'qr', codeUrl };
      }
      case 'h5': {
        if (!request.clientIp)
          throw new AppError('validation_failed', {
            details: { field: 'clientIp', rule: 'required_for_h5' },
          });
        const scene = { payer_client_ip: request.clientIp, h5_info: { type: 'Wap' } };
        const h5Url = str((await this.create('h5', { ...order, scene_info: scene })).h5_url);
        if (!h5Url) throw this.unavailable('h5_url missing');
        // WeChat's H5 cashier returns the browser to redirect_url when appended to h5_url.
        const url = request.returnUrl
          ? `${h5Url}&redirect_url=${encodeURIComponent(request.returnUrl)}`
          : h5Url;
        return { kind: 'redirect', url };
      }
      case 'jsapi': {
        if (!request.payerId)
          throw new AppError('validation_failed', {
            details: { field: 'payerId', rule: 'openid_required_for_jsapi' },
          });
        const prepayId = str(
          (await this.create('jsapi', { ...order, payer: { openid: request.payerId } })).prepay_id,
        );
        if (!prepayId) throw this.unavailable('prepay_id missing');
        const params = {
          appId,
          timeStamp: String(Math.floor(Date.now() / 1000)),
          nonceStr: nonceString(),
          package: `prepay_id=${prepayId}`,
          signType: 'RSA',
        };
        const paySign = rsaSignBase64(
          this.config,
          `${params.appId}\n${params.timeStamp}\n${params.nonceStr}\n${params.package}\n`,
        );
        return { kind: 'jsapi', params: { ...params, paySign } };
      }
    }
  }

  private unavailable(problem: string, answer?: V3Answer): AppError {
    return new AppError('payment_provider_unavailable', {
      details: { provider: 'wechat', problem, code: answer?.code ?? null },
    });
  }

  private async create(kind: 'native' | 'h5' | 'jsapi', order: Record<string, unknown>) {
    const answer = await this.client.v3('POST', `/v3/pay/transactions/${kind}`, order);
    if (!answer.verified) throw this.unavailable(answer.problem, answer);
    if (answer.status >= 500 || answer.code === 'SYSTEM_ERROR' || answer.code === 'FREQUENCY_LIMITED')
      throw this.unavailable('busy', answer);
    if (answer.status !== 200 || !answer.json)
      throw new AppError('payment_declined', {
        details: { provider: 'wechat', code: answer.code, message: answer.message },
      });
    return answer.json;
  }

  private queryPath(providerOrderId: string): string {
    return `${this.orderPath(providerOrderId)}?mchid=${encodeURIComponent(this.config.mchId)}`;
  }

  async query(providerOrderId: string): Promise<ProviderPaymentState> {
    return this.paymentState(await this.client.v3('GET', this.queryPath(providerOrderId)));
  }

  private paymentState(answer: V3Answer): ProviderPaymentState {
    if (!answer.verified) return UNKNOWN;
    if (answer.status === 404 && isNotFound(answer.code)) return { state: 'failed', reason: 'not_found' };
    if (answer.status !== 200 || !answer.json) return UNKNOWN;
    const {
      trade_state: tradeState,
      transaction_id: transactionId,
      trade_state_desc: description,
    } = answer.json;
    switch (tradeState) {
      case 'SUCCESS':
      case 'REFUND': {
        const reference = str(transactionId);
        return reference ? { state: 'succeeded', providerReference: reference } : UNKNOWN;
      }
      case 'NOTPAY':
      case 'USERPAYING':
        return { state: 'pending', waitingForCustomer: true };
      case 'CLOSED':
        return { state: 'failed', reason: 'closed' };
      case 'REVOKED':
        return { state: 'failed', reason: 'reversed' };
      case 'PAYERROR':
        return { state: 'failed', reason: str(description) ?? 'payment_error' };
      default:
        return UNKNOWN;
    }
  }

  /** True when a verified query shows nothing charged: closed, reversed, failed or never created. */
  private async nothingCharged(providerOrderId: string): Promise<boolean> {
    return (await this.query(providerOrderId)).state === 'failed';
  }

  async close(providerOrderId: string): Promise<boolean> {
    const answer = await this.client.v3('POST', this.orderPath(providerOrderId, '/close'), {
      mchid: this.config.mchId,
    });
    if (answer.verified && answer.status >= 200 && answer.status < 300) return true;
    // Refused (e.g. already paid) or unanswered: the payment's own state decides.
    return this.nothingCharged(providerOrderId);
  }

  async micropay(request: MicropayRequest): Promise<ProviderPaymentState> {
    if (!this.config.apiV2Key) return { state: 'failed', reason: 'micropay_not_configured' };
    if (!Number.isSafeInteger(request.amount) || request.amount <= 0)
      return { state: 'failed', reason: 'invalid_amount' };
    const answer = await this.client.v2('/pay/micropay', {
      appid: this.config.appId,
      mch_id: this.config.mchId,
      body: truncateUtf8(request.subject.trim() || request.providerOrderId, 127),
      out_trade_no: request.providerOrderId,
      total_fee: String(request.amount),
      spbill_create_ip: this.config.serverIp,
      auth_code: request.authCode,
    });
    if (!answer.verified) return UNKNOWN;
    const { result_code: result, err_code: code = '', transaction_id: reference } = answer.fields;
    if (result === 'SUCCESS')
      return reference ? { state: 'succeeded', providerReference: reference } : UNKNOWN;
    switch (code) {
      case 'USERPAYING':
        return { state: 'pending', waitingForCustomer: true };
      // Outcome not known to WeChat Pay itself yet: the caller queries, then cancels if still unclear.
      case 'SYSTEMERROR':
      case 'BANKERROR':
        return UNKNOWN;
      case 'ORDERPAID':
        return this.query(request.providerOrderId);
      default:
        return { state: 'failed', reason: MICROPAY_REASONS[code] ?? (code.toLowerCase() || 'declined') };
    }
  }

  async cancel(providerOrderId: string): Promise<boolean> {
    const answer = await this.client.v3('POST', this.orderPath(providerOrderId, '/reverse'), {
      appid: this.config.appId,
      mchid: this.config.mchId,
    });
    if (answer.verified && answer.status >= 200 && answer.status < 300) return true;
    return this.nothingCharged(providerOrderId);
  }

  async refund(request: RefundRequest): Promise<ProviderRefundState> {
    const payment = await this.client.v3('GET', this.queryPath(request.providerOrderId));
    const total = payment.verified ? (payment.json?.amount as { total?: unknown } | undefined)?.total : null;
    const paid = this.paymentState(payment);
    if (paid.state === 'unknown' || (paid.state === 'succeeded' && typeof total !== 'number'))
      return { state: 'pending' };
    if (paid.state !== 'succeeded') return { state: 'failed', reason: 'payment_not_refundable' };
    const answer = await this.client.v3('POST', '/v3/refund/domestic/refunds', {
      out_trade_no: request.providerOrderId,
      out_refund_no: request.refundId,
      reason: truncateUtf8(request.reason, 80) || undefined,
      notify_url: this.config.refundNotifyUrl ?? undefined,
      amount: { refund: request.amount, total, currency: 'CNY' },
    });
    return this.refundState(answer);
  }

  async queryRefund(request: { providerOrderId: string; refundId: string }): Promise<ProviderRefundState> {
    const answer = await this.client.v3(
      'GET',
      `/v3/refund/domestic/refunds/${encodeURIComponent(request.refundId)}`,
    );
    if (answer.verified && answer.status === 404) return { state: 'failed', reason: 'refund_not_found' };
    return this.refundState(answer);
  }

  private refundState(answer: V3Answer): ProviderRefundState {
    // Unanswered or busy: the refund may have been taken; querying (or retrying with the same refundId) is safe.
    if (
      !answer.verified ||
      answer.status >= 500 ||
      answer.code === 'SYSTEM_ERROR' ||
      answer.code === 'FREQUENCY_LIMITED'
    )
      return { state: 'pending' };
    if (answer.status !== 200 || !answer.json)
      return { state: 'failed', reason: (answer.code ?? `http_${answer.status}`).toLowerCase() };
    switch (answer.json.status) {
      case 'SUCCESS': {
        const reference = str(answer.json.refund_id);
        return reference ? { state: 'succeeded', providerReference: reference } : { state: 'pending' };
      }
      case 'CLOSED':
        return { state: 'failed', reason: 'refund_closed' };
      // PROCESSING, and ABNORMAL (finished by hand in the merchant platform: retrying would pay twice).
      default:
        return { state: 'pending' };
    }
  }

  async verifyNotification(input: NotificationInput): Promise<NotificationVerification> {
    try {
      return verifyWechatNotification(this.config, input);
    } catch {
      return { ok: false, reason: 'malformed' };
    }
  }

  notificationAnswer(accepted: boolean): NotificationAnswer {
    return wechatNotificationAnswer(accepted);
  }

  async testConnection(): Promise<{ ok: boolean; message: string }> {
    // An order number we never use: WeChat Pay answers ORDER_NOT_EXIST only to a correctly signed request.
    const probe = `admit-probe-${nonceString().slice(0, 16)}`;
    const answer = await this.client.v3('GET', this.queryPath(probe));
    if (!answer.verified) {
      const claimed = answer.code ? ` ${answer.code}${answer.message ? `: ${answer.message}` : ''}` : '';
      const status = answer.status === null ? 'no answer' : `HTTP ${answer.status}${claimed}`;
      return {
        ok: false,
        message: `APIv3: ${status} (${ANSWER_PROBLEMS[answer.problem] ?? answer.problem})`,
      };
    }
    if (!(answer.status === 404 && isNotFound(answer.code)))
      return {
        ok: false,
        message: `APIv3: HTTP ${answer.status} ${answer.code ?? ''} ${answer.message ?? ''}`.trim(),
      };
    if (!this.config.apiV2Key)
      return { ok: true, message: 'APIv3 OK; payment codes not configured (no APIv2 key)' };
    // The payment-code charge signs with the APIv2 key: a v2 query of the same order proves it too.
    const v2 = await this.client.v2('/pay/orderquery', {
      appid: this.config.appId,
      mch_id: this.config.mchId,
      out_trade_no: probe,
    });
    if (!v2.verified) return { ok: false, message: `APIv3 OK; APIv2 key: ${v2.problem}` };
    return { ok: true, message: 'APIv3 and APIv2 OK' };
  }
}
