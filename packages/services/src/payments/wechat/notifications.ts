// WeChat Pay's asynchronous notifications (支付通知, 退款通知): verified, decrypted and read into the
// provider-neutral PaymentNotification. Only authenticity is decided here; whether the order, amount
// and merchant match what we expect is the service's check (payments/notifications.ts), so a
// notification for another merchant comes back ok:true with that merchant's id, for the service to
// refuse and log as a security event.
import type {
  NotificationAnswer,
  NotificationInput,
  NotificationVerification,
  PaymentNotification,
} from '../provider';
import type { ResolvedWechatPayConfig } from './config';
import { checkPlatformSignature, decryptResource } from './signing';

function record(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

function parseObject(text: string): Record<string, unknown> | null {
  try {
    return record(JSON.parse(text));
  } catch {
    return null;
  }
}

const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
const fen = (value: unknown): number | null =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : null;

const PAYMENT_STATES: Record<string, Extract<PaymentNotification, { type: 'payment' }>['state']> = {
  SUCCESS: 'succeeded',
  // 转入退款: it was paid; refunds are followed on their own.
  REFUND: 'succeeded',
  CLOSED: 'closed',
  REVOKED: 'closed',
  PAYERROR: 'failed',
  NOTPAY: 'pending',
  USERPAYING: 'pending',
};

const REFUND_STATES: Record<string, Extract<PaymentNotification, { type: 'refund' }>['state']> = {
  SUCCESS: 'succeeded',
  CLOSED: 'failed',
  PROCESSING: 'pending',
  // 退款异常 (the payer's card was frozen or closed): the same refund is finished by hand in the merchant
  // platform, so it stays pending — a new refund would pay the customer twice once it is resolved.
  ABNORMAL: 'pending',
};

function readPayment(
  config: ResolvedWechatPayConfig,
  resource: Record<string, unknown>,
): PaymentNotification | null {
  const providerOrderId = str(resource.out_trade_no);
  const providerReference = str(resource.transaction_id);
  const amount = fen(record(resource.amount)?.total);
  const mchId = str(resource.mchid);
  const state = PAYMENT_STATES[str(resource.trade_state) ?? ''];
  if (!providerOrderId || !providerReference || amount === null || !mchId || !state) return null;
  // A payment through an app that is not ours still names our mchid; the appended app id makes the
  // merchant check fail so the service sees it, rather than this adapter silently dropping it.
  const appId = str(resource.appid);
  const merchantId = appId === null || appId === config.appId ? mchId : `${mchId}/${appId}`;
  const paidAt = str(resource.success_time);
  const paidAtDate = paidAt === null ? null : new Date(paidAt);
  return {
    type: 'payment',
    providerOrderId,
    providerReference,
    amount,
    state,
    merchantId,
    paidAt: paidAtDate && !Number.isNaN(paidAtDate.getTime()) ? paidAtDate : null,
  };
}

function readRefund(resource: Record<string, unknown>): PaymentNotification | null {
  const providerOrderId = str(resource.out_trade_no);
  const refundId = str(resource.out_refund_no);
  const providerReference = str(resource.refund_id);
  const amount = fen(record(resource.amount)?.refund);
  const merchantId = str(resource.mchid);
  const state = REFUND_STATES[str(resource.refund_status) ?? ''];
  if (!providerOrderId || !refundId || !providerReference || amount === null || !merchantId || !state)
    return null;
  return { type: 'refund', providerOrderId, refundId, providerReference, amount, state, merchantId };
}

export function verifyWechatNotification(
  config: ResolvedWechatPayConfig,
  input: NotificationInput,
  now: number = Date.now(),
): NotificationVerification {
  const { headers, body } = input;
  const check = checkPlatformSignature(
    config.platformKeys,
    {
      timestamp: headers['wechatpay-timestamp'],
      nonce: headers['wechatpay-nonce'],
      signature: headers['wechatpay-signature'],
      serial: headers['wechatpay-serial'],
      body,
    },
    now,
  );
  if (check !== 'ok') return { ok: false, reason: check };
  const envelope = parseObject(body);
  const resource = record(envelope?.resource);
  if (!envelope || !resource) return { ok: false, reason: 'malformed' };
  const plain = decryptResource(config.apiV3Key, resource);
  if (plain === null) return { ok: false, reason: 'decrypt_failed' };
  const content = parseObject(plain);
  if (!content) return { ok: false, reason: 'malformed' };
  const event = str(envelope.event_type) ?? '';
  const notification =
    event === 'TRANSACTION.SUCCESS'
      ? readPayment(config, content)
      : event.startsWith('REFUND.')
        ? readRefund(content)
        : null;
  return notification ? { ok: true, notification } : { ok: false, reason: 'malformed' };
}

/** Accepted: 204 and WeChat Pay stops. Not accepted: any non-2xx makes it retry (for about a day). */
export function wechatNotificationAnswer(accepted: boolean): NotificationAnswer {
  return accepted
    ? { status: 204, contentType: 'application/json', body: '' }
    : {
        status: 500,
        contentType: 'application/json',
        body: JSON.stringify({ code: 'FAIL', message: 'notification not accepted' }),
      };
}
