// The part of the charts that needs echarts, loaded on demand (Chart.tsx imports it lazily) so the
// library stays out of the main bundle. Only the series and components the reports draw are
// registered, and the SVG renderer: smaller than canvas, sharp when printed, and it draws under jsdom.
import { BarChart, HeatmapChart, LineChart, PieChart } from 'echarts/charts';
import {
  DatasetComponent,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
// echarts' `use` registers modules; aliased so it is not mistaken for React's `use` hook.
import { init, use as registerModules, type EChartsType } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import type { ChartOption, ChartTheme } from './types';

registerModules([
  BarChart,
  HeatmapChart,
  LineChart,
  PieChart,
  DatasetComponent,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  VisualMapComponent,
  SVGRenderer,
]);

/** The width drawn at before the container has one (not laid out yet, or jsdom); a resize corrects it. */
const FALLBACK_WIDTH = 640;

export default function EChart({
  option,
  theme,
  height,
  locale,
}: {
  option: ChartOption;
  theme: ChartTheme;
  height: number;
  locale: 'ZH' | 'EN';
}) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);

  // A theme or language change means a new instance: echarts applies both only at init.
  useEffect(() => {
    const element = container.current;
    if (element === null) return;
    const instance = init(element, theme, {
      renderer: 'svg',
      locale,
      height,
      width: element.clientWidth > 0 ? undefined : FALLBACK_WIDTH,
    });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize({ width: 'auto', height }));
    observer.observe(element);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, [theme, locale, height]);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option, theme, locale, height]);

  return <div ref={container} className="admit-chart-canvas" style={{ height }} aria-hidden="true" />;
}
