// How the shop words things that come as numbers or codes: dates in the date strip, durations in the
// rules, a ticket type's refund rule, ages and documents to bring, and a refused request.
import { discountDocuments, weekdayOf, type DiscountDocument } from '@admit/domain';
import type { TFunction } from 'i18next';
import { z } from 'zod';
import { ApiError } from '../../api/client';
import { errorText } from '../../components/errorText';
import type { Locale } from '../../i18n/index';
import type { ShopProduct } from './shopApi';

const weekdayKeys = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

export function weekdayText(date: string, t: TFunction): string {
  return t(`shop.weekdays.${weekdayKeys[weekdayOf(date)]!}`);
}

/** "5/4" in the strip and the calendar (both languages read it). */
export function shortDate(date: string): string {
  return `${Number(date.slice(5, 7))}/${Number(date.slice(8, 10))}`;
}

/** "2026年5月4日星期一" / "Monday, May 4, 2026": for screen readers and the order page. */
export function longDate(date: string, locale: Locale): string {
  const instant = new Date(`${date}T12:00:00Z`);
  if (Number.isNaN(instant.getTime())) return date;
  return new Intl.DateTimeFormat(locale, {
    timeZone: 'UTC',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    weekday: 'long',
  }).format(instant);
}

/** "2026年5月" / "May 2026", for the month calendar's heading. */
export function monthTitle(month: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, { timeZone: 'UTC', year: 'numeric', month: 'long' }).format(
    new Date(`${month}-01T12:00:00Z`),
  );
}

/** 30 → "30 分钟", 120 → "2 小时", 1440 → "1 天". */
export function durationText(minutes: number, t: TFunction): string {
  if (minutes >= 1440 && minutes % 1440 === 0) return t('shop.durations.days', { count: minutes / 1440 });
  if (minutes >= 60 && minutes % 60 === 0) return t('shop.durations.hours', { count: minutes / 60 });
  return t('shop.durations.minutes', { count: minutes });
}

export function ageText(product: Pick<ShopProduct, 'minAge' | 'maxAge'>, t: TFunction): string | null {
  const { minAge: min, maxAge: max } = product;
  if (min !== null && max !== null) return t('shop.booking.ages.range', { min, max });
  if (min !== null) return t('shop.booking.ages.from', { min });
  if (max !== null) return t('shop.booking.ages.upTo', { max });
  return null;
}

/** The documents a discount can require (the domain's list), each with its name in the messages. */
const documentKeys = discountDocuments;

/** "请携带：学生证、身份证", or null when nothing is needed. */
export function bringText(documents: readonly string[], t: TFunction): string | null {
  if (documents.length === 0) return null;
  const names = documents.map((document) =>
    (documentKeys as readonly string[]).includes(document)
      ? t(`shop.booking.documents.${document as DiscountDocument}`)
      : document,
  );
  return t('shop.booking.bring', { documents: names.join(t('shop.booking.listSeparator')) });
}

/** The refund and change rules of a ticket type, one phrase each. */
export function refundRuleTexts(product: ShopProduct, t: TFunction): string[] {
  const texts: string[] = [];
  if (!product.refundable) texts.push(t('shop.booking.refund.none'));
  else if (product.refundUntilMinutesBeforeStart === null || product.refundUntilMinutesBeforeStart === 0)
    texts.push(t('shop.booking.refund.untilStart'));
  else
    texts.push(
      t('shop.booking.refund.before', { time: durationText(product.refundUntilMinutesBeforeStart, t) }),
    );
  if (product.rebookable) texts.push(t('shop.booking.refund.rebookable'));
  if (product.autoRefundAtExpiry) texts.push(t('shop.booking.refund.autoRefund'));
  return texts;
}

const blockedDetailsSchema = z.object({ until: z.string() });

/**
 * A refused request in words: the server's message (already in the visitor's language), and for a
 * visitor blocked after no-shows, until when.
 */
export function shopErrorText(error: unknown, t: TFunction, locale: Locale): string {
  const text = errorText(error, t);
  if (error instanceof ApiError && error.code === 'shop_no_show_blocked') {
    const details = blockedDetailsSchema.safeParse(error.details);
    if (details.success) {
      const until = details.data.until;
      const date = /^\d{4}-\d{2}-\d{2}$/.test(until) ? longDate(until, locale) : until;
      const instant = new Date(until);
      const shown =
        date !== until || Number.isNaN(instant.getTime())
          ? date
          : new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short' }).format(instant);
      return `${text} ${t('shop.errors.blockedUntil', { date: shown })}`;
    }
  }
  return text;
}
