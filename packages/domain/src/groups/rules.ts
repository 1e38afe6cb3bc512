// The rules of a tour group once its list is checked, pure so the server, the web app and the tests
// agree on them:
//   - The group code: G and eight digits, the last a Damm check digit (the ticket numbers' scheme), so
//     a mistyped digit at the lane is caught before any look-up.
//   - What the group buys: visitors on the group ticket type (the site's group rule prices them at the
//     group price from its minimum quantity); guides and drivers (escorts, 司陪) on the rule's guide
//     ticket type, guides first, so the rule's free guide places go to them and then to drivers; any
//     escort beyond the free places pays that ticket type's price (the quote shows it).
//   - Admission by head count: the tickets admitted are the escorts' first, then the visitors' in list
//     order; the rest are the group's no-shows.
//   - No-shows: released and refunded by the ticket type's refund rule, less its fee, to the agency's
//     account when the rule allows refunds at all (the group's places were given back at the lane or
//     the day is over, so the rule's time window does not apply); a type that never refunds keeps the
//     money, and its tickets are revoked at settlement (their places released) so no gate admits them.
import { dammDigit } from '../sales/numbers';
import type { AfterSalePolicy } from '../catalog/product';
import type { MemberRole } from './name-list';

const codePattern = /^G?(\d{8})$/;

/** A group code from seven random digits (the caller draws them): G + the digits + the check digit. */
export function groupCodeFrom(sevenDigits: string): string {
  if (!/^\d{7}$/.test(sevenDigits)) throw new RangeError('a group code is made from seven digits');
  return `G${sevenDigits}${dammDigit(sevenDigits)}`;
}

/**
 * A typed or scanned group code in its stored form (upper case, no spaces or dashes, the G added when
 * only the digits were typed), or null when it cannot be one (wrong length or check digit).
 */
export function normalizeGroupCode(input: string): string | null {
  const cleaned = input
    .replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s-]/g, '')
    .toUpperCase();
  const m = codePattern.exec(cleaned);
  if (!m || dammDigit(m[1]!) !== 0) return null;
  return `G${m[1]}`;
}

export type GroupRuleFacts = {
  groupProductId: string;
  /** The rule's guide ticket type; without one, escorts travel on the group ticket type. */
  guideProductId: string | null;
};

export type GroupSaleLine<M> = { productId: string; role: 'visitor' | 'escort'; members: M[] };

/** Visitors on the group ticket type, escorts (guides, then drivers) on the guide ticket type. */
export function groupSaleLines<M extends { role: MemberRole; row: number }>(
  members: readonly M[],
  rule: GroupRuleFacts,
): GroupSaleLine<M>[] {
  const byRow = (a: M, b: M) => a.row - b.row;
  const visitors = members.filter((m) => m.role === 'visitor').sort(byRow);
  const escorts = [
    ...members.filter((m) => m.role === 'guide').sort(byRow),
    ...members.filter((m) => m.role === 'driver').sort(byRow),
  ];
  const lines: GroupSaleLine<M>[] = [];
  if (rule.guideProductId === null) {
    const all = [...escorts, ...visitors];
    if (all.length > 0) lines.push({ productId: rule.groupProductId, role: 'visitor', members: all });
    return lines;
  }
  if (visitors.length > 0) lines.push({ productId: rule.groupProductId, role: 'visitor', members: visitors });
  if (escorts.length > 0) lines.push({ productId: rule.guideProductId, role: 'escort', members: escorts });
  return lines;
}

export type GroupTicket = { ticketId: string; role: MemberRole; row: number };

/**
 * Which of the group's still valid tickets a head count admits: escorts first, then visitors in list
 * order. Returns the admitted and the no-shows (the rest). The head count must not exceed the tickets.
 */
export function chooseAdmitted(
  tickets: readonly GroupTicket[],
  headCount: number,
): { admitted: GroupTicket[]; noShows: GroupTicket[] } {
  if (!Number.isSafeInteger(headCount) || headCount < 0 || headCount > tickets.length)
    throw new RangeError(`head count ${headCount} is not between 0 and ${tickets.length}`);
  const rank = (t: GroupTicket) => (t.role === 'visitor' ? 1 : 0);
  const ordered = [...tickets].sort((a, b) => rank(a) - rank(b) || a.row - b.row);
  return { admitted: ordered.slice(0, headCount), noShows: ordered.slice(headCount) };
}

export type HeadCountProblem = 'head_count_invalid' | 'head_count_too_high';

/** A head count the lane may admit: a whole number from 1 to the tickets still valid. */
export function headCountProblem(headCount: number, validTickets: number): HeadCountProblem | null {
  if (!Number.isSafeInteger(headCount) || headCount < 1) return 'head_count_invalid';
  if (headCount > validTickets) return 'head_count_too_high';
  return null;
}

/**
 * What happens to a no-show's ticket: refunded to the agency by the ticket type's refund rule, less its
 * fee, or kept — the money stays and the ticket is revoked — when the type never refunds.
 */
export function noShowOutcome(policy: Pick<AfterSalePolicy, 'allowed'>): 'refund' | 'keep' {
  return policy.allowed ? 'refund' : 'keep';
}
