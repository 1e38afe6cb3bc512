// The date of the visit: a strip of the next two weeks, and a month calendar for later dates, both from
// the site's availability calendar. Days closed, sold out or not on sale yet are greyed and cannot be
// chosen. Used by the booking page and when changing a ticket's date.
import { addDays, weekdayOf } from '@admit/domain';
import { Button } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../../i18n/hooks';
import { longDate, monthTitle, shortDate, weekdayText } from './display';
import type { ShopCalendarDay } from './shopApi';

/** Days shown in the strip. */
export const STRIP_DAYS = 14;

export function dayBookable(day: ShopCalendarDay): boolean {
  return day.status === 'available' || day.status === 'few';
}

export function DateChooser({
  days,
  today,
  value,
  onChange,
}: {
  days: readonly ShopCalendarDay[];
  today: string;
  value: string | null;
  onChange: (date: string) => void;
}) {
  const { t } = useTranslation();
  const [monthOpen, setMonthOpen] = useState(false);
  const strip = days.slice(0, STRIP_DAYS);
  const relative = (date: string) =>
    date === today ? t('shop.dates.today') : date === addDays(today, 1) ? t('shop.dates.tomorrow') : null;

  return (
    <section className="admit-shop-section" aria-labelledby="shop-dates-heading">
      <h2 id="shop-dates-heading">{t('shop.dates.title')}</h2>
      <ul className="admit-shop-dates" aria-labelledby="shop-dates-heading">
        {strip.map((day) => (
          <li key={day.date}>
            <DayButton
              day={day}
              selected={day.date === value}
              onChange={onChange}
              className="admit-shop-date"
              testId={`shop-date-${day.date}`}
            >
              <span className="admit-shop-date-weekday">
                {relative(day.date) ?? weekdayText(day.date, t)}
              </span>
              <span className="admit-shop-date-day">{shortDate(day.date)}</span>
              <StatusText day={day} className="admit-shop-date-status" />
            </DayButton>
          </li>
        ))}
      </ul>
      {days.length > STRIP_DAYS ? (
        <Button
          type="link"
          onClick={() => setMonthOpen((open) => !open)}
          aria-expanded={monthOpen}
          aria-controls="shop-month"
          data-testid="shop-more-dates"
        >
          {monthOpen ? t('shop.dates.less') : t('shop.dates.more')}
        </Button>
      ) : null}
      {monthOpen ? <MonthCalendar days={days} value={value} onChange={onChange} /> : null}
    </section>
  );
}

function StatusText({ day, className }: { day: ShopCalendarDay; className: string }) {
  const { t } = useTranslation();
  return (
    <span className={day.status === 'few' ? `${className} admit-shop-status-few` : className}>
      {t(`shop.dates.status.${day.status}`)}
    </span>
  );
}

function DayButton({
  day,
  selected,
  onChange,
  className,
  testId,
  children,
}: {
  day: ShopCalendarDay;
  selected: boolean;
  onChange: (date: string) => void;
  className: string;
  testId: string;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  return (
    <button
      type="button"
      className={className}
      aria-pressed={selected}
      aria-label={t('shop.dates.dayLabel', {
        date: longDate(day.date, locale),
        status: t(`shop.dates.status.${day.status}`),
      })}
      disabled={!dayBookable(day)}
      onClick={() => onChange(day.date)}
      data-testid={testId}
      data-status={day.status}
    >
      {children}
    </button>
  );
}

const weekdayOrder = [1, 2, 3, 4, 5, 6, 0] as const;
const weekdayKeys = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/** The months the calendar covers ("2026-05"), in order. */
export function monthsOf(days: readonly ShopCalendarDay[]): string[] {
  return [...new Set(days.map((day) => day.date.slice(0, 7)))];
}

function MonthCalendar({
  days,
  value,
  onChange,
}: {
  days: readonly ShopCalendarDay[];
  value: string | null;
  onChange: (date: string) => void;
}) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const months = monthsOf(days);
  const [index, setIndex] = useState(() => Math.max(0, months.indexOf(value?.slice(0, 7) ?? '')));
  const month = months[Math.min(index, months.length - 1)];
  if (month === undefined) return null;
  const byDate = new Map(days.map((day) => [day.date, day]));
  const first = `${month}-01`;
  const leading = (weekdayOf(first) + 6) % 7; // weeks start on Monday
  const dates: string[] = [];
  for (let date = first; date.startsWith(month); date = addDays(date, 1)) dates.push(date);

  return (
    <div id="shop-month" data-testid="shop-month">
      <div className="admit-shop-month-head">
        <Button
          onClick={() => setIndex((i) => i - 1)}
          disabled={index <= 0}
          aria-label={t('shop.dates.previousMonth')}
        >
          ‹
        </Button>
        <strong aria-live="polite">{monthTitle(month, locale)}</strong>
        <Button
          onClick={() => setIndex((i) => i + 1)}
          disabled={index >= months.length - 1}
          aria-label={t('shop.dates.nextMonth')}
        >
          ›
        </Button>
      </div>
      <div className="admit-shop-month" role="group" aria-label={t('shop.dates.calendar')}>
        {weekdayOrder.map((weekday) => (
          <div key={weekday} className="admit-shop-month-weekday" aria-hidden="true">
            {t(`shop.weekdays.${weekdayKeys[weekday]}`)}
          </div>
        ))}
        {Array.from({ length: leading }, (_, i) => (
          <div key={`blank-${i}`} aria-hidden="true" />
        ))}
        {dates.map((date) => {
          const day = byDate.get(date);
          if (!day) {
            return (
              <button
                key={date}
                type="button"
                className="admit-shop-day"
                disabled
                aria-label={longDate(date, locale)}
              >
                {Number(date.slice(8))}
              </button>
            );
          }
          return (
            <DayButton
              key={date}
              day={day}
              selected={date === value}
              onChange={onChange}
              className="admit-shop-day"
              testId={`shop-cal-${date}`}
            >
              <span>{Number(date.slice(8))}</span>
              <StatusText day={day} className="admit-shop-day-status" />
            </DayButton>
          );
        })}
      </div>
    </div>
  );
}
