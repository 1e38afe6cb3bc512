// 数据看板: today at a glance for one site or all of them — sales, tickets, visitors, visitors inside
// now against the instantaneous maximum (瞬时承载量, read again every 30 s) and the refund rate — and
// the charts: sales over the last 30 days, by ticket type and by channel, visitors by hour today and
// the arrivals heat map of the last four weeks. Each chart has its figures as a table too.
import { useQuery } from '@tanstack/react-query';
import { Card, Col, Empty, Progress, Row, Typography, theme } from 'antd';
import type { TFunction } from 'i18next';
import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { dateTimeAtSite, formatFen } from '../../format';
import { useLocale } from '../../i18n/hooks';
import type { Locale } from '../../i18n/index';
import { Loading, LoadError } from '../catalog/QueryStates';
import { dashboardQuery, reportQuery, type Dashboard as DashboardData } from './api';
import { Chart, type ChartTable } from './charts/Chart';
import { grid, moneyAxis, tooltip } from './charts/options';
import type { ChartOption } from './charts/types';
import { formatCount, formatRate, hourRange } from './figures';
import { HeatmapChart } from './HeatmapChart';
import type { ReportSite } from './ReportSite';

export function Dashboard({ reportSite }: { reportSite: ReportSite }) {
  const { t } = useTranslation();
  const dashboard = useQuery(dashboardQuery(reportSite.siteId));
  if (dashboard.isPending) return <Loading />;
  if (dashboard.isError)
    return <LoadError error={dashboard.error} onRetry={() => void dashboard.refetch()} />;
  const data = dashboard.data;
  return (
    <section data-testid="dashboard" aria-labelledby="dashboard-heading" className="admit-stack">
      <div>
        <Typography.Title level={2} id="dashboard-heading">
          {t('reports.dashboard.title', { date: data.today })}
        </Typography.Title>
        <AsOf asOf={data.asOf} timeZone={reportSite.timeZone} />
      </div>
      <Kpis data={data} siteId={reportSite.siteId} />
      <DashboardCharts data={data} />
    </section>
  );
}

/** How far the summaries have got (they follow the sales within about a minute). */
export function AsOf({ asOf, timeZone }: { asOf: string | null; timeZone: string }) {
  const { t } = useTranslation();
  return (
    <Typography.Text type="secondary" data-testid="reports-as-of">
      {asOf === null ? t('reports.asOfNever') : t('reports.asOf', { time: dateTimeAtSite(asOf, timeZone) })}
    </Typography.Text>
  );
}

function Kpis({ data, siteId }: { data: DashboardData; siteId: string | undefined }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  // Occupancy moves with every scan: its own query, read again every 30 s.
  const live = useQuery(reportQuery('occupancy', { siteId }));
  const occupancy = live.data?.totals ?? {
    inside: data.kpis.inside,
    instantMax: data.kpis.instantMax,
    occupancyBp: data.kpis.occupancyBp,
  };
  const { kpis } = data;
  return (
    <Row gutter={[16, 16]} role="list" aria-label={t('reports.dashboard.kpis')}>
      <Kpi label={t('reports.dashboard.sales')} value={formatFen(kpis.sales)} testId="kpi-sales">
        {t('reports.dashboard.refundsToday', { amount: formatFen(kpis.refunds) })}
      </Kpi>
      <Kpi
        label={t('reports.dashboard.tickets')}
        value={formatCount(kpis.tickets, locale)}
        testId="kpi-tickets"
      />
      <Kpi
        label={t('reports.dashboard.visitors')}
        value={formatCount(kpis.visitors, locale)}
        testId="kpi-visitors"
      />
      <Kpi
        label={t('reports.dashboard.occupancy')}
        value={
          occupancy.instantMax === null
            ? formatCount(occupancy.inside, locale)
            : `${formatCount(occupancy.inside, locale)} / ${formatCount(occupancy.instantMax, locale)}`
        }
        testId="kpi-occupancy"
      >
        {occupancy.occupancyBp === null ? (
          t('reports.dashboard.noInstantMax')
        ) : (
          <OccupancyBar basisPoints={occupancy.occupancyBp} />
        )}
      </Kpi>
      <Kpi
        label={t('reports.dashboard.refundRate')}
        value={formatRate(kpis.refundRateBp)}
        testId="kpi-refund-rate"
      >
        {t('reports.dashboard.ticketsRefunded', { n: formatCount(kpis.ticketsRefunded, locale) })}
      </Kpi>
    </Row>
  );
}

function Kpi({
  label,
  value,
  testId,
  children,
}: {
  label: string;
  value: string;
  testId: string;
  children?: ReactNode;
}) {
  const { token } = theme.useToken();
  return (
    <Col xs={24} sm={12} xl={{ flex: '20%' }} role="listitem">
      <Card size="small" style={{ height: '100%' }}>
        <Typography.Text type="secondary">{label}</Typography.Text>
        <div
          data-testid={testId}
          style={{ fontSize: token.fontSizeHeading3, fontWeight: token.fontWeightStrong, lineHeight: 1.4 }}
        >
          {value}
        </div>
        {children === undefined ? null : <div className="admit-muted">{children}</div>}
      </Card>
    </Col>
  );
}

/** Inside against the maximum; amber from 80 %, red from 100 % (the gates hold entry then). */
export function OccupancyBar({ basisPoints }: { basisPoints: number }) {
  const { token } = theme.useToken();
  const percent = basisPoints / 100;
  const color = percent >= 100 ? token.colorError : percent >= 80 ? token.colorWarning : token.colorSuccess;
  return (
    <Progress
      percent={Math.min(100, percent)}
      strokeColor={color}
      size="small"
      format={() => <span data-testid="kpi-occupancy-rate">{formatRate(basisPoints)}</span>}
    />
  );
}

