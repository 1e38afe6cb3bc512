// One report: its title and what it counts, its filters (from the address), the export buttons with
// the same filters, and its figures — a chart where one helps, and the table with the totals.
import type { ReportKind } from '@admit/contracts';
import type { UseQueryResult } from '@tanstack/react-query';
import { Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { todayAtSite } from '../../format';
import { Loading, LoadError } from '../catalog/QueryStates';
import type { ReportParams } from './api';
import { ExportButtons } from './ExportButtons';
import { readFilters, REPORT_FIELDS, reportParams, writeFilters, type ReportFilters } from './filters';
import { ReportFiltersForm } from './ReportFiltersForm';
import type { ReportSite } from './ReportSite';
import { FreeTicketsReport, RefundsReport, SalesReport } from './SalesReports';
import {
  CapacityReport,
  HeatmapReport,
  OccupancyReport,
  VisitorsByHourReport,
  VisitorsBySessionReport,
} from './VisitorReports';

export type ReportBodyProps = { params: ReportParams; filters: ReportFilters; timeZone: string };

const bodies: Record<ReportKind, (props: ReportBodyProps) => ReactNode> = {
  sales: SalesReport,
  refunds: RefundsReport,
  free_tickets: FreeTicketsReport,
  visitors_by_hour: VisitorsByHourReport,
  visitors_by_session: VisitorsBySessionReport,
  occupancy: OccupancyReport,
  capacity: CapacityReport,
  heatmap: HeatmapReport,
};

export function ReportScreen({ kind, reportSite }: { kind: ReportKind; reportSite: ReportSite }) {
  const { t } = useTranslation();
  const [search, setSearch] = useSearchParams();
  const filters = readFilters(search, kind, todayAtSite(reportSite.timeZone));
  const params = reportParams(kind, filters, reportSite.siteId);
  const Body = bodies[kind];
  return (
    <section aria-labelledby="report-heading" data-testid={`report-screen-${kind}`} className="admit-stack">
      <div>
        <Typography.Title level={2} id="report-heading">
          {t(`reports.views.${kind}`)}
        </Typography.Title>
        <Typography.Text type="secondary">{t(`reports.descriptions.${kind}`)}</Typography.Text>
      </div>
      {/* Live occupancy has no filters: it is now, at the sites chosen above. */}
      {REPORT_FIELDS[kind].range ? (
        <ReportFiltersForm
          kind={kind}
          applied={filters}
          siteId={reportSite.siteId}
          onApply={(next) => setSearch((previous) => writeFilters(previous, next))}
        />
      ) : null}
      <ExportButtons kind={kind} params={params} />
      <Body params={params} filters={filters} timeZone={reportSite.timeZone} />
    </section>
  );
}

/** A report's answer once it is there; the loading and error states before. */
export function QueryView<T>({
  query,
  children,
}: {
  query: UseQueryResult<T>;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) return <Loading />;
  if (query.isError) return <LoadError error={query.error} onRetry={() => void query.refetch()} />;
  return <>{children(query.data)}</>;
}
