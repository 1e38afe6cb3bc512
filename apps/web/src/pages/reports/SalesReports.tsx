// The money reports: sales by period (and by ticket type, channel, partner, payment method, seller or
// site), refunds and the refund rate, and free and complimentary tickets by reason. Each has a chart
// over the periods (the largest groups, the rest added up as "other") and the table with totals.
import type { ReportGranularity } from '@admit/contracts';
import { discountDocuments } from '@admit/domain';
import { useQuery } from '@tanstack/react-query';
import { Card, Descriptions } from 'antd';
import type { TFunction } from 'i18next';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatFen } from '../../format';
import { useLocale } from '../../i18n/hooks';
import { reportQuery, type ReportData } from './api';
import { Chart } from './charts/Chart';
import { grid, moneyAxis, rateAxis, tooltip } from './charts/options';
import type { ChartOption } from './charts/types';
import { AsOf } from './Dashboard';
import { formatCount, formatRate, groupedSeries, periodLabel } from './figures';
import { QueryView, type ReportBodyProps } from './ReportScreen';
import { ReportTable, type ReportColumn } from './ReportTable';

function periodColumn<T extends { period: string }>(
  t: TFunction,
  granularity: ReportGranularity,
): ReportColumn<T> {
  return {
    key: 'period',
    title: t('reports.columns.period'),
    kind: 'text',
    value: (row) => periodLabel(row.period, granularity, t),
  };
}

export function SalesReport({ params, timeZone }: ReportBodyProps) {
  const query = useQuery(reportQuery('sales', params));
  return <QueryView query={query}>{(data) => <SalesFigures data={data} timeZone={timeZone} />}</QueryView>;
}

function SalesFigures({ data, timeZone }: { data: ReportData<'sales'>; timeZone: string }) {
  const { t } = useTranslation();
  type Row = (typeof data.rows)[number];
  const grouped = data.groupBy !== 'none';
  const option = useMemo((): ChartOption => {
    const periodName = (period: string) => periodLabel(period, data.granularity, t);
    if (!grouped) {
      const rows = [...data.rows].sort((a, b) => a.period.localeCompare(b.period));
      return {
        tooltip: tooltip('axis', true),
        legend: { top: 0 },
        grid,
        xAxis: { type: 'category', data: rows.map((row) => periodName(row.period)) },
        yAxis: moneyAxis(),
        series: [
          { type: 'line', name: t('reports.columns.sales'), data: rows.map((row) => row.sales) },
          { type: 'line', name: t('reports.columns.net'), data: rows.map((row) => row.net) },
        ],
      };
    }
    const { periods, series } = groupedSeries(data.rows, (row) => row.sales, t('reports.other'));
    return {
      tooltip: tooltip('axis', true),
      legend: { top: 0, type: 'scroll' },
      grid,
      xAxis: { type: 'category', data: periods.map(periodName) },
      yAxis: moneyAxis(),
      series: series.map((s) => ({ type: 'bar', stack: 'sales', name: s.name, data: s.data })),
    };
  }, [data, grouped, t]);

  const columns: ReportColumn<Row>[] = [
    periodColumn<Row>(t, data.granularity),
    ...(grouped
      ? [
          {
            key: 'label',
            title: t(`reports.groupings.${data.groupBy}`),
            kind: 'text',
            value: (row) => row.label,
          } satisfies ReportColumn<Row>,
        ]
      : []),
    {
      key: 'ticketsSold',
      title: t('reports.columns.ticketsSold'),
      kind: 'count',
      value: (r) => r.ticketsSold,
    },
    { key: 'sales', title: t('reports.columns.sales'), kind: 'fen', value: (r) => r.sales },
    {
      key: 'ticketsRefunded',
      title: t('reports.columns.ticketsRefunded'),
      kind: 'count',
      value: (r) => r.ticketsRefunded,
    },
    { key: 'refunds', title: t('reports.columns.refunds'), kind: 'fen', value: (r) => r.refunds },
    { key: 'refundFees', title: t('reports.columns.refundFees'), kind: 'fen', value: (r) => r.refundFees },
    { key: 'net', title: t('reports.columns.net'), kind: 'fen', value: (r) => r.net },
    {
      key: 'freeTickets',
      title: t('reports.columns.freeTickets'),
      kind: 'count',
      value: (r) => r.freeTickets,
    },
    {
      key: 'complimentaryTickets',
      title: t('reports.columns.complimentaryTickets'),
      kind: 'count',
      value: (r) => r.complimentaryTickets,
    },
  ];
  return (
    <>
      <AsOf asOf={data.asOf} timeZone={timeZone} />
      {data.rows.length === 0 ? null : (
        <Card size="small">
          <Chart title={t('reports.charts.sales')} option={option} testId="chart-report" />
        </Card>
      )}
      <ReportTable
        rows={data.rows}
        rowKey={(row) => `${row.period}:${row.key ?? ''}`}
        columns={columns}
        totals={data.totals}
      />
    </>
  );
}

