// The date and session of the sale: today's date (the site's today) and the suggested session come
// preselected; the list shows the places left and disables sessions that are sold out, closed or over.
// ↑/↓ move between sessions and PgUp/PgDn/Home change the date from anywhere on the sell screen.
import { Alert, Input, Radio, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { BoxOffice, BoxOfficeSession } from '../../api/sales';
import { localized, timeAtSite } from '../../format';
import { useLocale } from '../../i18n/hooks';

/** A session that can still be sold: open, places left, not ended. */
export function sessionSellable(session: BoxOfficeSession, now: Date = new Date()): boolean {
  return session.status === 'open' && session.remaining > 0 && new Date(session.endsAt) > now;
}

export function SessionPicker({
  boxOffice,
  date,
  sessionId,
  onDate,
  onSession,
  error,
}: {
  boxOffice: BoxOffice;
  date: string;
  sessionId: string | null;
  onDate: (date: string) => void;
  onSession: (sessionId: string) => void;
  /** The server's message when the sale was refused because of the session (sold out…). */
  error: string | null;
}) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const zone = boxOffice.site.timeZone;
  const now = new Date();
  return (
    <section className="admit-sell-sessions" aria-labelledby="sell-sessions-heading">
      <div className="admit-sell-date">
        <label htmlFor="sell-date">{t('sell.date')}</label>
        <Input
          id="sell-date"
          type="date"
          value={date}
          min={boxOffice.today}
          onChange={(event) => {
            if (event.target.value !== '') onDate(event.target.value);
          }}
          data-testid="sell-date"
        />
        {date === boxOffice.today ? <span className="admit-muted">{t('sell.today')}</span> : null}
      </div>
      <h2 id="sell-sessions-heading" className="admit-sell-heading">
        {t('sell.sessions')}
        {boxOffice.dailyRemaining === null ? null : (
          <span className="admit-sell-daily">
            {t('sell.dailyRemaining', { count: boxOffice.dailyRemaining })}
          </span>
        )}
      </h2>
      {error === null ? null : (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={error}
          data-testid="session-error"
          className="admit-sell-alert"
        />
      )}
      {boxOffice.sessions.length === 0 ? (
        <Typography.Paragraph className="admit-muted">{t('sell.noSessions')}</Typography.Paragraph>
      ) : (
        <Radio.Group
          value={sessionId}
          onChange={(event) => onSession(event.target.value as string)}
          className="admit-sell-session-list"
          aria-labelledby="sell-sessions-heading"
          data-testid="session-list"
        >
          {boxOffice.sessions.map((session) => {
            const sellable = sessionSellable(session, now);
            const name = localized(locale, session.nameZh, session.nameEn);
            const times = `${timeAtSite(session.startsAt, zone)}–${timeAtSite(session.endsAt, zone)}`;
            const state =
              session.status !== 'open'
                ? t('sell.sessionClosed')
                : session.remaining <= 0
                  ? t('sell.soldOut')
                  : new Date(session.endsAt) <= now
                    ? t('sell.sessionOver')
                    : t('sell.placesLeft', { count: session.remaining });
            return (
              <Radio
                key={session.id}
                value={session.id}
                disabled={!sellable}
                className="admit-sell-session"
                data-testid={`session-${times}`}
              >
                <span className="admit-sell-session-time">{times}</span>
                {name === '' ? null : <span className="admit-sell-session-name">{name}</span>}
                <span className={sellable ? 'admit-sell-session-left' : 'admit-sell-session-left is-out'}>
                  {state}
                </span>
              </Radio>
            );
          })}
        </Radio.Group>
      )}
    </section>
  );
}
