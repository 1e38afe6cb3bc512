// The arrivals heat map: entries per day (or ISO weekday) and hour of the site's day. Every row of the
// grid is listed, with or without entries, so a chart draws empty days as empty; only cells with
// entries are listed, the rest are 0.
import { datesInRange, isoWeekday } from './periods';

export type HeatmapMode = 'date_hour' | 'weekday_hour';
export type HourCount = { date: string; hour: number; entries: number };
export type HeatmapCell = { row: string; hour: number; entries: number };
export type Heatmap = { rows: string[]; cells: HeatmapCell[]; max: number; total: number };

export function arrivalsHeatmap(
  counts: readonly HourCount[],
  mode: HeatmapMode,
  from: string,
  to: string,
): Heatmap {
  const rows = mode === 'date_hour' ? datesInRange(from, to) : ['1', '2', '3', '4', '5', '6', '7'];
  const cells = new Map<string, HeatmapCell>();
  let total = 0;
  for (const c of counts) {
    if (c.date < from || c.date > to || c.entries === 0) continue;
    if (!Number.isInteger(c.hour) || c.hour < 0 || c.hour > 23) throw new RangeError(`hour ${c.hour}`);
    const row = mode === 'date_hour' ? c.date : String(isoWeekday(c.date));
    const id = `${row} ${c.hour}`;
    const cell = cells.get(id) ?? { row, hour: c.hour, entries: 0 };
    cell.entries += c.entries;
    cells.set(id, cell);
    total += c.entries;
  }
  const order = new Map(rows.map((r, i) => [r, i]));
  const list = [...cells.values()].sort((a, b) => order.get(a.row)! - order.get(b.row)! || a.hour - b.hour);
  return { rows, cells: list, max: list.reduce((m, c) => Math.max(m, c.entries), 0), total };
}
