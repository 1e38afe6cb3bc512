// A report's table: columns that say what their figures are (text, count, money in fen, a rate in
// basis points) and are formatted and aligned by it, the totals as the last row, and a page of 50
// rows at a time. The test ids name the totals for the browser tests (report-total-<column>).
import { Table, type TableColumnsType } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatFen } from '../../format';
import { useLocale } from '../../i18n/hooks';
import type { Locale } from '../../i18n/index';
import { formatCount, formatRate } from './figures';

export type FigureKind = 'text' | 'count' | 'fen' | 'rate';
export type Figure = string | number | null;

export type ReportColumn<T> = {
  key: string;
  title: string;
  kind: FigureKind;
  value: (row: T) => Figure;
  /** Shown instead of the formatted value (a progress bar beside a rate, say). */
  render?: (row: T) => ReactNode;
};

export function formatFigure(kind: FigureKind, value: Figure, locale: Locale): string {
  if (value === null) return kind === 'text' ? '' : '—';
  if (typeof value === 'string') return value;
  switch (kind) {
    case 'fen':
      return formatFen(value);
    case 'rate':
      return formatRate(value);
    case 'count':
      return formatCount(value, locale);
    case 'text':
      return String(value);
  }
}

export function ReportTable<T>({
  rows,
  rowKey,
  columns,
  totals,
}: {
  rows: T[];
  rowKey: (row: T) => string;
  columns: ReportColumn<T>[];
  /** The totals by column key; the first column says 合计. */
  totals?: Record<string, Figure>;
}) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const tableColumns: TableColumnsType<T> = columns.map((column) => ({
    key: column.key,
    title: column.title,
    align: column.kind === 'text' ? 'left' : 'right',
    className: column.kind === 'text' ? undefined : 'admit-nowrap',
    render: (_value, row) => column.render?.(row) ?? formatFigure(column.kind, column.value(row), locale),
  }));
  return (
    <Table<T>
      size="small"
      rowKey={rowKey}
      columns={tableColumns}
      dataSource={rows}
      scroll={{ x: 'max-content' }}
      pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
      locale={{ emptyText: t('reports.noData') }}
      data-testid="report-table"
      summary={
        totals === undefined || rows.length === 0
          ? undefined
          : () => (
              <Table.Summary fixed>
                <Table.Summary.Row>
                  {columns.map((column, index) => (
                    <Table.Summary.Cell
                      key={column.key}
                      index={index}
                      align={column.kind === 'text' ? 'left' : 'right'}
                    >
                      <strong data-testid={`report-total-${column.key}`}>
                        {index === 0
                          ? t('reports.columns.total')
                          : column.key in totals
                            ? formatFigure(column.kind, totals[column.key] ?? null, locale)
                            : ''}
                      </strong>
                    </Table.Summary.Cell>
                  ))}
                </Table.Summary.Row>
              </Table.Summary>
            )
      }
    />
  );
}
