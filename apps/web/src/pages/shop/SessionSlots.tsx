// The time slots of the chosen day: start and end at the site's clock, places left when few, sold-out and
// finished slots greyed. Used by the booking page and when changing a ticket's date.
import { useTranslation } from 'react-i18next';
import { localized, timeAtSite } from '../../format';
import { useLocale } from '../../i18n/hooks';
import { sessionBookable } from './cart';
import type { ShopSession } from './shopApi';

/** Places left at or under which a slot shows how many. */
export const FEW_PLACES = 20;

export function SessionSlots({
  sessions,
  timeZone,
  value,
  onChange,
  now,
}: {
  sessions: readonly ShopSession[];
  timeZone: string;
  value: string | null;
  onChange: (sessionId: string) => void;
  now: Date;
}) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  return (
    <section className="admit-shop-section" aria-labelledby="shop-sessions-heading">
      <h2 id="shop-sessions-heading">{t('shop.sessions.title')}</h2>
      {sessions.length === 0 ? (
        <p className="admit-shop-muted">{t('shop.sessions.none')}</p>
      ) : (
        <div className="admit-shop-slots" role="group" aria-labelledby="shop-sessions-heading">
          {sessions.map((session) => {
            const start = timeAtSite(session.startsAt, timeZone);
            const end = timeAtSite(session.endsAt, timeZone);
            const over = new Date(session.endsAt) <= now;
            const soldOut = session.soldOut || session.remaining <= 0;
            const note = over
              ? t('shop.sessions.over')
              : soldOut
                ? t('shop.sessions.soldOut')
                : session.remaining <= FEW_PLACES
                  ? t('shop.sessions.remaining', { count: session.remaining })
                  : null;
            const name = localized(locale, session.nameZh, session.nameEn);
            return (
              <button
                key={session.id}
                type="button"
                className="admit-shop-slot"
                aria-pressed={session.id === value}
                disabled={!sessionBookable(session, now)}
                onClick={() => onChange(session.id)}
                data-testid={`shop-session-${start}`}
              >
                <span className="admit-shop-slot-time">
                  {start}–{end}
                </span>
                {name === '' ? null : <span className="admit-shop-slot-note">{name}</span>}
                {note === null ? null : (
                  <span
                    className={
                      soldOut || over ? 'admit-shop-slot-note' : 'admit-shop-slot-note admit-shop-status-few'
                    }
                  >
                    {note}
                  </span>
                )}
              </button>
            );
          })}
        </div>
      )}
    </section>
  );
}
