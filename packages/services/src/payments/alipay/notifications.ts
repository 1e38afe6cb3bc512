// Alipay's asynchronous notifications (异步通知): a form POST to the payment's notify_url whenever a
// trade changes (paid, closed, refunded), retried for about 25 hours until we answer "success". The
// signature is RSA2 over every field except sign and sign_type, sorted by name, with the values as
// received after form decoding — checkNotifySignV2 in the SDK (the older checkNotifySign decodes the
// values a second time, which breaks on a literal % and can throw).
import type { AlipaySdk } from 'alipay-sdk';
import type { NotificationInput, NotificationVerification, PaymentNotification } from '../provider';
import { fenFromYuan, parseBeijingTime } from './wire';

type Fields = Record<string, string>;

/** The form fields, or null when the body is not one (empty, oversized, a field named twice). */
function readForm(body: string): Fields | null {
  if (body.length === 0 || body.length > 64 * 1024) return null;
  // No prototype, so a field named __proto__ is a field like any other (and fails the signature).
  const fields = Object.create(null) as Fields;
  for (const [name, value] of new URLSearchParams(body)) {
    // A repeated field could be read one way and verified another; an unnamed one is left out of the
    // SDK's signature string. Neither comes from Alipay.
    if (name === '' || Object.hasOwn(fields, name)) return null;
    fields[name] = value;
  }
  return fields;
}

const paymentStates: Record<string, Extract<PaymentNotification, { type: 'payment' }>['state']> = {
  TRADE_SUCCESS: 'succeeded',
  // Paid and no longer refundable (or paid with a product that allows no refunds).
  TRADE_FINISHED: 'succeeded',
  // Closed unpaid (expired, closed, cancelled). A full refund also closes a trade, but that
  // notification carries refund fields and is read as a refund below.
  TRADE_CLOSED: 'closed',
  WAIT_BUYER_PAY: 'pending',
};

function readNotification(f: Fields, appId: string): PaymentNotification | null {
  const { out_trade_no: providerOrderId, trade_no: providerReference, seller_id: sellerId } = f;
  if (!providerOrderId || !providerReference || !sellerId || !f.app_id) return null;
  // A notification for another of the merchant's apps is genuine but not ours: it is reported with a
  // merchant that cannot equal ours, so the service's merchant check refuses it and logs both ids.
  const merchantId = f.app_id === appId ? sellerId : `${sellerId} (app_id ${f.app_id})`;

  // Refunds reuse the payment's notify_url. Payment notifications may carry refund_fee=0.00, so a
  // refund is recognised by its request number and time. refund_fee is the trade's total refunded
  // so far, not this refund's amount.
  if (f.out_biz_no && f.gmt_refund) {
    // (gmt_refund is only a marker: Alipay writes it with milliseconds, "2025-03-01 10:03:04.567".)
    const amount = fenFromYuan(f.refund_fee);
    if (amount === null) return null;
    return {
      type: 'refund',
      providerOrderId,
      refundId: f.out_biz_no,
      providerReference,
      amount,
      state: 'succeeded',
      merchantId,
    };
  }

  const state = paymentStates[f.trade_status ?? ''];
  const amount = fenFromYuan(f.total_amount);
  if (!state || amount === null) return null;
  const paidAt = f.gmt_payment === undefined ? null : parseBeijingTime(f.gmt_payment);
  if (f.gmt_payment !== undefined && !paidAt) return null;
  return {
    type: 'payment',
    providerOrderId,
    providerReference,
    amount,
    state,
    merchantId,
    paidAt: state === 'succeeded' ? paidAt : null,
  };
}

export function verifyAlipayNotification(
  sdk: AlipaySdk,
  appId: string,
  input: NotificationInput,
): NotificationVerification {
  const fields = readForm(input.body);
  if (!fields?.sign) return { ok: false, reason: 'malformed' };
  // We sign with RSA2 only; an RSA (SHA-1) notification is a downgrade nobody legitimate sends.
  if (fields.sign_type !== undefined && fields.sign_type !== 'RSA2')
    return { ok: false, reason: 'bad_signature' };
  let verified: boolean;
  try {
    verified = sdk.checkNotifySignV2(fields);
  } catch {
    verified = false;
  }
  if (!verified) return { ok: false, reason: 'bad_signature' };
  const notification = readNotification(fields, appId);
  return notification ? { ok: true, notification } : { ok: false, reason: 'malformed' };
}
