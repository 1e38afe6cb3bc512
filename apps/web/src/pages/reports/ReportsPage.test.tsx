import { addDays } from '@admit/domain';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { ComponentProps } from 'react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { yunshan } from '../../test/catalogFixtures';
import { adminMe } from '../../test/fixtures';
import { errorReply, renderPage, type Handler } from '../../test/render';
import { todayAtSite } from '../../format';
import {
  reportIds,
  sampleDailySummary,
  sampleDashboard,
  sampleOccupancy,
  sampleSales,
  statisticianMe,
} from './reportFixtures';
import type * as EChartModule from './charts/EChart';
import type { ChartOption } from './charts/types';
import { HeatmapChart } from './HeatmapChart';
import { ReportsPage } from './ReportsPage';

// The page's tests check what the charts are given and leave out the drawing (echarts' SVG under
// jsdom costs seconds per page of charts); the charts' own test draws for real.
const charts = vi.hoisted(() => ({ drawn: [] as ChartOption[], forReal: false }));
vi.mock('./charts/EChart', async (importOriginal) => {
  const { lazy } = await import('react');
  // Loaded only when a test draws for real: echarts is a large import.
  const EChart = lazy(importOriginal<typeof EChartModule>);
  return {
    default: (props: ComponentProps<typeof EChart>) => {
      if (charts.forReal) return <EChart {...props} />;
      charts.drawn.push(props.option);
      return <svg />;
    },
  };
});

function routes(extra: Record<string, Handler> = {}): Record<string, Handler> {
  return {
    'GET /api/v1/catalog/sites': { status: 200, body: { sites: [yunshan] } },
    'GET /api/v1/reports/dashboard': { status: 200, body: sampleDashboard },
    'GET /api/v1/reports/occupancy': { status: 200, body: sampleOccupancy },
    'GET /api/v1/reports/sales': { status: 200, body: sampleSales },
    ...extra,
  };
}

function renderReports(
  path = '/reports',
  options: { me?: typeof adminMe; extra?: Record<string, Handler> } = {},
) {
  return renderPage(<ReportsPage />, {
    path,
    server: { me: options.me ?? statisticianMe, routes: routes(options.extra) },
  });
}

/** A key press as the browser sends it (Ant Design's input waits for the key-up before the next Enter). */
function pressEnter(element: HTMLElement) {
  fireEvent.keyDown(element, { key: 'Enter', code: 'Enter', keyCode: 13 });
  fireEvent.keyUp(element, { key: 'Enter', code: 'Enter', keyCode: 13 });
}

/** Clicks an export button once the previous download is over (the others wait meanwhile). */
async function exportAs(format: string) {
  const button = screen.getByTestId(`export-${format}`);
  await waitFor(() => {
    expect(screen.getByTestId('export-progress').textContent).toBe('');
    expect(button.hasAttribute('disabled') || button.className.includes('ant-btn-loading')).toBe(false);
  });
  fireEvent.click(button);
}

beforeEach(() => {
  charts.drawn.length = 0;
  charts.forReal = false;
});

