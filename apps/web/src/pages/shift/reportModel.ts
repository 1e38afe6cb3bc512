// The shift report's money by payment method: what each method took in and paid back in this shift,
// and the net, in a fixed order (cash first, as the drawer is), any method the server adds later after.
import type { ShiftTotals } from '../../api/afterSale';

export type MethodRow = { method: string; taken: number; refunded: number; net: number };

const ORDER = ['cash', 'card', 'payment_code', 'on_account'];

export function methodRows(totals: Pick<ShiftTotals, 'takenByMethod' | 'refundedByMethod'>): MethodRow[] {
  const methods = new Set([...Object.keys(totals.takenByMethod), ...Object.keys(totals.refundedByMethod)]);
  const rank = (method: string) => {
    const at = ORDER.indexOf(method);
    return at === -1 ? ORDER.length : at;
  };
  return [...methods]
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
    .map((method) => {
      const taken = totals.takenByMethod[method] ?? 0;
      const refunded = totals.refundedByMethod[method] ?? 0;
      return { method, taken, refunded, net: taken - refunded };
    });
}
