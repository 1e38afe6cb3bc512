// The shift report as the browser prints it: a portal into <body>, hidden on screen, and under
// @media print the only thing on the paper — an A4 page or an 80 mm roll (styles.css).
import { Button, Radio, Space } from 'antd';
import { useEffect, useState } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type { ShiftReport } from '../../api/afterSale';
import type { SiteView } from '../../api/catalog';
import { readStored, store } from '../sell/storage';
import { ShiftReportView } from './ShiftReportView';

export type ReportPaper = 'a4' | '80mm';
const PAPER_KEY = 'admit.shift.paper';

/** The print button and paper choice, and the printed copy once asked for. */
export function ShiftReportPrint({
  report,
  site,
}: {
  report: ShiftReport;
  site: Pick<SiteView, 'nameZh' | 'nameEn' | 'timeZone'>;
}) {
  const { t } = useTranslation();
  const [paper, setPaper] = useState<ReportPaper>(() => (readStored(PAPER_KEY) === '80mm' ? '80mm' : 'a4'));
  const [printSeq, setPrintSeq] = useState(0);
  // The dialog opens once the copy is on the page.
  useEffect(() => {
    if (printSeq > 0) window.print();
  }, [printSeq]);
  return (
    <>
      <Space wrap className="admit-shift-print-actions">
        <Button type="primary" onClick={() => setPrintSeq((n) => n + 1)} data-testid="print-report">
          {t('afterSale.report.print')} <kbd>P</kbd>
        </Button>
        <Radio.Group
          value={paper}
          onChange={(event) => {
            const next = event.target.value as ReportPaper;
            setPaper(next);
            store(PAPER_KEY, next);
          }}
          optionType="button"
          aria-label={t('afterSale.report.paper')}
          options={[
            { value: 'a4', label: t('afterSale.report.a4') },
            { value: '80mm', label: t('afterSale.report.roll80') },
          ]}
        />
      </Space>
      {printSeq > 0 && typeof document !== 'undefined'
        ? createPortal(
            <div
              className={`admit-print-root admit-report-print admit-report-${paper}`}
              aria-hidden="true"
              data-testid="printed-report"
            >
              <ShiftReportView report={report} site={site} printed />
            </div>,
            document.body,
          )
        : null}
    </>
  );
}

/** Presses the print button of the report on the page (the P key). */
export function printReport(): void {
  document.querySelector<HTMLButtonElement>('[data-testid="print-report"]')?.click();
}
