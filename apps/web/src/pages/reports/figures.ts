// How report figures read — rates (basis points from the server) as per cent, counts with the
// language's digit grouping, periods by their granularity, hours as ranges (money uses formatFen) —
// and the shapes the charts draw from a report's rows.
import type { ReportGranularity } from '@admit/contracts';
import type { TFunction } from 'i18next';
import type { Locale } from '../../i18n/index';

/** 1234 basis points → "12.34%"; no rate (nothing to divide by) → "—". */
export function formatRate(basisPoints: number | null): string {
  if (basisPoints === null) return '—';
  return `${(basisPoints / 100).toFixed(2)}%`;
}

export function formatCount(count: number, locale: Locale): string {
  return new Intl.NumberFormat(locale).format(count);
}

/** Bytes as kB or MB (1 kB = 1024 bytes, as file managers show it). */
export function fileSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} kB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** A bucket named by its first day: the day, the week starting that Monday, or the month. */
export function periodLabel(period: string, granularity: ReportGranularity, t: TFunction): string {
  if (granularity === 'month') return period.slice(0, 7);
  if (granularity === 'week') return t('reports.weekOf', { date: period });
  return period;
}

/** Hour 9 → "09:00–10:00". */
export function hourRange(hour: number): string {
  const pad = (h: number) => `${String(h).padStart(2, '0')}:00`;
  return `${pad(hour)}–${pad(hour + 1)}`;
}

/** A heat map row: an ISO weekday '1'…'7' by name, or a date as it is. */
export function heatmapRowLabel(row: string, t: TFunction): string {
  return /^[1-7]$/.test(row) ? t(`reports.weekdays.${row as '1'}`) : row;
}

/** Groups drawn apart in a chart; the others are added up as one. */
const CHART_GROUPS = 8;

export type GroupedRow = { period: string; key: string | null; label: string };

/**
 * Series over the periods, one per group (the largest by `value` first, the rest as "other"), for a
 * stacked bar chart. Periods without a row are 0.
 */
export function groupedSeries<T extends GroupedRow>(
  rows: T[],
  value: (row: T) => number,
  otherLabel: string,
): { periods: string[]; series: { name: string; data: number[] }[] } {
  const periods = [...new Set(rows.map((row) => row.period))].sort();
  const totals = new Map<string, { label: string; total: number }>();
  for (const row of rows) {
    const key = row.key ?? '';
    const group = totals.get(key) ?? { label: row.label, total: 0 };
    group.total += value(row);
    totals.set(key, group);
  }
  const ranked = [...totals.entries()].sort((a, b) => b[1].total - a[1].total);
  const shown = ranked.slice(0, CHART_GROUPS);
  const shownKeys = new Set(shown.map(([key]) => key));
  const position = new Map(periods.map((period, i) => [period, i]));
  const series = shown.map(([key, group]) => ({ key, name: group.label, data: periods.map(() => 0) }));
  const other = { key: null, name: otherLabel, data: periods.map(() => 0) };
  for (const row of rows) {
    const key = row.key ?? '';
    const target = shownKeys.has(key) ? series.find((s) => s.key === key) : other;
    const i = position.get(row.period);
    if (target !== undefined && i !== undefined) target.data[i] = (target.data[i] ?? 0) + value(row);
  }
  const all = ranked.length > CHART_GROUPS ? [...series, other] : series;
  return { periods, series: all.map(({ name, data }) => ({ name, data })) };
}

export type HeatmapData = {
  rows: string[];
  cells: { row: string; hour: number; entries: number }[];
  max: number;
};

/** Entries per row and hour, every cell present (the server sends only cells with entries). */
export function heatmapGrid(data: HeatmapData): number[][] {
  const index = new Map(data.rows.map((row, i) => [row, i]));
  const cells = data.rows.map(() => Array.from({ length: 24 }, () => 0));
  for (const cell of data.cells) {
    const row = index.get(cell.row);
    if (row !== undefined && cell.hour >= 0 && cell.hour < 24) cells[row]![cell.hour] = cell.entries;
  }
  return cells;
}
