// One e-ticket: its QR code on white (the rotating one redrawn at every step, with the step's progress),
// the ticket number in large digits for a gate keyboard, the holder with the masked document, the ticket
// type, the entry time and the entries, its status, and its refund and date-change buttons.
import { rotationStep } from '@admit/domain';
import { Button, Progress, QRCode, Tag } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { dateTimeAtSite, localized, timeAtSite } from '../../format';
import { useLocale } from '../../i18n/hooks';
import { useNow } from './clock';
import { longDate } from './display';
import { shownCode } from './rotation';
import type { ShopOrder, ShopRotation, ShopTicket } from './shopApi';

export type TicketState = ShopTicket['status'] | 'used';

/** What the badge says: a valid ticket with no entries left reads as used. */
export function ticketState(ticket: ShopTicket): TicketState {
  if (ticket.status === 'valid' && ticket.entriesAllowed > 0 && ticket.entriesUsed >= ticket.entriesAllowed)
    return 'used';
  return ticket.status;
}

/** A ticket that may still be refunded or moved (the server has the last word): valid and never used. */
export function changeable(ticket: ShopTicket): boolean {
  return ticket.status === 'valid' && ticket.entriesUsed === 0;
}

const stateColors: Record<TicketState, string> = {
  pending: 'gold',
  valid: 'green',
  used: 'default',
  cancelled: 'default',
  refunded: 'default',
  revoked: 'purple',
};

export function TicketCard({
  order,
  ticket,
  index,
  count,
  onRefund,
  onRebook,
}: {
  order: ShopOrder;
  ticket: ShopTicket;
  index: number;
  count: number;
  onRefund: (ticket: ShopTicket) => void;
  onRebook: (ticket: ShopTicket) => void;
}) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const state = ticketState(ticket);
  const zone = order.timeZone;
  const time = order.session
    ? `${longDate(order.visitDate, locale)} ${timeAtSite(order.session.startsAt, zone)}–${timeAtSite(order.session.endsAt, zone)}`
    : `${dateTimeAtSite(ticket.validFrom, zone)} – ${dateTimeAtSite(ticket.validUntil, zone)}`;
  const showCode = state === 'valid' && ticket.code !== null;

  return (
    <li className="admit-shop-ticket" data-testid={`shop-ticket-${ticket.number}`} data-status={state}>
      <div className="admit-shop-ticket-head">
        <div>
          <h3 className="admit-shop-product-name">
            {localized(locale, ticket.productNameZh, ticket.productNameEn)}
          </h3>
          <span className="admit-shop-muted admit-shop-small">
            {t('shop.order.ticketOf', { index: index + 1, count })}
          </span>
        </div>
        <Tag color={stateColors[state]} data-testid="shop-ticket-status">
          {t(`shop.ticket.status.${state}`)}
        </Tag>
      </div>
      {showCode ? <TicketQr code={ticket.code!} rotation={ticket.rotation} number={ticket.number} /> : null}
      <div className="admit-shop-ticket-number">
        <span className="admit-visually-hidden">{t('shop.ticket.number')} </span>
        <span data-testid="shop-ticket-number">{ticket.number}</span>
      </div>
      <dl className="admit-shop-facts-table">
        {ticket.holderName === null ? null : (
          <>
            <dt>{t('shop.ticket.holder')}</dt>
            <dd>
              {ticket.holderName}
              {ticket.holderDocument === null ? null : (
                <span className="admit-shop-muted"> {ticket.holderDocument}</span>
              )}
            </dd>
          </>
        )}
        <dt>{t('shop.ticket.time')}</dt>
        <dd>{time}</dd>
        <dt>{t('shop.ticket.entriesLabel')}</dt>
        <dd>{t('shop.ticket.entries', { allowed: ticket.entriesAllowed, used: ticket.entriesUsed })}</dd>
      </dl>
      {changeable(ticket) && (ticket.refundable || ticket.rebookable) ? (
        <div className="admit-shop-ticket-actions">
          {ticket.refundable ? (
            <Button onClick={() => onRefund(ticket)} data-testid="shop-ticket-refund">
              {t('shop.ticket.refund')}
            </Button>
          ) : null}
          {ticket.rebookable ? (
            <Button onClick={() => onRebook(ticket)} data-testid="shop-ticket-rebook">
              {t('shop.ticket.rebook')}
            </Button>
          ) : null}
        </div>
      ) : null}
    </li>
  );
}

/**
 * The QR code on white. The displayed text is also on the wrapper's `data-code`, so a browser test can
 * read what a gate would scan.
 */
export function TicketQr({
  code,
  rotation,
  number,
}: {
  code: string;
  rotation: ShopRotation | null;
  number: string;
}) {
  const { t } = useTranslation();
  const now = useNow(1000, rotation !== null);
  const stepSeconds = rotation?.stepSeconds ?? 0;
  const step = rotation === null || stepSeconds <= 0 ? 0 : rotationStep(new Date(now), stepSeconds);
  // Recomputed when the step changes, not every second.
  const shown = useMemo(
    () => shownCode(code, rotation, new Date(step * stepSeconds * 1000)),
    [code, rotation, step, stepSeconds],
  );
  const elapsed = shown.rotating === null ? 0 : now / 1000 - shown.rotating.step * stepSeconds;
  const secondsLeft = Math.max(0, Math.ceil(stepSeconds - elapsed));

  return (
    <div
      className="admit-shop-qr"
      data-testid="shop-qr"
      data-code={shown.text}
      data-step={shown.rotating?.step}
    >
      <div role="img" aria-label={t('shop.ticket.qrLabel', { number })}>
        <QRCode
          value={shown.text}
          size={248}
          type="svg"
          bgColor="#ffffff"
          color="#000000"
          errorLevel="M"
          bordered={false}
        />
      </div>
      {shown.rotating === null ? (
        <span className="admit-shop-muted admit-shop-small">{t('shop.ticket.plain')}</span>
      ) : (
        <div className="admit-shop-qr-meta" data-testid="shop-qr-rotating">
          <Progress
            type="circle"
            size={28}
            percent={Math.min(100, (elapsed / stepSeconds) * 100)}
            showInfo={false}
            aria-label={t('shop.ticket.stepLeft', { seconds: secondsLeft })}
          />
          <span>{t('shop.ticket.rotating')}</span>
        </div>
      )}
    </div>
  );
}
