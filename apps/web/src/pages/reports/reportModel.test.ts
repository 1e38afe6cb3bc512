import { afterEach, describe, expect, it, vi } from 'vitest';
import { downloadFile, exportPath, filenameFromDisposition, reportQuery } from './api';
import { fileSize, formatRate, groupedSeries, heatmapGrid, hourRange } from './figures';
import { readFilters, readView, reportParams, REPORT_VIEWS, writeFilters } from './filters';

const site = '0190a000-0000-7000-8000-0000000000c1';

describe('report filters in the address', () => {
  it('default to the last 30 days at the site, by day, ungrouped; free tickets by month', () => {
    const none = new URLSearchParams();
    expect(readFilters(none, 'sales', '2026-05-04')).toEqual({
      from: '2026-04-05',
      to: '2026-05-04',
      granularity: 'day',
      groupBy: 'none',
      mode: 'weekday_hour',
      gateId: undefined,
    });
    expect(readFilters(none, 'free_tickets', '2026-05-04').granularity).toBe('month');
  });

  it('drop what a report cannot take: a sales grouping on the refunds report, an unknown granularity', () => {
    const search = new URLSearchParams('groupBy=seller&granularity=year&mode=sideways');
    expect(readFilters(search, 'sales', '2026-05-04')).toMatchObject({
      groupBy: 'seller',
      granularity: 'day',
    });
    expect(readFilters(search, 'refunds', '2026-05-04')).toMatchObject({
      groupBy: 'none',
      mode: 'weekday_hour',
    });
    expect(readFilters(new URLSearchParams('groupBy=site'), 'refunds', '2026-05-04').groupBy).toBe('site');
  });

  it('ask each report for its own filters only, the gate only for one site', () => {
    const filters = readFilters(
      new URLSearchParams('from=2026-05-01&to=2026-05-04&groupBy=channel&gateId=g1&mode=date_hour'),
      'sales',
      '2026-05-04',
    );
    const range = { from: '2026-05-01', to: '2026-05-04' };
    expect(reportParams('sales', filters, site)).toEqual({
      siteId: site,
      ...range,
      granularity: 'day',
      groupBy: 'channel',
    });
    expect(reportParams('visitors_by_hour', filters, site)).toEqual({
      siteId: site,
      ...range,
      granularity: 'day',
      gateId: 'g1',
    });
    expect(reportParams('visitors_by_hour', filters, undefined)).toEqual({
      siteId: undefined,
      ...range,
      granularity: 'day',
    });
    expect(reportParams('heatmap', filters, site)).toEqual({ siteId: site, ...range, mode: 'date_hour' });
    expect(reportParams('capacity', filters, site)).toEqual({ siteId: site, ...range });
    expect(reportParams('occupancy', filters, site)).toEqual({ siteId: site });
  });

  it('keep the report chosen when filters are written, and leave out what is the default', () => {
    const written = writeFilters(new URLSearchParams('report=sales&groupBy=seller&gateId=g1'), {
      from: '2026-05-01',
      to: '2026-05-04',
      granularity: 'week',
      groupBy: 'none',
      mode: 'weekday_hour',
      gateId: undefined,
    });
    expect(written.toString()).toBe(
      'report=sales&from=2026-05-01&to=2026-05-04&granularity=week&mode=weekday_hour',
    );
  });

  it('open the dashboard for a report the user may not see or that does not exist', () => {
    const withoutSummary = REPORT_VIEWS.filter((view) => view !== 'daily_summary');
    expect(readView(new URLSearchParams('report=heatmap'), withoutSummary)).toBe('heatmap');
    expect(readView(new URLSearchParams('report=daily_summary'), withoutSummary)).toBe('dashboard');
    expect(readView(new URLSearchParams('report=payroll'), withoutSummary)).toBe('dashboard');
  });
});

describe('report figures', () => {
  it('reads rates in per cent and hours as ranges', () => {
    expect(formatRate(1234)).toBe('12.34%');
    expect(formatRate(10_000)).toBe('100.00%');
    expect(formatRate(null)).toBe('—');
    expect(hourRange(9)).toBe('09:00–10:00');
    expect(hourRange(23)).toBe('23:00–24:00');
  });

  it('draws the largest groups apart and adds up the rest as "other", every period present', () => {
    const rows = Array.from({ length: 10 }, (_, i) => ({
      period: i % 2 === 0 ? '2026-05-01' : '2026-05-02',
      key: `g${i}`,
      label: `G${i}`,
      sales: (i + 1) * 100,
    }));
    const { periods, series } = groupedSeries(rows, (row) => row.sales, '其他');
    expect(periods).toEqual(['2026-05-01', '2026-05-02']);
    expect(series.map((s) => s.name)).toEqual(['G9', 'G8', 'G7', 'G6', 'G5', 'G4', 'G3', 'G2', '其他']);
    expect(series[0]!.data).toEqual([0, 1000]);
    // G0 (100, on the 1st) and G1 (200, on the 2nd) are "other".
    expect(series.at(-1)!.data).toEqual([100, 200]);
    const total = series.flatMap((s) => s.data).reduce((sum, n) => sum + n, 0);
    expect(total).toBe(rows.reduce((sum, row) => sum + row.sales, 0));
  });

  it('fills the heat map grid with zeros where the server sent no cell', () => {
    const grid = heatmapGrid({
      rows: ['1', '2'],
      cells: [
        { row: '2', hour: 10, entries: 7 },
        { row: '9', hour: 1, entries: 3 },
      ],
      max: 7,
    });
    expect(grid).toHaveLength(2);
    expect(grid[0]).toEqual(Array.from({ length: 24 }, () => 0));
    expect(grid[1]![10]).toBe(7);
    expect(grid.flat().reduce((sum, n) => sum + n, 0)).toBe(7);
  });
});

