// The one dating rule of finance: on which business day a money movement counts. A movement is a
// sale (an order's payments, which succeed together), a refund request (its tickets and the refund
// rows it paid back through) or a rebooking (its new tickets and the difference paid or given back).
//
// 1. It counts only once all its money has moved (every part succeeded): a pending or failed part
//    holds the whole movement back until it succeeds, and it then counts on the day it succeeded.
// 2. One that went through a seller's shift while the shift was open (succeeded no later than the
//    shift closed) belongs to the shift's business date: the drawer and the day agree.
// 3. Otherwise it belongs to the business date, in the site's zone, of the moment its money finished
//    moving (an order's paid_at, the last refund row's completed_at, the rebooking's time).
// 4. A refund or rebooking never falls before the day the tickets it takes back were issued (an
//    overnight shift can refund, after midnight, a ticket sold online that morning).
//
// Every input is fixed once the day has ended and its shifts have closed (a success time never moves
// back, a closed shift never reopens), so a settled day's movements can never change.
import { businessDate } from '../catalog/time-zone';

export type MovementTiming = {
  /** When the last part of its money succeeded; null while a part is pending or failed. */
  completedAt: Date | null;
  /** The shift it went through, if a row of it records one: its business date and when it closed. */
  shift: { businessDate: string; closedAt: Date | null } | null;
  /** The latest issue date of the tickets it takes back (refunds, rebookings). */
  notBefore: string | null;
};

/** The business date a movement counts on, or null while it has not finished moving. */
export function movementDate(timing: MovementTiming, timeZone: string): string | null {
  const { completedAt, shift, notBefore } = timing;
  if (completedAt === null) return null;
  const inShift = shift !== null && (shift.closedAt === null || completedAt <= shift.closedAt);
  const date = inShift ? shift.businessDate : businessDate(completedAt, timeZone);
  return notBefore !== null && notBefore > date ? notBefore : date;
}
