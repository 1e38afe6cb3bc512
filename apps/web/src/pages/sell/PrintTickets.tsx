// The tickets as the browser prints them: outside the app's own tree (a portal into <body>), hidden on
// screen, and under @media print one ticket per page at the chosen paper width (80 or 58 mm, see
// styles.css) with the signed code as a QR code, the ticket number to type in when a code will not
// scan, the ticket type, session, price, order number, terms and the site's name.
import { QRCode } from 'antd';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type { OrderView, PrintLayout } from '../../api/sales';
import { formatFen, localized, timeAtSite } from '../../format';
import { useLocale } from '../../i18n/hooks';

export function PrintTickets({
  order,
  layout,
  timeZone,
}: {
  order: OrderView | null;
  layout: PrintLayout;
  timeZone: string;
}) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  if (order === null || typeof document === 'undefined') return null;
  const siteName = localized(locale, order.siteNameZh, order.siteNameEn);
  const session =
    order.sessionStartsAt === null || order.sessionEndsAt === null
      ? order.visitDate
      : `${order.visitDate} ${timeAtSite(order.sessionStartsAt, timeZone)}–${timeAtSite(order.sessionEndsAt, timeZone)}`;
  const tickets = order.tickets.filter((ticket) => ticket.code !== null);
  return createPortal(
    <div className={`admit-print-root admit-print-${layout}`} data-testid="print-tickets" aria-hidden="true">
      {tickets.map((ticket) => (
        <article key={ticket.id} className="admit-ticket">
          <header className="admit-ticket-site">{siteName}</header>
          <div className="admit-ticket-product">
            {localized(locale, ticket.productNameZh, ticket.productNameEn)}
          </div>
          <div className="admit-ticket-qr">
            <QRCode
              value={ticket.code ?? ''}
              type="svg"
              errorLevel="M"
              bordered={false}
              size={layout === '80mm' ? 220 : 160}
            />
          </div>
          <div className="admit-ticket-number">{ticket.number}</div>
          <dl className="admit-ticket-facts">
            <div>
              <dt>{t('sell.print.session')}</dt>
              <dd>{session}</dd>
            </div>
            <div>
              <dt>{t('sell.print.price')}</dt>
              <dd>{formatFen(ticket.price)}</dd>
            </div>
            {ticket.holderName ? (
              <div>
                <dt>{t('sell.print.holder')}</dt>
                <dd>
                  {ticket.holderName} {ticket.holderDocument ?? ''}
                </dd>
              </div>
            ) : null}
            <div>
              <dt>{t('sell.print.order')}</dt>
              <dd>{order.number}</dd>
            </div>
          </dl>
          <footer className="admit-ticket-terms">{t('sell.print.terms')}</footer>
        </article>
      ))}
    </div>,
    document.body,
  );
}
