// A month of sessions: each day lists its sessions by start time, coloured by how much is left
// (green, orange, red; grey when closed or cancelled). Choosing a day opens its list below.
import { useTranslation } from 'react-i18next';
import type { SessionView } from '../../../api/catalog';
import { timeAtSite } from '../../../format';
import { weekdayName } from '../labels';
import { monthWeeks, sessionTone } from './month';

const WEEK = [1, 2, 3, 4, 5, 6, 0];

export function MonthCalendar({
  month,
  sessions,
  timeZone,
  today,
  selected,
  onSelect,
}: {
  month: string;
  sessions: readonly SessionView[];
  timeZone: string;
  today: string;
  selected: string | null;
  onSelect: (date: string) => void;
}) {
  const { t } = useTranslation();
  const byDay = new Map<string, SessionView[]>();
  for (const session of sessions) {
    const list = byDay.get(session.businessDate) ?? [];
    list.push(session);
    byDay.set(session.businessDate, list);
  }

  return (
    <div className="admit-table-scroll">
      <table className="admit-month" data-testid="sessions-calendar">
        <caption className="admit-visually-hidden">
          {t('catalog.sessions.calendarCaption', { month })}
        </caption>
        <thead>
          <tr>
            {WEEK.map((weekday) => (
              <th key={weekday} scope="col">
                {weekdayName(t, weekday)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {monthWeeks(month).map((week) => (
            <tr key={week.find((day) => day !== null) ?? ''}>
              {week.map((date, index) => {
                if (date === null) return <td key={`pad-${index}`} className="admit-month-pad" />;
                const daySessions = byDay.get(date) ?? [];
                const isSelected = date === selected;
                return (
                  <td
                    key={date}
                    data-testid={`day-${date}`}
                    className={[
                      'admit-month-day',
                      isSelected ? 'is-selected' : '',
                      date === today ? 'is-today' : '',
                    ].join(' ')}
                  >
                    <button
                      type="button"
                      className="admit-month-day-button"
                      aria-pressed={isSelected}
                      aria-label={t('catalog.sessions.dayLabel', { date, count: daySessions.length })}
                      onClick={() => onSelect(date)}
                    >
                      <span className="admit-month-date">{Number(date.slice(8))}</span>
                      {daySessions.length > 0 ? (
                        <span className="admit-muted admit-small">
                          {t('catalog.sessions.count', { count: daySessions.length })}
                        </span>
                      ) : null}
                    </button>
                    {daySessions.length > 0 ? (
                      <ul className="admit-session-chips">
                        {daySessions.map((session) => {
                          const tone = sessionTone(session);
                          const time = timeAtSite(session.startsAt, timeZone);
                          const state = t(`catalog.sessions.tones.${tone}`, {
                            remaining: session.remaining,
                            capacity: session.capacity,
                          });
                          return (
                            <li
                              key={session.id}
                              className={`admit-session-chip admit-tone-${tone}`}
                              data-testid={`chip-${session.id}`}
                              data-tone={tone}
                              title={`${time} ${state}`}
                            >
                              {time}
                              <span className="admit-visually-hidden"> {state}</span>
                            </li>
                          );
                        })}
                      </ul>
                    ) : null}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** What the colours mean. */
export function ToneLegend() {
  const { t } = useTranslation();
  return (
    <ul className="admit-tone-legend" aria-label={t('catalog.sessions.legend')}>
      {(['open', 'low', 'full', 'closed'] as const).map((tone) => (
        <li key={tone}>
          <span className={`admit-session-chip admit-tone-${tone}`} aria-hidden="true" />
          {t(`catalog.sessions.legendItems.${tone}`)}
        </li>
      ))}
    </ul>
  );
}