describe('report files', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('are asked for with the format and the report’s own query', () => {
    expect(
      exportPath('heatmap', 'pdf', { siteId: site, from: '2026-05-01', to: '2026-05-04', mode: 'date_hour' }),
    ).toBe(
      `/api/v1/reports/heatmap/export?format=pdf&siteId=${site}&from=2026-05-01&to=2026-05-04&mode=date_hour`,
    );
    expect(exportPath('sales', 'csv', { siteId: undefined, from: '2026-05-01', to: '2026-05-04' })).toBe(
      '/api/v1/reports/sales/export?format=csv&from=2026-05-01&to=2026-05-04',
    );
  });

  it('are saved under the name the server gives, the UTF-8 one first', () => {
    expect(
      filenameFromDisposition(
        `attachment; filename="YUNSHAN-sales-2026-05-01_2026-05-04.xlsx"; filename*=UTF-8''${encodeURIComponent('云山-销售报表-2026-05-01_2026-05-04.xlsx')}`,
      ),
    ).toBe('云山-销售报表-2026-05-01_2026-05-04.xlsx');
    expect(filenameFromDisposition('attachment; filename="ALL-refunds.csv"')).toBe('ALL-refunds.csv');
    expect(filenameFromDisposition('attachment; filename*=UTF-8\'\'%E0%A4%A; filename="plain.pdf"')).toBe(
      'plain.pdf',
    );
    expect(filenameFromDisposition('attachment')).toBeNull();
    expect(filenameFromDisposition(null)).toBeNull();
  });

  it('report their progress as the bytes arrive, and keep every byte', async () => {
    const chunks = [new Uint8Array([1, 2, 3]), new Uint8Array([4, 5, 6, 7])];
    const fetchMock = vi.fn<typeof fetch>(() =>
      Promise.resolve(
        new Response(
          new ReadableStream<Uint8Array>({
            start(controller) {
              for (const chunk of chunks) controller.enqueue(chunk);
              controller.close();
            },
          }),
          {
            headers: {
              'content-type': 'application/pdf',
              'content-length': '7',
              'content-disposition': 'attachment; filename="r.pdf"',
            },
          },
        ),
      ),
    );
    vi.stubGlobal('fetch', fetchMock);
    const progress: unknown[] = [];
    const file = await downloadFile('/api/v1/reports/sales/export?format=pdf', {
      locale: 'en',
      onProgress: (p) => progress.push(p),
    });
    expect(progress).toEqual([
      { received: 0, total: 7 },
      { received: 3, total: 7 },
      { received: 7, total: 7 },
    ]);
    expect(file.filename).toBe('r.pdf');
    expect(file.blob.size).toBe(7);
    expect(file.blob.type).toBe('application/pdf');
    const headers = fetchMock.mock.calls[0]![1]!.headers as Record<string, string>;
    expect(headers['X-Admit-Locale']).toBe('en');
  });

  it('fail with the server’s error code and message', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn<typeof fetch>(() =>
        Promise.resolve(
          Response.json(
            {
              error: {
                code: 'report_range_invalid',
                message: 'The report’s dates are not valid',
                requestId: 'r1',
              },
            },
            { status: 400 },
          ),
        ),
      ),
    );
    await expect(
      downloadFile('/api/v1/reports/sales/export?format=xlsx', { locale: 'en' }),
    ).rejects.toMatchObject({
      code: 'report_range_invalid',
      status: 400,
      message: 'The report’s dates are not valid',
    });
  });

  it('show their size in kB, then MB', () => {
    expect(fileSize(512)).toBe('0.5 kB');
    expect(fileSize(3 * 1024 * 1024 + 100_000)).toBe('3.1 MB');
  });
});

describe('live figures', () => {
  it('read occupancy again every 30 seconds, and only occupancy', () => {
    expect(reportQuery('occupancy', { siteId: site }).refetchInterval).toBe(30_000);
    expect(reportQuery('sales', { siteId: site }).refetchInterval).toBe(false);
  });
});
