// Pieces of chart options the reports share. Money stays in fen in the data (the tables use the same
// numbers) and is written as yuan on axes and in tooltips. Tooltips are drawn inside the chart
// (richText), not as HTML with inline styles, which the content security policy would block.
import type { TooltipComponentOption } from 'echarts/components';
import { formatFen } from '../../../format';

export function tooltip(trigger: 'axis' | 'item', money = false): TooltipComponentOption {
  return {
    trigger,
    renderMode: 'richText',
    ...(money ? { valueFormatter: (value) => formatFen(Number(value)) } : {}),
  };
}

/** A value axis of fen, labelled in yuan (50000 → ¥500). */
export function moneyAxis(name?: string) {
  return {
    type: 'value' as const,
    ...(name === undefined ? {} : { name }),
    axisLabel: { formatter: (value: number) => `¥${value / 100}` },
  };
}

/** A value axis of per cent from basis points (1250 → 12.5%). */
export function rateAxis(name?: string) {
  return {
    type: 'value' as const,
    ...(name === undefined ? {} : { name }),
    axisLabel: { formatter: (value: number) => `${value / 100}%` },
  };
}

/** The plot area with room for the legend above and the axis labels inside the chart. */
export const grid = {
  top: 36,
  left: 8,
  right: 16,
  bottom: 8,
  outerBoundsMode: 'same' as const,
  outerBoundsContain: 'axisLabel' as const,
};
