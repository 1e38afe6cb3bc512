// The arrivals heat map (入园热力图): entries per row (a weekday or a date) and hour, darker for more,
// on the dashboard and in its report. The same grid is the table behind the chart.
import { theme } from 'antd';
import type { TFunction } from 'i18next';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Chart, type ChartTable } from './charts/Chart';
import { grid, tooltip } from './charts/options';
import { heatScale } from './charts/theme';
import type { ChartOption } from './charts/types';
import { heatmapGrid, heatmapRowLabel, type HeatmapData } from './figures';

const HOURS = Array.from({ length: 24 }, (_, hour) => hour);

/** The grid as a table: a row per weekday or date, a column per hour, and the row's total. */
export function heatmapTable(data: HeatmapData, t: TFunction): ChartTable {
  const cells = heatmapGrid(data);
  return {
    columns: [
      { key: 'row', title: t('reports.columns.day') },
      ...HOURS.map((hour) => ({ key: String(hour), title: String(hour), numeric: true })),
      { key: 'total', title: t('reports.columns.total'), numeric: true },
    ],
    rows: data.rows.map((row, i) => {
      const counts = cells[i] ?? [];
      return {
        key: row,
        cells: {
          row: heatmapRowLabel(row, t),
          ...Object.fromEntries(counts.map((count, hour) => [String(hour), count])),
          total: counts.reduce((sum, count) => sum + count, 0),
        },
      };
    }),
  };
}

export function HeatmapChart({
  data,
  title,
  testId,
  withTable,
}: {
  data: HeatmapData;
  title: string;
  testId: string;
  /** Whether the chart carries its own table (false when the page shows heatmapTable already). */
  withTable: boolean;
}) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const option = useMemo((): ChartOption => {
    const cells = heatmapGrid(data);
    return {
      tooltip: tooltip('item'),
      grid: { ...grid, top: 8, bottom: 56 },
      xAxis: { type: 'category', data: HOURS.map(String), splitArea: { show: true } },
      yAxis: {
        type: 'category',
        inverse: true,
        data: data.rows.map((row) => heatmapRowLabel(row, t)),
        splitArea: { show: true },
      },
      visualMap: {
        min: 0,
        max: Math.max(1, data.max),
        orient: 'horizontal',
        left: 'center',
        bottom: 0,
        itemHeight: 120,
        inRange: { color: heatScale(token) },
      },
      series: [
        {
          type: 'heatmap',
          name: title,
          data: cells.flatMap((counts, row) => counts.map((count, hour) => [hour, row, count])),
        },
      ],
    };
  }, [data, t, token, title]);
  const table = useMemo(() => (withTable ? heatmapTable(data, t) : undefined), [data, t, withTable]);
  // A row per weekday reads at 24 px; a long range of dates gets thinner rows rather than a tall page.
  const height = Math.min(900, Math.max(240, 96 + data.rows.length * 24));
  return (
    <Chart title={title} option={option} height={height} testId={testId} {...(table ? { table } : {})} />
  );
}
