// A chart with its data as a table: the chart is drawn by echarts (EChart.tsx, loaded on first use so
// the library is not in the main bundle), coloured from the Ant Design theme; the button beside the
// title shows the same figures as a table, for keyboard and screen-reader users and for reading exact
// values. When the page already shows the data in a table, the chart names it instead.
import { Button, Table, theme, Typography, type TableColumnsType } from 'antd';
import { Component, lazy, Suspense, useId, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../../../i18n/hooks';
import { chartTheme } from './theme';
import type { ChartOption } from './types';

const EChart = lazy(() => import('./EChart'));

/** The figures of a chart as rows of cells, keyed by column. */
export type ChartTable = {
  columns: { key: string; title: string; numeric?: boolean }[];
  rows: { key: string; cells: Record<string, ReactNode> }[];
};

export function Chart({
  title,
  option,
  height = 280,
  table,
  testId,
}: {
  title: string;
  option: ChartOption;
  height?: number;
  /** The figures as a table behind a toggle; leave out when the page shows them in a table already. */
  table?: ChartTable;
  testId: string;
}) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { token } = theme.useToken();
  const echartsTheme = useMemo(() => chartTheme(token), [token]);
  const [showTable, setShowTable] = useState(false);
  const captionId = useId();
  const tableId = useId();

  return (
    <figure className="admit-chart" data-testid={testId} aria-labelledby={captionId} style={{ margin: 0 }}>
      <figcaption
        style={{
          display: 'flex',
          justifyContent: 'space-between',
          alignItems: 'center',
          gap: token.marginXS,
        }}
      >
        <Typography.Text strong id={captionId}>
          {title}
        </Typography.Text>
        {table === undefined ? null : (
          <Button
            size="small"
            type="link"
            aria-expanded={showTable}
            aria-controls={tableId}
            onClick={() => setShowTable((shown) => !shown)}
            data-testid={`${testId}-table-toggle`}
          >
            {showTable ? t('reports.chart.hideTable') : t('reports.chart.showTable')}
          </Button>
        )}
      </figcaption>
      <div
        role="img"
        aria-label={
          table === undefined
            ? t('reports.chart.labelWithPageTable', { title })
            : t('reports.chart.label', { title })
        }
      >
        <ChartBoundary
          fallback={<Typography.Text type="secondary">{t('reports.chart.failed')}</Typography.Text>}
        >
          <Suspense fallback={<div style={{ height }} />}>
            <EChart
              option={option}
              theme={echartsTheme}
              height={height}
              locale={locale === 'en' ? 'EN' : 'ZH'}
            />
          </Suspense>
        </ChartBoundary>
      </div>
      {table !== undefined && showTable ? (
        <div id={tableId}>
          <ChartDataTable table={table} />
        </div>
      ) : (
        <div id={tableId} hidden />
      )}
    </figure>
  );
}

function ChartDataTable({ table }: { table: ChartTable }) {
  const columns: TableColumnsType<ChartTable['rows'][number]> = table.columns.map((column) => ({
    key: column.key,
    title: column.title,
    align: column.numeric ? 'right' : 'left',
    className: 'admit-nowrap',
    render: (_value, row) => row.cells[column.key],
  }));
  return (
    <Table
      size="small"
      rowKey="key"
      columns={columns}
      dataSource={table.rows}
      pagination={false}
      scroll={{ x: 'max-content' }}
    />
  );
}

/** A chart that cannot load (the chunk failed to download) leaves the page and its table working. */
class ChartBoundary extends Component<{ fallback: ReactNode; children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override render() {
    return this.state.failed ? this.props.fallback : this.props.children;
  }
}
