// Dates, times and money as the user reads them, in the UI language's conventions.
import { businessDate, civilParts, formatYuan } from '@admit/domain';
import type { Locale } from './i18n/index';

/** `medium` with seconds (the audit log), `short` to the minute (tables with little room). */
export function formatDateTime(
  iso: string | null | undefined,
  locale: Locale,
  style: 'medium' | 'short' = 'medium',
): string {
  if (iso === null || iso === undefined) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: style, timeStyle: style }).format(date);
}

/** The Chinese or English one of a pair of names, as the server sends them. */
export function localized(locale: Locale, zh: string, en: string): string {
  return locale === 'en' ? en || zh : zh || en;
}

/** Money in fen as the user reads it: ¥ and two decimals (12345 → "¥123.45"). */
export function formatFen(fen: number): string {
  return `¥${formatYuan(fen)}`;
}

/** The wall-clock time (HH:MM) an instant shows at a site, whatever the browser's own zone. */
export function timeAtSite(iso: string, timeZone: string): string {
  return civilParts(new Date(iso), timeZone).time;
}

/** Today's date (YYYY-MM-DD) at a site. */
export function todayAtSite(timeZone: string, now: Date = new Date()): string {
  return businessDate(now, timeZone);
}

/** Date and time of an instant as the site's clock showed it ("2026-11-26 14:05"), whatever the browser's zone. */
export function dateTimeAtSite(iso: string | null | undefined, timeZone: string): string {
  if (iso === null || iso === undefined) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const parts = civilParts(date, timeZone);
  return `${parts.date} ${parts.time}`;
}
