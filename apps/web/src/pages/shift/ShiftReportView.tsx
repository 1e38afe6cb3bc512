// The shift report (交班单): who, where and when; the drawer (float, cash in and out, expected vs
// counted, over or short and why); money taken and refunded by payment method; tickets by type; tickets
// printed and voided; the count by denomination; signature lines. The same markup is shown on screen
// and printed (A4 or 80 mm roll, see styles.css) — the printed copy carries no test ids, so the page
// has one of each.
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ShiftReport } from '../../api/afterSale';
import type { SiteView } from '../../api/catalog';
import { dateTimeAtSite, formatFen, localized } from '../../format';
import { useLocale } from '../../i18n/hooks';
import { denominationLabel, denominations, drawerOutcome } from './cashCount';
import { methodRows } from './reportModel';

const STATUS_COLORS = { open: 'blue', closed: 'orange', confirmed: 'green' } as const;

export function ShiftReportView({
  report,
  site,
  printed = false,
}: {
  report: ShiftReport;
  site: Pick<SiteView, 'nameZh' | 'nameEn' | 'timeZone'>;
  /** The copy for the printer: no test ids, a print time. */
  printed?: boolean;
}) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { shift, totals } = report;
  const tid = (name: string) => (printed ? undefined : name);
  const zone = site.timeZone;
  const outcome = shift.difference === null ? null : drawerOutcome(shift.difference);
  const outcomeText =
    outcome === null
      ? ''
      : outcome.kind === 'balanced'
        ? t('afterSale.report.balanced')
        : t(`afterSale.report.${outcome.kind}`, { amount: formatFen(outcome.amount) });
  const methodLabel = (method: string) =>
    ['cash', 'card', 'payment_code', 'on_account'].includes(method)
      ? t(`sell.methods.${method as 'cash'}`)
      : method;
  const rows = totals === null ? [] : methodRows(totals);

  return (
    <article className="admit-shift-report" data-testid={tid('shift-report')}>
      <header className="admit-shift-report-head">
        <h2 className="admit-shift-report-title">
          {t('afterSale.report.title')} · {localized(locale, site.nameZh, site.nameEn)}
        </h2>
        <Tag color={STATUS_COLORS[shift.status]} data-testid={tid('report-status')}>
          {t(`afterSale.report.statuses.${shift.status}`)}
        </Tag>
      </header>
      <dl className="admit-shift-facts">
        <Fact label={t('afterSale.report.seller')} value={shift.userName} />
        <Fact label={t('afterSale.report.terminal')} value={shift.terminal} />
        <Fact label={t('afterSale.report.businessDate')} value={shift.businessDate} />
        <Fact label={t('afterSale.report.openedAt')} value={dateTimeAtSite(shift.openedAt, zone)} />
        <Fact label={t('afterSale.report.closedAt')} value={dateTimeAtSite(shift.closedAt, zone) || '—'} />
        {shift.firstSerial ? (
          <Fact label={t('afterSale.report.firstSerial')} value={shift.firstSerial} />
        ) : null}
        {shift.lastSerial ? <Fact label={t('afterSale.report.lastSerial')} value={shift.lastSerial} /> : null}
      </dl>

      {totals === null ? null : (
        <>
          <section className="admit-shift-cash" aria-label={t('afterSale.report.cash')}>
            <dl className="admit-shift-cash-figures">
              <Fact label={t('afterSale.report.float')} value={formatFen(shift.floatAmount)} />
              <Fact label={t('afterSale.report.cashIn')} value={formatFen(totals.cashIn)} />
              <Fact label={t('afterSale.report.cashOut')} value={formatFen(totals.cashOut)} />
              <Fact
                label={t('afterSale.report.expected')}
                value={formatFen(shift.expectedCash ?? totals.expectedCash)}
                testId={tid('report-expected')}
                strong
              />
              <Fact
                label={t('afterSale.report.counted')}
                value={shift.countedCash === null ? '—' : formatFen(shift.countedCash)}
                testId={tid('report-counted')}
                strong
              />
              <Fact
                label={t('afterSale.report.difference')}
                value={shift.difference === null ? '—' : formatFen(shift.difference)}
                testId={tid('report-difference')}
                strong
              />
            </dl>
            {outcome === null ? null : (
              <p className={`admit-shift-outcome is-${outcome.kind}`} data-testid={tid('report-outcome')}>
                {outcomeText}
                {shift.differenceReason
                  ? ` · ${t('afterSale.report.reason')}：${shift.differenceReason}`
                  : ''}
              </p>
            )}
          </section>

          <section aria-label={t('afterSale.report.byMethod')}>
            <h3 className="admit-shift-section">{t('afterSale.report.byMethod')}</h3>
            <table className="admit-report-table" data-testid={tid('report-methods')}>
              <thead>
                <tr>
                  <th scope="col">{t('afterSale.report.method')}</th>
                  <th scope="col">{t('afterSale.report.taken')}</th>
                  <th scope="col">{t('afterSale.report.refunded')}</th>
                  <th scope="col">{t('afterSale.report.net')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.length === 0 ? (
                  <tr>
                    <td colSpan={4}>{t('afterSale.report.none')}</td>
                  </tr>
                ) : (
                  rows.map((row) => (
                    <tr key={row.method} data-testid={tid(`report-method-${row.method}`)}>
                      <th scope="row">{methodLabel(row.method)}</th>
                      <td>{formatFen(row.taken)}</td>
                      <td>{formatFen(row.refunded)}</td>
                      <td>{formatFen(row.net)}</td>
                    </tr>
                  ))
                )}
              </tbody>
            </table>
          </section>

          <section aria-label={t('afterSale.report.byType')}>
            <h3 className="admit-shift-section">{t('afterSale.report.byType')}</h3>
            <table className="admit-report-table" data-testid={tid('report-types')}>
              <thead>
                <tr>
                  <th scope="col">{t('afterSale.report.type')}</th>
                  <th scope="col">{t('afterSale.report.count')}</th>
                  <th scope="col">{t('afterSale.report.amount')}</th>
                </tr>
              </thead>
              <tbody>
                {totals.ticketsByType.length === 0 ? (
                  <tr>
                    <td colSpan={3}>{t('afterSale.report.none')}</td>
                  </tr>
                ) : (
                  totals.ticketsByType.map((line) => (
                    <tr key={line.productId} data-testid={tid(`report-type-${line.code}`)}>
                      <th scope="row">{localized(locale, line.nameZh, line.nameEn)}</th>
                      <td>{line.count}</td>
                      <td>{formatFen(line.amount)}</td>
                    </tr>
                  ))
                )}
              </tbody>
            </table>
            <dl className="admit-shift-facts">
              <Fact
                label={t('afterSale.report.orders')}
                value={String(totals.orders)}
                testId={tid('report-orders')}
              />
              <Fact
                label={t('afterSale.report.printed')}
                value={String(totals.ticketsPrinted)}
                testId={tid('report-printed')}
              />
              <Fact
                label={t('afterSale.report.voided')}
                value={String(totals.ticketsVoided)}
                testId={tid('report-voided')}
              />
            </dl>
          </section>

          {shift.counted === null ? null : (
            <section aria-label={t('afterSale.report.countTitle')}>
              <h3 className="admit-shift-section">{t('afterSale.report.countTitle')}</h3>
              <table className="admit-report-table is-compact">
                <thead>
                  <tr>
                    <th scope="col">{t('afterSale.shift.denomination')}</th>
                    <th scope="col">{t('afterSale.shift.pieces')}</th>
                    <th scope="col">{t('afterSale.shift.amount')}</th>
                  </tr>
                </thead>
                <tbody>
                  {denominations.map((denomination) => {
                    const pieces = shift.counted?.[String(denomination)] ?? 0;
                    return (
                      <tr key={denomination}>
                        <th scope="row">{denominationLabel(denomination)}</th>
                        <td>{pieces}</td>
                        <td>{formatFen(pieces * denomination)}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </section>
          )}
        </>
      )}

      <footer className="admit-shift-signatures">
        <span>{t('afterSale.report.signSeller')}：</span>
        <span>{t('afterSale.report.signFinance')}：</span>
        {printed ? (
          <span className="admit-shift-printed-at">
            {t('afterSale.report.printedAt', { at: dateTimeAtSite(new Date().toISOString(), zone) })}
          </span>
        ) : null}
      </footer>
    </article>
  );
}

function Fact({
  label,
  value,
  testId,
  strong = false,
}: {
  label: string;
  value: string;
  testId?: string | undefined;
  strong?: boolean;
}) {
  return (
    <div className={strong ? 'is-strong' : undefined}>
      <dt>{label}</dt>
      <dd data-testid={testId}>{value}</dd>
    </div>
  );
}
