// The calendar of reports: the days a report covers, and the buckets (day, ISO week, month) its rows
// are added up in. Every date is a civil date 'YYYY-MM-DD' already in the site's zone (summary rows
// are kept per business date), so bucketing never needs the zone again; only instants (a scan, a
// sale) are turned into the site's date and hour, here and in the job's SQL alike.
import { addDays, isCivilDate, weekdayOf } from '../catalog/calendar';
import { civilParts } from '../catalog/time-zone';

export const reportGranularities = ['day', 'week', 'month'] as const;
export type ReportGranularity = (typeof reportGranularities)[number];

/** The longest range a report covers: three years and a little, so a year-on-year view fits. */
export const maxReportDays = 1100;

/** ISO weekday of a civil date: 1 Monday … 7 Sunday. */
export function isoWeekday(date: string): number {
  const day = weekdayOf(date);
  return day === 0 ? 7 : day;
}

/** The first day of the bucket a date falls in: the date itself, its ISO week's Monday, or the 1st. */
export function bucketStart(date: string, granularity: ReportGranularity): string {
  if (!isCivilDate(date)) throw new RangeError(`not a date: ${date}`);
  if (granularity === 'day') return date;
  if (granularity === 'week') return addDays(date, 1 - isoWeekday(date));
  return `${date.slice(0, 8)}01`;
}

/** Days from `from` to `to`, both included (0 when `to` is before `from`). */
export function daysInRange(from: string, to: string): number {
  const ms = Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`);
  return Math.max(0, Math.round(ms / 86_400_000) + 1);
}

/** Every date of the range in order. */
export function datesInRange(from: string, to: string): string[] {
  const n = daysInRange(from, to);
  return Array.from({ length: n }, (_, i) => addDays(from, i));
}

/** The buckets a range touches, in order (the first and last may be partly outside the range). */
export function bucketsInRange(from: string, to: string, granularity: ReportGranularity): string[] {
  const buckets: string[] = [];
  let date = from;
  while (date <= to) {
    const start = bucketStart(date, granularity);
    if (buckets.at(-1) !== start) buckets.push(start);
    date =
      granularity === 'day'
        ? addDays(date, 1)
        : granularity === 'week'
          ? addDays(start, 7)
          : nextMonth(start);
  }
  return buckets;
}

function nextMonth(firstOfMonth: string): string {
  const year = Number(firstOfMonth.slice(0, 4));
  const month = Number(firstOfMonth.slice(5, 7));
  return month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
}

export type ReportRangeProblem = 'not_a_date' | 'reversed' | 'too_long';

/** Why a report's range cannot be asked for, or null when it can. */
export function reportRangeProblem(from: string, to: string): ReportRangeProblem | null {
  if (!isCivilDate(from) || !isCivilDate(to)) return 'not_a_date';
  if (to < from) return 'reversed';
  if (daysInRange(from, to) > maxReportDays) return 'too_long';
  return null;
}

/** The site's business date and hour (0–23) an instant falls on. */
export function zonedDateHour(instant: Date, timeZone: string): { date: string; hour: number } {
  const { date, time } = civilParts(instant, timeZone);
  return { date, hour: Number(time.slice(0, 2)) };
}

/**
 * The business date whose daily summary is due at `now`: yesterday at the site, once the site's
 * clock has reached the send hour; null before that hour.
 */
export function dailySummaryDue(now: Date, timeZone: string, sendHour: number): string | null {
  const { date, hour } = zonedDateHour(now, timeZone);
  return hour >= sendHour ? addDays(date, -1) : null;
}
