// The payment provider interface. At the counter a seller scans the customer's WeChat Pay or Alipay
// payment code (付款码) and the provider's "micropay" charges it: at once, or after the customer
// enters a password on the phone (the provider answers "paying" and the caller queries until final),
// or not (insufficient funds, expired code). A timeout means "unknown": query before deciding.
// Online (the shop, and the QR code a cashier shows for a customer to scan), a payment is created at
// the provider — a page or H5 redirect, WeChat's in-app JSAPI, or a QR "native" payment — and its
// outcome arrives as an asynchronous notification (late, twice, or never: query it too). Adapters:
// the simulator (simulator.ts), Alipay (alipay/) and WeChat Pay v3 (wechat/). Each adapter verifies
// a notification's signature itself; the amount, merchant and order checks and the exactly-once state
// change are the service's (payments/notifications.ts), the same for every provider.

export type MicropayRequest = {
  /** Our reference at the provider (out_trade_no): unique per payment attempt. */
  providerOrderId: string;
  amount: number;
  authCode: string;
  subject: string;
};

export type ProviderPaymentState =
  | { state: 'succeeded'; providerReference: string }
  /** Not final yet: the customer is entering the password (or the provider is still working). */
  | { state: 'pending'; waitingForCustomer: boolean }
  | { state: 'failed'; reason: string }
  /** No answer (timeout, network): the payment may or may not have happened — query it. */
  | { state: 'unknown' };

export interface PaymentProvider {
  /** The provider kind: 'simulator', 'alipay', 'wechat'. */
  readonly name: string;
  /** Our merchant at the provider (Alipay seller id / app id, WeChat mchid): notifications must match. */
  readonly merchantId: string;
  /** Counter: charges a scanned payment code (付款码). */
  micropay(request: MicropayRequest): Promise<ProviderPaymentState>;
  /** Online: creates a payment the customer completes on the provider's page, app or QR code. */
  createPayment(request: CreatePaymentRequest): Promise<CreatedPayment>;
  query(providerOrderId: string): Promise<ProviderPaymentState>;
  /** Reverses (撤销) a payment that is not final or was just made; true when nothing is charged. */
  cancel(providerOrderId: string): Promise<boolean>;
  /** Closes (关单) an unpaid online payment so it can no longer be paid; true when closed (or never paid). */
  close(providerOrderId: string): Promise<boolean>;
  /** Refunds part or all of a payment; `refundId` makes a retry of the same refund idempotent. */
  refund(request: RefundRequest): Promise<ProviderRefundState>;
  queryRefund(request: { providerOrderId: string; refundId: string }): Promise<ProviderRefundState>;
  /**
   * Verifies an asynchronous notification (signature, certificate, decryption) and reads it. Never
   * throws for bad input: a forged, corrupted or unparseable notification is `{ ok: false }`.
   */
  verifyNotification(input: NotificationInput): Promise<NotificationVerification>;
  /** The HTTP answer the provider expects: accepted (it stops retrying) or not (it retries later). */
  notificationAnswer(accepted: boolean): NotificationAnswer;
  /** A harmless signed call (e.g. querying an order that does not exist) proving credentials work. */
  testConnection(): Promise<{ ok: boolean; message: string }>;
}

export type RefundRequest = { providerOrderId: string; refundId: string; amount: number; reason: string };

export type ProviderRefundState =
  | { state: 'succeeded'; providerReference: string }
  | { state: 'pending' }
  | { state: 'failed'; reason: string };

/**
 * page: a desktop payment page (Alipay 电脑网站支付); h5: a mobile browser outside the wallet app
 * (Alipay 手机网站支付, WeChat H5); jsapi: inside WeChat (公众号/JSAPI, needs the payer's openid);
 * native: a QR code the customer scans with the wallet app (Alipay 当面付 precreate, WeChat Native).
 */
export type OnlinePaymentKind = 'page' | 'h5' | 'jsapi' | 'native';

export type CreatePaymentRequest = {
  providerOrderId: string;
  amount: number;
  subject: string;
  kind: OnlinePaymentKind;
  /** Where the provider posts the notification (our /api/v1/payments/notify/:provider/:configId). */
  notifyUrl: string;
  /** Where the customer's browser returns after paying (page, h5). */
  returnUrl: string | null;
  /** WeChat JSAPI: the payer's openid. */
  payerId: string | null;
  /** H5: the customer's IP address (WeChat requires it). */
  clientIp: string | null;
  /** After this the provider refuses to take the payment (the hold's expiry). */
  expiresAt: Date;
};

export type CreatedPayment =
  /** page / h5: send the customer's browser here. */
  | { kind: 'redirect'; url: string }
  /** native: show this as a QR code. */
  | { kind: 'qr'; codeUrl: string }
  /** jsapi: the parameters for WeixinJSBridge.invoke('getBrandWCPayRequest', …). */
  | { kind: 'jsapi'; params: Record<string, string> };

/** A notification as it arrived: header names lower-case, the body exactly as received. */
export type NotificationInput = { headers: Record<string, string | undefined>; body: string };

export type PaymentNotification =
  | {
      type: 'payment';
      providerOrderId: string;
      providerReference: string;
      /** fen */
      amount: number;
      state: 'succeeded' | 'closed' | 'failed' | 'pending';
      merchantId: string;
      paidAt: Date | null;
    }
  | {
      type: 'refund';
      providerOrderId: string;
      refundId: string;
      providerReference: string;
      amount: number;
      state: 'succeeded' | 'failed' | 'pending';
      merchantId: string;
    };

export type NotificationVerification =
  | { ok: true; notification: PaymentNotification }
  | { ok: false; reason: 'bad_signature' | 'unknown_certificate' | 'decrypt_failed' | 'malformed' | 'stale' };

export type NotificationAnswer = { status: number; contentType: string; body: string };

export type PaymentCodeWallet = 'wechat' | 'alipay';

/**
 * Which wallet a scanned payment code belongs to: WeChat Pay codes are 18 digits starting 10–15,
 * Alipay codes 16–24 digits starting 25–30. Null for anything else (a mis-scan).
 */
export function walletOfPaymentCode(authCode: string): PaymentCodeWallet | null {
  if (/^1[0-5]\d{16}$/.test(authCode)) return 'wechat';
  if (/^(2[5-9]|30)\d{14,22}$/.test(authCode)) return 'alipay';
  return null;
}

/** The providers configured for this installation, by wallet. */
export class PaymentProviders {
  constructor(private readonly byWallet: Partial<Record<PaymentCodeWallet, PaymentProvider>>) {}

  forWallet(wallet: PaymentCodeWallet): PaymentProvider | null {
    return this.byWallet[wallet] ?? null;
  }

  byName(name: string): PaymentProvider | null {
    return Object.values(this.byWallet).find((p) => p.name === name) ?? null;
  }
}
