// The payment provider interface. At the counter a seller scans the customer's WeChat Pay or Alipay
// payment code (付款码) and the provider's "micropay" charges it: at once, or after the customer
// enters a password on the phone (the provider answers "paying" and the caller queries until final),
// or not (insufficient funds, expired code). A timeout means "unknown": query before deciding.
// The real Alipay and WeChat Pay adapters come with the payments issue; the simulator implements the
// same interface over HTTP.

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
  readonly name: string;
  micropay(request: MicropayRequest): Promise<ProviderPaymentState>;
  query(providerOrderId: string): Promise<ProviderPaymentState>;
  /** Reverses (撤销) a payment that is not final or was just made; true when nothing is charged. */
  cancel(providerOrderId: string): Promise<boolean>;
  /** Refunds part or all of a payment; `refundId` makes a retry of the same refund idempotent. */
  refund(request: RefundRequest): Promise<ProviderRefundState>;
}

export type RefundRequest = { providerOrderId: string; refundId: string; amount: number; reason: string };

export type ProviderRefundState =
  | { state: 'succeeded'; providerReference: string }
  | { state: 'pending' }
  | { state: 'failed'; reason: string };

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