export function RefundsReport({ params, timeZone }: ReportBodyProps) {
  const query = useQuery(reportQuery('refunds', params));
  return <QueryView query={query}>{(data) => <RefundFigures data={data} timeZone={timeZone} />}</QueryView>;
}

function RefundFigures({ data, timeZone }: { data: ReportData<'refunds'>; timeZone: string }) {
  const { t } = useTranslation();
  type Row = (typeof data.rows)[number];
  const grouped = data.groupBy !== 'none';
  const option = useMemo((): ChartOption => {
    const periodName = (period: string) => periodLabel(period, data.granularity, t);
    if (!grouped) {
      const rows = [...data.rows].sort((a, b) => a.period.localeCompare(b.period));
      return {
        tooltip: tooltip('axis'),
        legend: { top: 0 },
        grid,
        xAxis: { type: 'category', data: rows.map((row) => periodName(row.period)) },
        yAxis: [moneyAxis(), rateAxis()],
        series: [
          {
            type: 'bar',
            name: t('reports.columns.refunds'),
            data: rows.map((row) => row.refunds),
            tooltip: { valueFormatter: (value) => formatFen(Number(value)) },
          },
          {
            type: 'line',
            name: t('reports.columns.refundRate'),
            yAxisIndex: 1,
            data: rows.map((row) => row.refundRateBp),
            tooltip: { valueFormatter: (value) => formatRate(value === null ? null : Number(value)) },
          },
        ],
      };
    }
    const { periods, series } = groupedSeries(data.rows, (row) => row.refunds, t('reports.other'));
    return {
      tooltip: tooltip('axis', true),
      legend: { top: 0, type: 'scroll' },
      grid,
      xAxis: { type: 'category', data: periods.map(periodName) },
      yAxis: moneyAxis(),
      series: series.map((s) => ({ type: 'bar', stack: 'refunds', name: s.name, data: s.data })),
    };
  }, [data, grouped, t]);

  const columns: ReportColumn<Row>[] = [
    periodColumn<Row>(t, data.granularity),
    ...(grouped
      ? [
          {
            key: 'label',
            title: t(`reports.groupings.${data.groupBy}`),
            kind: 'text',
            value: (row) => row.label,
          } satisfies ReportColumn<Row>,
        ]
      : []),
    {
      key: 'ticketsSold',
      title: t('reports.columns.ticketsSold'),
      kind: 'count',
      value: (r) => r.ticketsSold,
    },
    {
      key: 'ticketsRefunded',
      title: t('reports.columns.ticketsRefunded'),
      kind: 'count',
      value: (r) => r.ticketsRefunded,
    },
    { key: 'refunds', title: t('reports.columns.refunds'), kind: 'fen', value: (r) => r.refunds },
    { key: 'refundFees', title: t('reports.columns.refundFees'), kind: 'fen', value: (r) => r.refundFees },
    {
      key: 'refundRateBp',
      title: t('reports.columns.refundRate'),
      kind: 'rate',
      value: (r) => r.refundRateBp,
    },
  ];
  return (
    <>
      <AsOf asOf={data.asOf} timeZone={timeZone} />
      {data.rows.length === 0 ? null : (
        <Card size="small">
          <Chart title={t('reports.charts.refunds')} option={option} testId="chart-report" />
        </Card>
      )}
      <ReportTable
        rows={data.rows}
        rowKey={(row) => `${row.period}:${row.key ?? ''}`}
        columns={columns}
        totals={data.totals}
      />
    </>
  );
}