describe('reports page', { timeout: 30_000 }, () => {
  it('opens on the dashboard with today’s figures and charts, and goes to a report from the picker by keyboard', async () => {
    const { requests, router } = renderReports();
    const dashboard = await screen.findByTestId('dashboard');
    expect(screen.getByTestId('kpi-sales').textContent).toBe('¥12345.00');
    expect(screen.getByTestId('kpi-tickets').textContent).toBe('152');
    expect(screen.getByTestId('kpi-visitors').textContent).toBe('1,318');
    expect(screen.getByTestId('kpi-refund-rate').textContent).toBe('1.97%');
    // The live query's figures replace the dashboard's once they arrive.
    await waitFor(() => expect(screen.getByTestId('kpi-occupancy').textContent).toBe('320 / 800'));
    expect(screen.getByTestId('kpi-occupancy-rate').textContent).toBe('40.00%');
    // One site: the reports ask for it by id, and there is no picker.
    expect(requests('GET /api/v1/reports/dashboard')[0]?.query.get('siteId')).toBe(reportIds.site);
    expect(screen.queryByTestId('reports-site')).toBeNull();

    for (const chart of ['sales-by-day', 'by-ticket-type', 'by-channel', 'visitors-by-hour', 'heatmap'])
      await waitFor(() =>
        expect(within(dashboard).getByTestId(`chart-${chart}`).querySelector('svg')).not.toBeNull(),
      );
    // The sales line is drawn from the 30 days' figures, in fen (the axis writes them as yuan).
    const salesLine = charts.drawn.find((option) => JSON.stringify(option.xAxis).includes('04-05'));
    expect((salesLine?.series as { data: number[] }[])[0]!.data).toEqual(
      sampleDashboard.salesByDay.map((day) => day.sales),
    );
    // Each chart's figures are a table away.
    fireEvent.click(screen.getByTestId('chart-by-ticket-type-table-toggle'));
    const slices = within(screen.getByTestId('chart-by-ticket-type')).getByRole('table');
    expect(within(slices).getByText('成人票')).toBeTruthy();
    expect(within(slices).getByText('¥9600.00')).toBeTruthy();
    // A statistician only reads: no daily summary settings on offer.
    expect(screen.queryByTestId('report-daily_summary')).toBeNull();

    // The picker is a menu: Tab reaches it, the arrow keys walk it, Enter opens a report. (The menu
    // walks the items it sees laid out; jsdom lays out nothing, so every element counts as shown.)
    vi.spyOn(HTMLElement.prototype, 'offsetParent', 'get').mockReturnValue(document.body);
    const dashboardItem = screen.getByTestId('report-dashboard').closest<HTMLElement>('[role="menuitem"]')!;
    dashboardItem.focus();
    fireEvent.keyDown(dashboardItem, { key: 'ArrowDown', keyCode: 40, which: 40 });
    await waitFor(() => expect(document.activeElement?.textContent).toBe('销售统计'));
    fireEvent.keyDown(document.activeElement!, { key: 'Enter', keyCode: 13, which: 13 });

    const sales = await screen.findByTestId('report-screen-sales');
    expect(router.state.location.search).toBe('?report=sales');
    const table = await within(sales).findByTestId('report-table');
    const child = within(table).getByText('儿童票').closest('tr')!;
    expect(within(child).getByText('¥160.00')).toBeTruthy();
    expect(screen.getByTestId('report-total-sales').textContent).toBe('¥960.00');
    expect(screen.getByTestId('report-total-net').textContent).toBe('¥800.00');
    // The last 30 days at the site unless told otherwise.
    const today = todayAtSite('Asia/Shanghai');
    expect(Object.fromEntries(requests('GET /api/v1/reports/sales')[0]!.query)).toEqual({
      siteId: reportIds.site,
      from: addDays(today, -29),
      to: today,
      granularity: 'day',
      groupBy: 'none',
    });
  });

  it('applies new dates on Enter, and exports the report with the filters on screen', async () => {
    const saved: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push(this.download);
    });
    Object.assign(URL, { createObjectURL: vi.fn(() => 'blob:report'), revokeObjectURL: vi.fn() });
    let refuse = false;
    const { requests, router } = renderReports('/reports?report=sales&groupBy=channel', {
      extra: {
        'GET /api/v1/reports/sales/export': () =>
          refuse
            ? errorReply(403, 'permission_denied', '您没有导出报表的权限。')
            : { status: 200, body: 'report' },
      },
    });
    await screen.findByTestId('report-table');
    const filters = screen.getByTestId('report-filters');
    fireEvent.change(screen.getByTestId('report-from'), { target: { value: '2026-05-01' } });
    fireEvent.change(screen.getByTestId('report-to'), { target: { value: '2026-05-04' } });
    // Enter in a field submits the form (the browser's implicit submission).
    fireEvent.submit(filters);
    await waitFor(() => expect(requests('GET /api/v1/reports/sales')).toHaveLength(2));
    expect(requests('GET /api/v1/reports/sales')[1]!.query.get('from')).toBe('2026-05-01');
    expect(router.state.location.search).toContain('from=2026-05-01');

    for (const format of ['xlsx', 'csv', 'pdf']) {
      await exportAs(format);
      await waitFor(() => expect(saved).toHaveLength(['xlsx', 'csv', 'pdf'].indexOf(format) + 1));
    }
    expect(
      requests('GET /api/v1/reports/sales/export').map((request) => Object.fromEntries(request.query)),
    ).toEqual(
      ['xlsx', 'csv', 'pdf'].map((format) => ({
        format,
        siteId: reportIds.site,
        from: '2026-05-01',
        to: '2026-05-04',
        granularity: 'day',
        groupBy: 'channel',
      })),
    );
    // Without a name from the server, the file is named after the report and its dates.
    expect(saved).toEqual([
      'sales-2026-05-01_2026-05-04.xlsx',
      'sales-2026-05-01_2026-05-04.csv',
      'sales-2026-05-01_2026-05-04.pdf',
    ]);
    refuse = true;
    await exportAs('pdf');
    expect((await screen.findByTestId('export-error')).textContent).toContain('您没有导出报表的权限。');
    expect(saved).toHaveLength(3);

    // A range the server would refuse is stopped here, with the reason.
    fireEvent.change(screen.getByTestId('report-to'), { target: { value: '2026-04-01' } });
    fireEvent.submit(filters);
    expect(await within(filters).findByText('结束日期不能早于开始日期')).toBeTruthy();
    expect(requests('GET /api/v1/reports/sales')).toHaveLength(2);
  });

  it('lets an administrator keep the daily summary’s recipients', async () => {
    let body: unknown;
    const { requests } = renderReports('/reports?report=daily_summary', {
      me: adminMe,
      extra: {
        [`GET /api/v1/reports/daily-summary/${reportIds.site}`]: { status: 200, body: sampleDailySummary },
        [`PUT /api/v1/reports/daily-summary/${reportIds.site}`]: (request) => {
          body = request.body;
          return {
            status: 200,
            body: {
              ...sampleDailySummary,
              ...(request.body as object),
              updatedAt: '2026-05-04T07:00:00.000Z',
            },
          };
        },
      },
    });
    const panel = await screen.findByTestId('daily-summary');
    expect(await within(panel).findByText('boss@example.com')).toBeTruthy();

    const email = screen.getByTestId('daily-summary-email');
    fireEvent.change(email, { target: { value: 'not-an-address' } });
    fireEvent.click(screen.getByTestId('daily-summary-add'));
    expect(screen.getByTestId('daily-summary-problem').textContent).toBe('请输入有效的邮箱地址');
    fireEvent.change(email, { target: { value: 'BOSS@example.com' } });
    pressEnter(email);
    expect(screen.getByTestId('daily-summary-problem').textContent).toBe('这个邮箱已在收件人中');
    fireEvent.change(email, { target: { value: 'ops@example.com' } });
    pressEnter(email);
    expect(within(panel).getByText('ops@example.com')).toBeTruthy();

    fireEvent.click(screen.getByTestId('daily-summary-remove-boss@example.com'));
    fireEvent.click(screen.getByTestId('daily-summary-save'));
    await waitFor(() =>
      expect(requests(`PUT /api/v1/reports/daily-summary/${reportIds.site}`)).toHaveLength(1),
    );
    expect(body).toEqual({
      enabled: true,
      sendHour: 8,
      recipients: [{ email: 'ops@example.com', locale: 'zh-CN' }],
    });
    expect(await screen.findByText('日报设置已保存')).toBeTruthy();
  });
});

