// Which report is shown and with which filters: both live in the address (?report=sales&from=…), so a
// report can be bookmarked or sent to a colleague, and the dates stay when switching reports or sites.
// Each report reads the filters it has; a value another report would take (a grouping) falls back.
import {
  heatmapModeSchema,
  refundGroupingSchema,
  reportGranularitySchema,
  reportKindSchema,
  salesGroupingSchema,
  type ReportGranularity,
  type ReportKind,
} from '@admit/contracts';
import { addDays } from '@admit/domain';
import type { ReportParams } from './api';

/** The entries of the report picker: the dashboard, each report, the daily summary e-mail's settings. */
export const REPORT_VIEWS = [
  'dashboard',
  'sales',
  'refunds',
  'visitors_by_hour',
  'visitors_by_session',
  'occupancy',
  'capacity',
  'heatmap',
  'free_tickets',
  'daily_summary',
] as const satisfies readonly (ReportKind | 'dashboard' | 'daily_summary')[];
export type ReportView = (typeof REPORT_VIEWS)[number];

export type HeatmapMode = (typeof heatmapModeSchema.options)[number];

export type ReportFilters = {
  from: string;
  to: string;
  granularity: ReportGranularity;
  groupBy: string;
  mode: HeatmapMode;
  gateId: string | undefined;
};

/** The filters each report has. */
export const REPORT_FIELDS: Record<
  ReportKind,
  { range: boolean; granularity: boolean; groupings: readonly string[]; mode: boolean; gate: boolean }
> = {
  sales: { range: true, granularity: true, groupings: salesGroupingSchema.options, mode: false, gate: false },
  refunds: {
    range: true,
    granularity: true,
    groupings: refundGroupingSchema.options,
    mode: false,
    gate: false,
  },
  visitors_by_hour: { range: true, granularity: true, groupings: [], mode: false, gate: true },
  visitors_by_session: { range: true, granularity: false, groupings: [], mode: false, gate: false },
  occupancy: { range: false, granularity: false, groupings: [], mode: false, gate: false },
  capacity: { range: true, granularity: false, groupings: [], mode: false, gate: false },
  heatmap: { range: true, granularity: false, groupings: [], mode: true, gate: false },
  free_tickets: { range: true, granularity: true, groupings: [], mode: false, gate: false },
};

/** Days a report covers unless told otherwise: the last 30, today included. */
export const DEFAULT_DAYS = 30;

export function isReportKind(view: string): view is ReportKind {
  return reportKindSchema.safeParse(view).success;
}

/** The report asked for in the address, if the user may see it; the dashboard otherwise. */
export function readView(search: URLSearchParams, allowed: readonly ReportView[]): ReportView {
  const asked = search.get('report');
  return allowed.find((view) => view === asked) ?? 'dashboard';
}

export function readFilters(search: URLSearchParams, kind: ReportKind, today: string): ReportFilters {
  const fields = REPORT_FIELDS[kind];
  const granularity = reportGranularitySchema.safeParse(search.get('granularity'));
  const mode = heatmapModeSchema.safeParse(search.get('mode'));
  const groupBy = search.get('groupBy');
  return {
    from: search.get('from') ?? addDays(today, 1 - DEFAULT_DAYS),
    to: search.get('to') ?? today,
    // Free tickets are few a day: by month unless asked (the server's default too).
    granularity: granularity.success ? granularity.data : kind === 'free_tickets' ? 'month' : 'day',
    groupBy: groupBy !== null && fields.groupings.includes(groupBy) ? groupBy : 'none',
    mode: mode.success ? mode.data : 'weekday_hour',
    gateId: search.get('gateId') ?? undefined,
  };
}

/** The filters into the address, beside the report chosen. */
export function writeFilters(search: URLSearchParams, filters: ReportFilters): URLSearchParams {
  const next = new URLSearchParams(search);
  next.set('from', filters.from);
  next.set('to', filters.to);
  next.set('granularity', filters.granularity);
  next.set('mode', filters.mode);
  if (filters.groupBy === 'none') next.delete('groupBy');
  else next.set('groupBy', filters.groupBy);
  if (filters.gateId === undefined) next.delete('gateId');
  else next.set('gateId', filters.gateId);
  return next;
}

/** The query a report is asked for with (and exported with): only the filters it has. */
export function reportParams(
  kind: ReportKind,
  filters: ReportFilters,
  siteId: string | undefined,
): ReportParams {
  const fields = REPORT_FIELDS[kind];
  return {
    siteId,
    ...(fields.range ? { from: filters.from, to: filters.to } : {}),
    ...(fields.granularity ? { granularity: filters.granularity } : {}),
    ...(fields.groupings.length > 0 ? { groupBy: filters.groupBy } : {}),
    ...(fields.mode ? { mode: filters.mode } : {}),
    // A gate belongs to one site.
    ...(fields.gate && siteId !== undefined && filters.gateId !== undefined
      ? { gateId: filters.gateId }
      : {}),
  };
}
