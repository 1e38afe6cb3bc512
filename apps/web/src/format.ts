// Dates and times as the user reads them: the browser's time zone, the UI language's conventions.
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