describe('charts', { timeout: 30_000 }, () => {
  it('draw with echarts as SVG (under jsdom too), loaded on first use, with their figures as a table', async () => {
    charts.forReal = true;
    // zrender measures text on a canvas, which jsdom lacks; without one it estimates (and stays quiet).
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
    renderPage(
      <HeatmapChart
        title="近 4 周入园热力图"
        testId="chart-test"
        withTable
        data={{
          rows: ['1', '2', '3', '4', '5', '6', '7'],
          cells: [
            { row: '6', hour: 10, entries: 420 },
            { row: '7', hour: 11, entries: 512 },
          ],
          max: 512,
        }}
      />,
      { server: { me: statisticianMe } },
    );
    const figure = screen.getByTestId('chart-test');
    // 7 weekdays × 24 hours of cells, plus the axes and the scale.
    await waitFor(() => expect(figure.querySelectorAll('svg path').length).toBeGreaterThan(7 * 24));
    expect(within(figure).getByText('近 4 周入园热力图')).toBeTruthy();
    const image = within(figure).getByRole('img');
    expect(image.getAttribute('aria-label')).toContain('近 4 周入园热力图');
    expect(image.querySelector('svg')?.closest('[aria-hidden="true"]')).not.toBeNull();

    const toggle = screen.getByTestId('chart-test-table-toggle');
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const table = within(figure).getByRole('table');
    const sunday = within(table).getByText('周日').closest('tr')!;
    expect(within(sunday).getAllByText('512')).toHaveLength(2); // 11:00 and the row's total
    fireEvent.click(toggle);
    expect(within(figure).queryByRole('table')).toBeNull();
  });
});
