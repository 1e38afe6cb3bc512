// The visitor reports, from the gates: entries by hour and by session, visitors inside now against
// the instantaneous maximum (read again every 30 s), capacity use per session (sold of capacity,
// entered of sold) and the arrivals heat map.
import { useQuery } from '@tanstack/react-query';
import { Card, Progress, theme } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { timeAtSite } from '../../format';
import { reportQuery, type ReportData, type ReportParams } from './api';
import { Chart } from './charts/Chart';
import { grid, tooltip } from './charts/options';
import type { ChartOption } from './charts/types';
import { AsOf } from './Dashboard';
import { formatRate, heatmapGrid, heatmapRowLabel, hourRange, periodLabel } from './figures';
import { HeatmapChart } from './HeatmapChart';
import { QueryView, type ReportBodyProps } from './ReportScreen';
import { ReportTable, type ReportColumn } from './ReportTable';

type Sites = ReportData<'capacity'>['sites'];

export function VisitorsByHourReport({ params, timeZone }: ReportBodyProps) {
  const query = useQuery(reportQuery('visitors_by_hour', params));
  return (
    <QueryView query={query}>{(data) => <VisitorsByHourFigures data={data} timeZone={timeZone} />}</QueryView>
  );
}

function VisitorsByHourFigures({
  data,
  timeZone,
}: {
  data: ReportData<'visitors_by_hour'>;
  timeZone: string;
}) {
  const { t } = useTranslation();
  type Row = (typeof data.rows)[number];
  const option = useMemo((): ChartOption => {
    // The range's hours added up: when in the day the visitors come and go.
    const entries = Array.from({ length: 24 }, () => 0);
    const exits = Array.from({ length: 24 }, () => 0);
    for (const row of data.rows) {
      entries[row.hour] = (entries[row.hour] ?? 0) + row.entries;
      exits[row.hour] = (exits[row.hour] ?? 0) + row.exits;
    }
    return {
      tooltip: tooltip('axis'),
      legend: { top: 0 },
      grid,
      xAxis: { type: 'category', data: entries.map((_count, hour) => String(hour)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { type: 'bar', name: t('reports.columns.entries'), data: entries },
        { type: 'bar', name: t('reports.columns.exits'), data: exits },
      ],
    };
  }, [data, t]);
  const columns: ReportColumn<Row>[] = [
    {
      key: 'period',
      title: t('reports.columns.period'),
      kind: 'text',
      value: (r) => periodLabel(r.period, data.granularity, t),
    },
    { key: 'hour', title: t('reports.columns.hour'), kind: 'text', value: (r) => hourRange(r.hour) },
    { key: 'entries', title: t('reports.columns.entries'), kind: 'count', value: (r) => r.entries },
    { key: 'exits', title: t('reports.columns.exits'), kind: 'count', value: (r) => r.exits },
  ];
  return (
    <>
      <AsOf asOf={data.asOf} timeZone={timeZone} />
      {data.rows.length === 0 ? null : (
        <Card size="small">
          <Chart title={t('reports.charts.visitorsByHour')} option={option} testId="chart-report" />
        </Card>
      )}
      <ReportTable
        rows={data.rows}
        rowKey={(row) => `${row.period}:${row.hour}`}
        columns={columns}
        totals={data.totals}
      />
    </>
  );
}

type SessionRow = {
  siteId: string;
  sessionId: string;
  businessDate: string;
  startsAt: string;
  endsAt: string;
  label: string;
};

/** The columns naming a session: its site (when the report covers several), date, name and times. */
function useSessionColumns<T extends SessionRow>(sites: Sites): ReportColumn<T>[] {
  const { t } = useTranslation();
  const zones = new Map(sites.map((site) => [site.id, site]));
  const zoneOf = (row: T) => zones.get(row.siteId)?.timeZone ?? 'Asia/Shanghai';
  return [
    ...(sites.length > 1
      ? [
          {
            key: 'site',
            title: t('reports.columns.site'),
            kind: 'text',
            value: (row: T) => zones.get(row.siteId)?.name ?? '',
          } satisfies ReportColumn<T>,
        ]
      : []),
    { key: 'date', title: t('reports.columns.date'), kind: 'text', value: (row) => row.businessDate },
    { key: 'session', title: t('reports.columns.session'), kind: 'text', value: (row) => row.label },
    {
      key: 'time',
      title: t('reports.columns.time'),
      kind: 'text',
      value: (row) => `${timeAtSite(row.startsAt, zoneOf(row))}–${timeAtSite(row.endsAt, zoneOf(row))}`,
    },
  ];
}

export function VisitorsBySessionReport({ params, timeZone }: ReportBodyProps) {
  const query = useQuery(reportQuery('visitors_by_session', params));
  return (
    <QueryView query={query}>
      {(data) => <VisitorsBySessionFigures data={data} timeZone={timeZone} />}
    </QueryView>
  );
}

function VisitorsBySessionFigures({
  data,
  timeZone,
}: {
  data: ReportData<'visitors_by_session'>;
  timeZone: string;
}) {
  const { t } = useTranslation();
  type Row = (typeof data.rows)[number];
  const columns: ReportColumn<Row>[] = [
    ...useSessionColumns<Row>(data.sites),
    { key: 'entries', title: t('reports.columns.entries'), kind: 'count', value: (r) => r.entries },
    { key: 'exits', title: t('reports.columns.exits'), kind: 'count', value: (r) => r.exits },
  ];
  return (
    <>
      <AsOf asOf={data.asOf} timeZone={timeZone} />
      <ReportTable rows={data.rows} rowKey={(row) => row.sessionId} columns={columns} totals={data.totals} />
    </>
  );
}

/** A rate as a bar with its figure; amber from 80 %, red from 100 %. */
function RateBar({ basisPoints }: { basisPoints: number | null }) {
  const { token } = theme.useToken();
  if (basisPoints === null) return <>—</>;
  const percent = basisPoints / 100;
  const color = percent >= 100 ? token.colorError : percent >= 80 ? token.colorWarning : token.colorSuccess;
  return (
    <Progress
      percent={Math.min(100, percent)}
      strokeColor={color}
      size="small"
      style={{ minWidth: 140, margin: 0 }}
      format={() => formatRate(basisPoints)}
    />
  );
}

export function OccupancyReport({ params, timeZone }: ReportBodyProps) {
  const { t } = useTranslation();
  // Only the site: occupancy is now, not a range.
  const live: ReportParams = { siteId: params.siteId };
  const query = useQuery(reportQuery('occupancy', live));
  return (
    <QueryView query={query}>
      {(data) => {
        type Row = (typeof data.rows)[number];
        const columns: ReportColumn<Row>[] = [
          {
            key: 'site',
            title: t('reports.columns.site'),
            kind: 'text',
            value: (r) => `${r.name} (${r.code})`,
          },
          { key: 'date', title: t('reports.columns.date'), kind: 'text', value: (r) => r.businessDate },
          { key: 'inside', title: t('reports.columns.inside'), kind: 'count', value: (r) => r.inside },
          {
            key: 'instantMax',
            title: t('reports.columns.instantMax'),
            kind: 'count',
            value: (r) => r.instantMax,
          },
          {
            key: 'occupancyBp',
            title: t('reports.columns.occupancy'),
            kind: 'rate',
            value: (r) => r.occupancyBp,
            render: (r) => <RateBar basisPoints={r.occupancyBp} />,
          },
          {
            key: 'entriesToday',
            title: t('reports.columns.entriesToday'),
            kind: 'count',
            value: (r) => r.entriesToday,
          },
          {
            key: 'exitsToday',
            title: t('reports.columns.exitsToday'),
            kind: 'count',
            value: (r) => r.exitsToday,
          },
        ];
        return (
          <>
            <AsOf asOf={data.asOf} timeZone={timeZone} />
            <ReportTable
              rows={data.rows}
              rowKey={(row) => row.siteId}
              columns={columns}
              totals={data.totals}
            />
          </>
        );
      }}
    </QueryView>
  );
}

export function CapacityReport({ params, timeZone }: ReportBodyProps) {
  const query = useQuery(reportQuery('capacity', params));
  return <QueryView query={query}>{(data) => <CapacityFigures data={data} timeZone={timeZone} />}</QueryView>;
}

function CapacityFigures({ data, timeZone }: { data: ReportData<'capacity'>; timeZone: string }) {
  const { t } = useTranslation();
  type Row = (typeof data.rows)[number];
  const columns: ReportColumn<Row>[] = [
    ...useSessionColumns<Row>(data.sites),
    { key: 'capacity', title: t('reports.columns.capacity'), kind: 'count', value: (r) => r.capacity },
    { key: 'sold', title: t('reports.columns.sold'), kind: 'count', value: (r) => r.sold },
    { key: 'entered', title: t('reports.columns.entered'), kind: 'count', value: (r) => r.entered },
    {
      key: 'soldRateBp',
      title: t('reports.columns.soldRate'),
      kind: 'rate',
      value: (r) => r.soldRateBp,
      render: (r) => <RateBar basisPoints={r.soldRateBp} />,
    },
    {
      key: 'enteredRateBp',
      title: t('reports.columns.enteredRate'),
      kind: 'rate',
      value: (r) => r.enteredRateBp,
    },
  ];
  return (
    <>
      <AsOf asOf={data.asOf} timeZone={timeZone} />
      <ReportTable rows={data.rows} rowKey={(row) => row.sessionId} columns={columns} totals={data.totals} />
    </>
  );
}

export function HeatmapReport({ params, timeZone }: ReportBodyProps) {
  const query = useQuery(reportQuery('heatmap', params));
  return <QueryView query={query}>{(data) => <HeatmapFigures data={data} timeZone={timeZone} />}</QueryView>;
}

function HeatmapFigures({ data, timeZone }: { data: ReportData<'heatmap'>; timeZone: string }) {
  const { t } = useTranslation();
  const cells = heatmapGrid(data);
  type Row = { row: string; counts: number[] };
  const rows: Row[] = data.rows.map((row, i) => ({ row, counts: cells[i] ?? [] }));
  const hours = Array.from({ length: 24 }, (_, hour) => hour);
  const columns: ReportColumn<Row>[] = [
    { key: 'row', title: t('reports.columns.day'), kind: 'text', value: (r) => heatmapRowLabel(r.row, t) },
    ...hours.map((hour): ReportColumn<Row> => ({
      key: `h${hour}`,
      title: String(hour),
      kind: 'count',
      value: (r) => r.counts[hour] ?? 0,
    })),
    {
      key: 'entries',
      title: t('reports.columns.total'),
      kind: 'count',
      value: (r) => r.counts.reduce((sum, count) => sum + count, 0),
    },
  ];
  const totals = {
    ...Object.fromEntries(
      hours.map((hour) => [`h${hour}`, rows.reduce((sum, r) => sum + (r.counts[hour] ?? 0), 0)]),
    ),
    entries: data.total,
  };
  return (
    <>
      <AsOf asOf={data.asOf} timeZone={timeZone} />
      <Card size="small">
        <HeatmapChart
          data={data}
          title={t('reports.views.heatmap')}
          testId="chart-report"
          withTable={false}
        />
      </Card>
      <ReportTable rows={rows} rowKey={(row) => row.row} columns={columns} totals={totals} />
    </>
  );
}