function DashboardCharts({ data }: { data: DashboardData }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const charts = useMemo(() => dashboardCharts(data, t, locale), [data, t, locale]);
  return (
    <Row gutter={[16, 16]}>
      <Col span={24}>
        <Card size="small">
          <Chart {...charts.salesByDay} testId="chart-sales-by-day" />
        </Card>
      </Col>
      <Col xs={24} xl={12}>
        <Card size="small">
          {data.byTicketType.length === 0 ? (
            <NoData title={t('reports.dashboard.byTicketType')} />
          ) : (
            <Chart {...charts.byTicketType} testId="chart-by-ticket-type" />
          )}
        </Card>
      </Col>
      <Col xs={24} xl={12}>
        <Card size="small">
          {data.byChannel.length === 0 ? (
            <NoData title={t('reports.dashboard.byChannel')} />
          ) : (
            <Chart {...charts.byChannel} testId="chart-by-channel" />
          )}
        </Card>
      </Col>
      <Col span={24}>
        <Card size="small">
          <Chart {...charts.visitorsByHour} testId="chart-visitors-by-hour" />
        </Card>
      </Col>
      <Col span={24}>
        <Card size="small">
          <HeatmapChart
            data={data.heatmap}
            title={t('reports.dashboard.heatmap')}
            testId="chart-heatmap"
            withTable
          />
        </Card>
      </Col>
    </Row>
  );
}

function NoData({ title }: { title: string }) {
  const { t } = useTranslation();
  return (
    <>
      <Typography.Text strong>{title}</Typography.Text>
      <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('reports.noData')} />
    </>
  );
}

type ChartProps = { title: string; option: ChartOption; table: ChartTable; height?: number };

/** The dashboard's charts and their tables, from its one answer. */
function dashboardCharts(data: DashboardData, t: TFunction, locale: Locale) {
  const count = (n: number) => formatCount(n, locale);
  const salesTitle = t('reports.columns.sales');
  const salesByDay: ChartProps = {
    title: t('reports.dashboard.salesByDay'),
    option: {
      tooltip: tooltip('axis', true),
      grid,
      xAxis: { type: 'category', data: data.salesByDay.map((day) => day.date.slice(5)) },
      yAxis: moneyAxis(),
      series: [
        {
          type: 'line',
          name: salesTitle,
          smooth: true,
          areaStyle: { opacity: 0.08 },
          data: data.salesByDay.map((day) => day.sales),
        },
      ],
    },
    table: {
      columns: [
        { key: 'date', title: t('reports.columns.date') },
        { key: 'sales', title: salesTitle, numeric: true },
        { key: 'tickets', title: t('reports.columns.ticketsSold'), numeric: true },
        { key: 'visitors', title: t('reports.columns.visitors'), numeric: true },
      ],
      rows: data.salesByDay.map((day) => ({
        key: day.date,
        cells: {
          date: day.date,
          sales: formatFen(day.sales),
          tickets: count(day.tickets),
          visitors: count(day.visitors),
        },
      })),
    },
  };

  const sliceTable = (slices: DashboardData['byTicketType'], labelTitle: string): ChartTable => ({
    columns: [
      { key: 'label', title: labelTitle },
      { key: 'tickets', title: t('reports.columns.ticketsSold'), numeric: true },
      { key: 'sales', title: salesTitle, numeric: true },
    ],
    rows: slices.map((slice) => ({
      key: slice.key,
      cells: { label: slice.label, tickets: count(slice.tickets), sales: formatFen(slice.sales) },
    })),
  });

  const byTicketType: ChartProps = {
    title: t('reports.dashboard.byTicketType'),
    option: {
      tooltip: tooltip('item', true),
      legend: { type: 'scroll', orient: 'vertical', right: 0, top: 'middle' },
      series: [
        {
          type: 'pie',
          name: salesTitle,
          radius: ['40%', '70%'],
          center: ['35%', '50%'],
          label: { show: false },
          data: data.byTicketType.map((slice) => ({ name: slice.label, value: slice.sales })),
        },
      ],
    },
    table: sliceTable(data.byTicketType, t('reports.columns.ticketType')),
  };

  const byChannel: ChartProps = {
    title: t('reports.dashboard.byChannel'),
    option: {
      tooltip: tooltip('axis', true),
      grid: { ...grid, top: 8 },
      xAxis: moneyAxis(),
      yAxis: { type: 'category', inverse: true, data: data.byChannel.map((slice) => slice.label) },
      series: [{ type: 'bar', name: salesTitle, data: data.byChannel.map((slice) => slice.sales) }],
    },
    table: sliceTable(data.byChannel, t('reports.columns.channel')),
  };

  const entries = t('reports.columns.entries');
  const exits = t('reports.columns.exits');
  const visitorsByHour: ChartProps = {
    title: t('reports.dashboard.visitorsByHour'),
    option: {
      tooltip: tooltip('axis'),
      legend: { top: 0 },
      grid,
      xAxis: { type: 'category', data: data.visitorsByHour.map((h) => String(h.hour)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { type: 'bar', name: entries, data: data.visitorsByHour.map((h) => h.entries) },
        { type: 'bar', name: exits, data: data.visitorsByHour.map((h) => h.exits) },
      ],
    },
    table: {
      columns: [
        { key: 'hour', title: t('reports.columns.hour') },
        { key: 'entries', title: entries, numeric: true },
        { key: 'exits', title: exits, numeric: true },
      ],
      rows: data.visitorsByHour.map((h) => ({
        key: String(h.hour),
        cells: { hour: hourRange(h.hour), entries: count(h.entries), exits: count(h.exits) },
      })),
    },
  };

  return { salesByDay, byTicketType, byChannel, visitorsByHour };
}
