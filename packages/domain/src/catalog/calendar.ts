// What kind of day a date is, for prices: the national holiday calendar (with its make-up working
// days, 调休), a site's peak dates and its low and high seasons. Dates are civil dates in the site's
// time zone, written YYYY-MM-DD.

export type DayType = 'weekday' | 'weekend' | 'holiday' | 'peak';
export type Season = 'low' | 'high';

export type HolidayEntry = { date: string; kind: 'holiday' | 'workday'; name?: string };
export type SeasonRange = { from: string; to: string; season: Season };

export type DayCalendar = {
  /** National holidays and make-up working days (a Saturday that is a working day is a weekday). */
  holidays: ReadonlyMap<string, 'holiday' | 'workday'>;
  /** Dates the site prices as peak (e.g. a lantern festival). */
  peakDates: ReadonlySet<string>;
  seasons: readonly SeasonRange[];
};

export const emptyCalendar: DayCalendar = { holidays: new Map(), peakDates: new Set(), seasons: [] };

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isCivilDate(value: string): boolean {
  const m = datePattern.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

/** 0 = Sunday … 6 = Saturday, for a civil date. */
export function weekdayOf(date: string): number {
  const m = datePattern.exec(date);
  if (!m) throw new RangeError(`not a date: ${date}`);
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))).getUTCDay();
}

export function addDays(date: string, days: number): string {
  const m = datePattern.exec(date);
  if (!m) throw new RangeError(`not a date: ${date}`);
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + days)).toISOString().slice(0, 10);
}

/**
 * The day types a date has, most specific first. A peak date that is also a holiday falls back to the
 * holiday price when the site set no peak price; a make-up working day (调休) is a weekday even on a
 * weekend; every date ends with `weekday`, the base price.
 */
export function dayTypesOf(date: string, calendar: DayCalendar): DayType[] {
  const types: DayType[] = [];
  if (calendar.peakDates.has(date)) types.push('peak');
  const official = calendar.holidays.get(date);
  if (official === 'holiday') types.push('holiday');
  const dow = weekdayOf(date);
  if (official !== 'workday' && official !== 'holiday' && (dow === 0 || dow === 6)) types.push('weekend');
  types.push('weekday');
  return types;
}

export function seasonOf(date: string, calendar: DayCalendar): Season | null {
  return calendar.seasons.find((s) => s.from <= date && date <= s.to)?.season ?? null;
}
