// The charts' colours and type from the Ant Design theme, so a chart looks like the page around it:
// the series palette starts with the brand colour, text and lines use the same greys as tables.
import type { GlobalToken } from 'antd';
import type { ChartTheme } from './types';

/** The series colours in order: the brand colour, then Ant Design's preset colours that stand apart from it. */
export function seriesPalette(token: GlobalToken): string[] {
  return [
    token.colorPrimary,
    token.blue6,
    token.gold6,
    token.green6,
    token.purple6,
    token.cyan6,
    token.magenta6,
    token.orange6,
    token.geekblue6,
    token.lime6,
  ];
}

export function chartTheme(token: GlobalToken): ChartTheme {
  const axis = {
    axisLine: { lineStyle: { color: token.colorBorder } },
    axisTick: { lineStyle: { color: token.colorBorder } },
    axisLabel: { color: token.colorTextSecondary },
    splitLine: { lineStyle: { color: token.colorBorderSecondary } },
    nameTextStyle: { color: token.colorTextSecondary },
  };
  return {
    color: seriesPalette(token),
    backgroundColor: 'transparent',
    textStyle: { fontFamily: token.fontFamily, fontSize: token.fontSizeSM, color: token.colorText },
    legend: { textStyle: { color: token.colorTextSecondary } },
    tooltip: {
      backgroundColor: token.colorBgElevated,
      borderColor: token.colorBorderSecondary,
      textStyle: { color: token.colorText },
    },
    categoryAxis: axis,
    valueAxis: axis,
    visualMap: { textStyle: { color: token.colorTextSecondary } },
    // A few wide categories (two channels, three days) would otherwise give slabs.
    bar: { barMaxWidth: 40 },
  };
}

/** The heat map's scale: from the page's background to the brand colour. */
export function heatScale(token: GlobalToken): string[] {
  return [token.colorBgContainer, token.colorPrimaryBg, token.colorPrimaryBorder, token.colorPrimary];
}
