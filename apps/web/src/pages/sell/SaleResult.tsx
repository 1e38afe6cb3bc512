// After the sale: the order number and the change, large; the tickets; printing (the browser's print
// dialog with the ticket layout, or the server's PDF), the paper width and the printer test page in a
// small settings popover; voiding the sale (V, asks first), whose cash to hand back shows large.
// Enter, Esc or any digit key starts the next sale.
import { Alert, Button, Popover, Radio, Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PrintLayout, SaleResponse } from '../../api/sales';
import { formatFen, localized } from '../../format';
import { useLocale } from '../../i18n/hooks';

export function SaleResult({
  sale,
  layout,
  printing,
  printError,
  onLayout,
  onPrint,
  onPdf,
  onPrinterTest,
  onNext,
  onVoid,
  voided = null,
  voidError = null,
}: {
  sale: SaleResponse;
  layout: PrintLayout;
  printing: boolean;
  printError: string | null;
  onLayout: (layout: PrintLayout) => void;
  onPrint: () => void;
  onPdf: () => void;
  onPrinterTest: () => void;
  onNext: () => void;
  /** Asks to void the sale; absent when voiding is not possible here. */
  onVoid?: () => void;
  /** The void's answer: the cash to hand back. */
  voided?: { cash: number; refunded: number } | null;
  voidError?: string | null;
}) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { order } = sale;
  const settings = (
    <div className="admit-sell-print-settings" data-testid="print-settings">
      <p className="admit-sell-field-label">{t('sell.paperWidth')}</p>
      <Radio.Group
        value={layout}
        onChange={(event) => onLayout(event.target.value as PrintLayout)}
        optionType="button"
        options={[
          { value: '80mm', label: '80 mm' },
          { value: '58mm', label: '58 mm' },
        ]}
        aria-label={t('sell.paperWidth')}
      />
      <Button type="link" onClick={onPrinterTest} data-testid="printer-test">
        {t('sell.printerTest')}
      </Button>
    </div>
  );
  return (
    <section className="admit-sell-result" aria-labelledby="sell-result-heading" data-testid="sale-result">
      <h2 id="sell-result-heading" className="admit-sell-heading">
        {t('sell.sold')}
      </h2>
      <dl className="admit-sell-result-facts">
        <div>
          <dt>{t('sell.orderNumber')}</dt>
          <dd className="admit-sell-order-number" data-testid="order-number">
            {order.number}
          </dd>
        </div>
        <div>
          <dt>{t('sell.change')}</dt>
          <dd className="admit-sell-amount-huge" data-testid="sale-change">
            {formatFen(sale.change)}
          </dd>
        </div>
        <div>
          <dt>{t('sell.total')}</dt>
          <dd data-testid="sale-total">{formatFen(order.total)}</dd>
        </div>
      </dl>
      {voided === null ? null : (
        <div className="admit-sell-voided" role="status" data-testid="sale-voided">
          <p className="admit-sell-voided-title">{t('afterSale.void.done')}</p>
          <dl className="admit-sell-result-facts">
            <div>
              <dt>{t('afterSale.void.cashBack')}</dt>
              <dd className="admit-sell-amount-huge" data-testid="void-cash">
                {formatFen(voided.cash)}
              </dd>
            </div>
          </dl>
        </div>
      )}
      {voidError === null ? null : (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={voidError}
          className="admit-sell-alert"
          data-testid="void-error"
        />
      )}
      {sale.warnings.length > 0 ? (
        <Alert
          type="warning"
          showIcon
          className="admit-sell-alert"
          data-testid="sale-warnings"
          title={sale.warnings
            .map((warning) =>
              warning.code === 'age_does_not_fit'
                ? t('sell.warnings.ageDoesNotFit', { number: (warning.ticketIndex ?? 0) + 1 })
                : warning.code,
            )
            .join(' ')}
        />
      ) : null}
      <ul className="admit-sell-result-tickets" data-testid="sold-tickets">
        {order.tickets.map((ticket) => (
          <li key={ticket.id}>
            <span className="admit-sell-ticket-number">{ticket.number}</span>{' '}
            {localized(locale, ticket.productNameZh, ticket.productNameEn)} {formatFen(ticket.price)}
            {ticket.printCount > 0 ? (
              <Tag className="admit-inline-tag">{t('sell.printed', { count: ticket.printCount })}</Tag>
            ) : null}
          </li>
        ))}
      </ul>
      {printError === null ? null : (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={printError}
          className="admit-sell-alert"
          data-testid="print-error"
        />
      )}
      <Space wrap className="admit-sell-result-actions">
        {voided === null ? (
          <>
            <Button
              type="primary"
              size="large"
              onClick={onPrint}
              loading={printing}
              data-testid="print-tickets-button"
            >
              {t('sell.printTickets')} <kbd>P</kbd>
            </Button>
            <Button size="large" onClick={onPdf} data-testid="print-pdf">
              {t('sell.pdf')} <kbd>D</kbd>
            </Button>
            <Popover content={settings} title={t('sell.printSettings')} trigger="click" placement="bottom">
              <Button size="large" data-testid="print-settings-button" aria-haspopup="dialog">
                {t('sell.printSettings')} ({layout})
              </Button>
            </Popover>
          </>
        ) : null}
        {onVoid !== undefined && voided === null ? (
          <Button size="large" danger onClick={onVoid} data-testid="void-sale">
            {t('afterSale.void.button')} <kbd>V</kbd>
          </Button>
        ) : null}
        <Button size="large" onClick={onNext} data-testid="next-sale">
          {t('sell.nextSale')} <kbd>Enter</kbd>
        </Button>
      </Space>
      <p className="admit-muted">{t('sell.nextSaleHint')}</p>
    </section>
  );
}
