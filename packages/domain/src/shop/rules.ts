// The online shop's rules, pure: the no-show rule (N unused free reservations → no bookings for M
// days), the cancellation deadline of a free reservation, and a calendar day's status.

export type NoShowRule = {
  /** This many no-shows within the window start a block; null: no rule. */
  limit: number | null;
  windowDays: number;
  blockDays: number;
};

const day = 86_400_000;

/**
 * When a visitor may book again, or null when they may now. No-shows are taken in time order; once
 * `limit` of them fall within `windowDays` of each other, a block of `blockDays` starts at the last
 * one, and those no-shows are spent (a later block needs `limit` new ones). No-shows during a block
 * cannot happen (no bookings), but a booking made before it can: it counts towards the next block.
 */
export function noShowBlockedUntil(noShows: readonly Date[], rule: NoShowRule, now: Date): Date | null {
  if (rule.limit === null || rule.limit < 1) return null;
  // Only what has happened counts (a reservation still to come is not a no-show yet).
  const times = noShows
    .map((d) => d.getTime())
    .filter((t) => t <= now.getTime())
    .sort((a, b) => a - b);
  let strikes: number[] = [];
  let blockedUntil = -Infinity;
  for (const t of times) {
    strikes = strikes.filter((s) => s > t - rule.windowDays * day);
    strikes.push(t);
    if (strikes.length >= rule.limit) {
      blockedUntil = Math.max(blockedUntil, t + rule.blockDays * day);
      strikes = [];
    }
  }
  return blockedUntil > now.getTime() ? new Date(blockedUntil) : null;
}

/** A free reservation can be cancelled until this moment (minutes before the visit starts). */
export function freeCancellationDeadline(visitStartsAt: Date, minutesBefore: number): Date {
  return new Date(visitStartsAt.getTime() - minutesBefore * 60_000);
}

export type CalendarDayStatus = 'available' | 'few' | 'sold_out' | 'closed' | 'not_released';

/**
 * A day in the shop's calendar: closed (site closed, no sessions, or in the past), not yet released,
 * sold out (nothing left), few (a tenth or less of its places left, at most 20), or available.
 */
export function calendarDayStatus(day: {
  closed: boolean;
  released: boolean;
  remaining: number | null;
  capacity: number | null;
}): CalendarDayStatus {
  if (day.closed) return 'closed';
  if (!day.released) return 'not_released';
  if (day.remaining === null) return 'available';
  if (day.remaining <= 0) return 'sold_out';
  if (day.capacity !== null && day.remaining <= Math.min(20, Math.ceil(day.capacity / 10))) return 'few';
  return 'available';
}