/** A document code (soldier_card…) by its name; a reason written at the sale as it is. */
function reasonLabel(reason: string, t: TFunction): string {
  if (reason === '') return t('reports.noReason');
  const document = discountDocuments.find((candidate) => candidate === reason);
  return document === undefined ? reason : t(`catalog.documents.${document}`);
}

export function FreeTicketsReport({ params, timeZone }: ReportBodyProps) {
  const query = useQuery(reportQuery('free_tickets', params));
  return (
    <QueryView query={query}>{(data) => <FreeTicketFigures data={data} timeZone={timeZone} />}</QueryView>
  );
}

function FreeTicketFigures({ data, timeZone }: { data: ReportData<'free_tickets'>; timeZone: string }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  type Row = (typeof data.rows)[number];
  const option = useMemo((): ChartOption => {
    // Over the whole range, by reason: free and complimentary side by side.
    const reasons = [...new Set(data.rows.map((row) => row.reason))];
    const issued = (kind: Row['kind']) =>
      reasons.map((reason) =>
        data.rows
          .filter((row) => row.kind === kind && row.reason === reason)
          .reduce((sum, row) => sum + row.issued, 0),
      );
    return {
      tooltip: tooltip('axis'),
      legend: { top: 0 },
      grid,
      xAxis: { type: 'category', data: reasons.map((reason) => reasonLabel(reason, t)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { type: 'bar', stack: 'issued', name: t('reports.kinds.free'), data: issued('free') },
        {
          type: 'bar',
          stack: 'issued',
          name: t('reports.kinds.complimentary'),
          data: issued('complimentary'),
        },
      ],
    };
  }, [data, t]);

  const columns: ReportColumn<Row>[] = [
    periodColumn<Row>(t, data.granularity),
    {
      key: 'kind',
      title: t('reports.columns.kind'),
      kind: 'text',
      value: (r) => t(`reports.kinds.${r.kind}`),
    },
    {
      key: 'reason',
      title: t('reports.columns.reason'),
      kind: 'text',
      value: (r) => reasonLabel(r.reason, t),
    },
    { key: 'issued', title: t('reports.columns.issued'), kind: 'count', value: (r) => r.issued },
    { key: 'returned', title: t('reports.columns.returned'), kind: 'count', value: (r) => r.returned },
  ];
  const { free, complimentary } = data.totals;
  return (
    <>
      <AsOf asOf={data.asOf} timeZone={timeZone} />
      <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
        <Descriptions.Item label={t('reports.kinds.free')}>
          <span data-testid="free-total">
            {t('reports.issuedReturned', {
              issued: formatCount(free.issued, locale),
              returned: formatCount(free.returned, locale),
            })}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('reports.kinds.complimentary')}>
          <span data-testid="complimentary-total">
            {t('reports.issuedReturned', {
              issued: formatCount(complimentary.issued, locale),
              returned: formatCount(complimentary.returned, locale),
            })}
          </span>
        </Descriptions.Item>
      </Descriptions>
      {data.rows.length === 0 ? null : (
        <Card size="small">
          <Chart title={t('reports.charts.freeTickets')} option={option} testId="chart-report" />
        </Card>
      )}
      <ReportTable
        rows={data.rows}
        rowKey={(row) => `${row.period}:${row.kind}:${row.reason}`}
        columns={columns}
      />
    </>
  );
}
