// A scan's result in the words an attendant reads at a glance: the headline ("请通行", "已使用"), the
// category very large on a green screen, and on a red one the reason — "已于 10:05 在东门使用" in the
// site's time. Pure (given the translation function).
import { civilParts } from '@admit/domain';
import type { TFunction } from 'i18next';
import { localized } from '../../format';
import type { Locale } from '../../i18n/index';
import type { ShownResult, TicketResult } from './result';

export type ResultTexts = {
  tone: 'ok' | 'refused';
  /** A data attribute for tests and scripts: the result code, or the notice. */
  code: string;
  headline: string;
  /** The category (成人, 儿童 …), shown largest; null when not known (a code checked offline). */
  category: string | null;
  detail: string | null;
  lines: string[];
};

const KNOWN_CATEGORIES = new Set([
  'adult',
  'child',
  'student',
  'senior',
  'group',
  'free',
  'complimentary',
  'addon',
  'other',
]);

export function categoryText(category: string | null, t: TFunction): string | null {
  if (category === null || category === '') return null;
  return KNOWN_CATEGORIES.has(category)
    ? t(`gate.categories.${category}` as 'gate.categories.adult')
    : category;
}

/** HH:MM at the site; with the date (MM-DD) when it was not on the day of `reference`. */
export function siteTime(iso: string, timeZone: string, reference: Date): string {
  const parts = civilParts(new Date(iso), timeZone);
  const sameDay = civilParts(reference, timeZone).date === parts.date;
  return sameDay ? parts.time : `${parts.date.slice(5)} ${parts.time}`;
}

function refusalDetail(shown: TicketResult, t: TFunction, locale: Locale, timeZone: string, now: Date) {
  switch (shown.result) {
    case 'ok':
      return null;
    case 'already_used': {
      if (shown.lastEntry === null) return t('gate.details.noEntriesLeft');
      const time = siteTime(shown.lastEntry.at, timeZone, now);
      const gate = localized(locale, shown.lastEntry.gateName.zh, shown.lastEntry.gateName.en);
      if (shown.tooSoon) return t('gate.details.tooSoon', { time, gate });
      return gate === ''
        ? t('gate.details.usedAtUnknownGate', { time })
        : t('gate.details.usedAt', { time, gate });
    }
    case 'invalid_signature':
      return shown.reason === 'training_ticket'
        ? t('gate.details.training_ticket')
        : t('gate.details.invalid_signature');
    case 'not_yet_valid':
    case 'expired':
    case 'wrong_site':
    case 'revoked':
    case 'unknown_ticket':
    case 'capacity_reached':
    case 'code_expired':
      return t(`gate.details.${shown.result}`);
  }
}

export function resultTexts(
  shown: ShownResult,
  t: TFunction,
  locale: Locale,
  timeZone: string,
  now: Date = new Date(),
): ResultTexts {
  if (shown.kind === 'notice') {
    const detail =
      shown.notice === 'failed'
        ? shown.message
        : t(`gate.notices.${shown.notice}Detail` as 'gate.notices.noBundleDetail');
    return {
      tone: 'refused',
      code: shown.notice,
      headline: t(`gate.notices.${shown.notice}`),
      category: null,
      detail,
      lines: [],
    };
  }
  const lines: string[] = [];
  if (shown.productName !== null) lines.push(localized(locale, shown.productName.zh, shown.productName.en));
  if (shown.eligibility !== null) {
    const eligibility = localized(locale, shown.eligibility.zh, shown.eligibility.en);
    if (eligibility !== '') lines.push(eligibility);
  }
  if (shown.holderName !== null) lines.push(t('gate.holder', { name: shown.holderName }));
  if (shown.result === 'ok') {
    if (shown.unlimited) lines.push(t('gate.unlimited'));
    else if (shown.entriesLeft !== null) lines.push(t('gate.entriesLeft', { count: shown.entriesLeft }));
    if (shown.occupancy?.warning) lines.push(t('gate.occupancyWarning'));
  }
  const category = categoryText(shown.category, t);
  return {
    tone: shown.result === 'ok' ? 'ok' : 'refused',
    code: shown.result,
    headline: t(`gate.results.${shown.result}`),
    category: shown.result === 'ok' ? (category ?? t('gate.validTicket')) : category,
    detail: refusalDetail(shown, t, locale, timeZone, now),
    lines,
  };
}
