// Taking the money: one payment part at a time, as the seller fills it in, checked and turned into what
// the sale request carries. Cash takes what the customer handed over: at least what is due gives the
// change, less pays part and leaves the rest for another method (split payment). Other methods pay what
// is due unless a smaller amount is typed, which likewise leaves a remainder.
import { parseYuan } from '@admit/domain';
import type { PaymentMethod, SalePayment } from '../../api/sales';

export type PaymentForm = {
  method: PaymentMethod;
  /** Yuan as typed: what the customer handed over (cash). */
  tendered: string;
  /** Yuan as typed: what this method pays (card, payment code, on account). */
  amount: string;
  /** The card terminal's reference. */
  reference: string;
  /** The customer's payment code as scanned. */
  authCode: string;
  agencyId: string | null;
  guideName: string;
  guideLicence: string;
};

export type PaymentProblem =
  | 'tendered_invalid'
  | 'amount_invalid'
  | 'amount_above_due'
  | 'reference_required'
  | 'auth_code_invalid'
  | 'agency_required'
  | 'over_credit'
  | 'guide_required';

export type PaymentStep =
  | {
      ok: true;
      part: SalePayment;
      change: number;
      /** Nothing remains due after this part. */ complete: boolean;
    }
  | { ok: false; problem: PaymentProblem; field: keyof PaymentForm };

/** An amount in fen as the seller reads and types it: "240", "240.5", "0.01". */
export function yuanInput(fen: number): string {
  if (fen % 100 === 0) return String(fen / 100);
  return (fen / 100).toFixed(2).replace(/0$/, '');
}

export function paymentForm(method: PaymentMethod, due: number, previous?: PaymentForm): PaymentForm {
  return {
    method,
    tendered: yuanInput(due),
    amount: yuanInput(due),
    reference: '',
    authCode: '',
    agencyId: previous?.agencyId ?? null,
    guideName: previous?.guideName ?? '',
    guideLicence: previous?.guideLicence ?? '',
  };
}

export function paidSoFar(parts: readonly SalePayment[]): number {
  return parts.reduce((sum, part) => sum + part.amount, 0);
}

/** WeChat Pay codes are 18 digits starting 10–15; Alipay codes 16–24 digits starting 25–30. */
export function paymentCodeProvider(code: string): 'wechat' | 'alipay' | null {
  const digits = code.trim();
  if (/^1[0-5]\d{16}$/.test(digits)) return 'wechat';
  if (/^(2[5-9]|30)\d{14,22}$/.test(digits)) return 'alipay';
  return null;
}

export type PaymentContext = {
  due: number;
  /** The agency's available credit (balance + credit limit), by id. */
  agencyAvailable: (agencyId: string) => number | undefined;
  /** The order has a group ticket type: an on-account sale records the guide. */
  needsGuide: boolean;
};

export function paymentStep(
  form: PaymentForm,
  { due, agencyAvailable, needsGuide }: PaymentContext,
): PaymentStep {
  if (form.method === 'cash') {
    const tendered = parseYuan(form.tendered);
    if (tendered === null || tendered < 0)
      return { ok: false, problem: 'tendered_invalid', field: 'tendered' };
    if (tendered >= due) {
      return {
        ok: true,
        part: { method: 'cash', amount: due, tendered },
        change: tendered - due,
        complete: true,
      };
    }
    if (tendered === 0) return { ok: false, problem: 'tendered_invalid', field: 'tendered' };
    return { ok: true, part: { method: 'cash', amount: tendered, tendered }, change: 0, complete: false };
  }
  const amount = parseYuan(form.amount);
  if (amount === null || amount <= 0) return { ok: false, problem: 'amount_invalid', field: 'amount' };
  if (amount > due) return { ok: false, problem: 'amount_above_due', field: 'amount' };
  const complete = amount === due;
  switch (form.method) {
    case 'card': {
      const reference = form.reference.trim();
      if (reference === '') return { ok: false, problem: 'reference_required', field: 'reference' };
      return { ok: true, part: { method: 'card', amount, reference }, change: 0, complete };
    }
    case 'payment_code': {
      const authCode = form.authCode.trim();
      if (!/^\d{16,24}$/.test(authCode))
        return { ok: false, problem: 'auth_code_invalid', field: 'authCode' };
      return { ok: true, part: { method: 'payment_code', amount, authCode }, change: 0, complete };
    }
    case 'on_account': {
      if (form.agencyId === null) return { ok: false, problem: 'agency_required', field: 'agencyId' };
      const available = agencyAvailable(form.agencyId);
      if (available !== undefined && amount > available) {
        return { ok: false, problem: 'over_credit', field: 'agencyId' };
      }
      if (needsGuide && form.guideName.trim() === '') {
        return { ok: false, problem: 'guide_required', field: 'guideName' };
      }
      if (needsGuide && form.guideLicence.trim() === '') {
        return { ok: false, problem: 'guide_required', field: 'guideLicence' };
      }
      return {
        ok: true,
        part: { method: 'on_account', amount, agencyId: form.agencyId },
        change: 0,
        complete,
      };
    }
  }
}
