// The month calendar's arithmetic on civil dates (YYYY-MM-DD, the site's business days), and how full
// a session looks. No time zones here: business dates are already the site's.
import { addDays, weekdayOf } from '@admit/domain';
import type { SessionView } from '../../../api/catalog';

/** 'YYYY-MM' of a date. */
export function monthOf(date: string): string {
  return date.slice(0, 7);
}

export function firstOfMonth(month: string): string {
  return `${month}-01`;
}

export function lastOfMonth(month: string): string {
  return addDays(firstOfMonth(shiftMonth(month, 1)), -1);
}

export function shiftMonth(month: string, delta: number): string {
  const [year = 1970, monthNumber = 1] = month.split('-').map(Number);
  const index = year * 12 + (monthNumber - 1) + delta;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The weeks of a month, Monday first; null pads the days of the neighbouring months. */
export function monthWeeks(month: string): (string | null)[][] {
  const first = firstOfMonth(month);
  const last = lastOfMonth(month);
  const lead = (weekdayOf(first) + 6) % 7;
  const days: (string | null)[] = Array.from({ length: lead }, () => null);
  for (let date = first; date <= last; date = addDays(date, 1)) days.push(date);
  while (days.length % 7 !== 0) days.push(null);
  const weeks: (string | null)[][] = [];
  for (let i = 0; i < days.length; i += 7) weeks.push(days.slice(i, i + 7));
  return weeks;
}

/**
 * How a session shows on the calendar: green with room, orange when a fifth or less is left, red
 * when nothing is left, grey when it does not sell (closed or cancelled).
 */
export type SessionTone = 'open' | 'low' | 'full' | 'closed';

export const LOW_SHARE = 0.2;

export function sessionTone(session: Pick<SessionView, 'status' | 'capacity' | 'remaining'>): SessionTone {
  if (session.status !== 'open') return 'closed';
  if (session.remaining <= 0) return 'full';
  if (session.remaining <= session.capacity * LOW_SHARE) return 'low';
  return 'open';
}
