// The reports API (apps/server/src/routes/reports.ts): the dashboard, each report as JSON, each report
// as a file (read with progress, the browser saves it), the summary catch-up, and the daily summary
// e-mail's settings. Everything here reads except the daily summary's settings and the catch-up.
import {
  capacityReportSchema,
  dailySummaryFiguresSchema,
  dailySummarySettingsSchema,
  dashboardSchema,
  errorBodySchema,
  freeTicketsReportSchema,
  heatmapReportSchema,
  occupancyReportSchema,
  refundsReportSchema,
  salesReportSchema,
  summaryRefreshSchema,
  visitorsByHourReportSchema,
  visitorsBySessionReportSchema,
  type DailySummaryUpdate,
  type ExportFormat,
  type ReportKind,
} from '@admit/contracts';
import { queryOptions } from '@tanstack/react-query';
import type { z } from 'zod';
import {
  ApiError,
  apiGet,
  apiRequest,
  CLIENT_ERROR_CODES,
  LOCALE_HEADER,
  type ResponseSchema,
} from '../../api/client';
import { withQuery } from '../../api/query-string';

export const reportsQueryKey = ['reports'] as const;
const base = '/api/v1/reports';

/** A report's query as the server reads it (each report uses some of these). */
export type ReportParams = {
  siteId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  granularity?: string | undefined;
  groupBy?: string | undefined;
  gateId?: string | undefined;
  mode?: string | undefined;
};

const reportPaths: Record<ReportKind, string> = {
  sales: `${base}/sales`,
  visitors_by_hour: `${base}/visitors/hours`,
  visitors_by_session: `${base}/visitors/sessions`,
  capacity: `${base}/capacity`,
  occupancy: `${base}/occupancy`,
  refunds: `${base}/refunds`,
  heatmap: `${base}/heatmap`,
  free_tickets: `${base}/free-tickets`,
};

const reportSchemas = {
  sales: salesReportSchema,
  visitors_by_hour: visitorsByHourReportSchema,
  visitors_by_session: visitorsBySessionReportSchema,
  capacity: capacityReportSchema,
  occupancy: occupancyReportSchema,
  refunds: refundsReportSchema,
  heatmap: heatmapReportSchema,
  free_tickets: freeTicketsReportSchema,
} satisfies Record<ReportKind, z.ZodType>;

export type ReportData<K extends ReportKind> = z.infer<(typeof reportSchemas)[K]>;
export type Dashboard = z.infer<typeof dashboardSchema>;
export type DailySummarySettings = z.infer<typeof dailySummarySettingsSchema>;
export type DailySummaryFigures = z.infer<typeof dailySummaryFiguresSchema>;

/** The live figures change with every scan: read again every 30 s while shown. */
export const LIVE_REFRESH_MS = 30_000;
/** The summaries catch up about once a minute. */
const SUMMARY_REFRESH_MS = 60_000;

export function dashboardQuery(siteId: string | undefined) {
  return queryOptions({
    queryKey: [...reportsQueryKey, 'dashboard', siteId ?? 'all'],
    queryFn: ({ signal }) => apiGet(withQuery(`${base}/dashboard`, { siteId }), dashboardSchema, { signal }),
    refetchInterval: SUMMARY_REFRESH_MS,
  });
}

export function reportQuery<K extends ReportKind>(kind: K, params: ReportParams) {
  return queryOptions({
    queryKey: [...reportsQueryKey, kind, params],
    queryFn: ({ signal }) =>
      apiGet(withQuery(reportPaths[kind], params), reportSchemas[kind] as ResponseSchema<ReportData<K>>, {
        signal,
      }),
    refetchInterval: kind === 'occupancy' ? LIVE_REFRESH_MS : false,
  });
}

/** Brings the summaries up to date now (they catch up every minute anyway); needs only reports.read. */
export function refreshSummaries() {
  return apiRequest(`${base}/refresh`, summaryRefreshSchema, { method: 'POST' });
}

export function dailySummaryQueryKey(siteId: string) {
  return [...reportsQueryKey, 'daily-summary', siteId] as const;
}

export function dailySummaryQuery(siteId: string) {
  return queryOptions({
    queryKey: dailySummaryQueryKey(siteId),
    queryFn: ({ signal }) =>
      apiGet(`${base}/daily-summary/${siteId}`, dailySummarySettingsSchema, { signal }),
  });
}

export function dailySummaryPreviewQuery(siteId: string) {
  return queryOptions({
    queryKey: [...dailySummaryQueryKey(siteId), 'preview'],
    queryFn: ({ signal }) =>
      apiGet(`${base}/daily-summary/${siteId}/preview`, dailySummaryFiguresSchema, { signal }),
  });
}

export function saveDailySummary(siteId: string, body: DailySummaryUpdate) {
  return apiRequest(`${base}/daily-summary/${siteId}`, dailySummarySettingsSchema, { method: 'PUT', body });
}

/** Where a report's file comes from: the report's own query plus the format. */
export function exportPath(kind: ReportKind, format: ExportFormat, params: ReportParams): string {
  return withQuery(`${base}/${kind}/export`, { format, ...params });
}

export type DownloadProgress = { received: number; total: number | null };
export type DownloadedFile = { blob: Blob; filename: string | null };

/**
 * Fetches a file and reports the bytes as they arrive (the exports are streamed, so the size is often
 * unknown until the end). Failures are ApiErrors with the server's code, as for JSON requests.
 */
export async function downloadFile(
  path: string,
  {
    locale,
    signal,
    onProgress,
  }: { locale: string; signal?: AbortSignal; onProgress?: (progress: DownloadProgress) => void },
): Promise<DownloadedFile> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: 'GET',
      headers: { Accept: '*/*', [LOCALE_HEADER]: locale },
      credentials: 'same-origin',
      signal: signal ?? null,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(CLIENT_ERROR_CODES.network, `Network error on ${path}`, { cause });
  }
  if (!response.ok) throw await downloadError(path, response);

  const length = Number(response.headers.get('content-length'));
  const total = Number.isFinite(length) && length > 0 ? length : null;
  const type = response.headers.get('content-type') ?? 'application/octet-stream';
  const filename = filenameFromDisposition(response.headers.get('content-disposition'));
  const reader = response.body?.getReader();
  if (reader === undefined) return { blob: await response.blob(), filename };

  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let received = 0;
  onProgress?.({ received, total });
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    received += value.byteLength;
    onProgress?.({ received, total });
  }
  return { blob: new Blob(chunks, { type }), filename };
}

async function downloadError(path: string, response: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  const parsed = errorBodySchema.safeParse(body);
  if (parsed.success) {
    const { code, message, details, requestId } = parsed.data.error;
    return new ApiError(code, message, { status: response.status, details, requestId });
  }
  return new ApiError(CLIENT_ERROR_CODES.http, `HTTP ${response.status} from ${path}`, {
    status: response.status,
  });
}

/** The file name a Content-Disposition header gives: the UTF-8 one (filename*) when present. */
export function filenameFromDisposition(header: string | null): string | null {
  if (header === null) return null;
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header);
  if (extended?.[1] !== undefined) {
    try {
      return decodeURIComponent(extended[1].trim());
    } catch {
      // Badly encoded: the plain name below will do.
    }
  }
  const plain = /filename\s*=\s*"([^"]*)"|filename\s*=\s*([^;]+)/i.exec(header);
  const name = (plain?.[1] ?? plain?.[2])?.trim();
  return name === undefined || name === '' ? null : name;
}

/** Hands a downloaded file to the browser to save under `name`. */
export function saveFile(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
