import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { addDays } from '@admit/domain';
import { describe, expect, it, vi } from 'vitest';
import { todayAtSite } from '../../../format';
import { errorReply, renderPage } from '../../../test/render';
import {
  financeMe,
  financePathOf,
  financeRoutes,
  sampleVouchers,
  statisticianMe,
  yesterday,
} from '../settlement/financeFixtures';
import { VouchersTab } from './VouchersTab';

const listPath = financePathOf('/vouchers');
const generatePath = financePathOf('/vouchers/generate');
const exportPath = financePathOf('/vouchers/export');

/** The range the tab opens on: this month up to yesterday at the site. */
function openingRange() {
  const today = todayAtSite('Asia/Shanghai');
  const from = `${today.slice(0, 7)}-01`;
  const to = addDays(today, -1);
  return { from, to: to < from ? from : to };
}

describe('the vouchers tab (凭证)', () => {
  it('lists the vouchers with their lines and export marks, and generates those of settled days', async () => {
    const range = openingRange();
    const { requests } = renderPage(<VouchersTab />, {
      path: '/finance/vouchers',
      server: {
        me: financeMe,
        routes: financeRoutes({
          [`GET ${listPath}`]: { status: 200, body: sampleVouchers },
          [`POST ${generatePath}`]: {
            status: 200,
            body: {
              days: [
                { date: range.from, outcome: 'not_settled', numbers: [] },
                { date: yesterday, outcome: 'generated', numbers: [1, 2] },
              ],
            },
          },
        }),
      },
    });
    expect((await screen.findByTestId('voucher-number-1', {}, { timeout: 15_000 })).textContent).toBe('记-1');
    expect(requests(`GET ${listPath}`)[0]?.query.toString()).toBe(`from=${range.from}&to=${range.to}`);
    const lines = within(screen.getByTestId('voucher-lines-1')).getAllByRole('row');
    expect(lines[1]?.textContent).toContain('1001 库存现金');
    expect(lines[1]?.textContent).toContain('¥106.00');
    expect(lines[2]?.textContent).toContain('春秋旅行社');
    expect(lines[4]?.textContent).toContain('成人票');
    // The seller of a shift's over/short is named.
    expect(within(screen.getByTestId('voucher-lines-2')).getAllByRole('row')[2]?.textContent).toContain(
      '售票员小李',
    );
    const rows = within(screen.getByTestId('vouchers-list')).getAllByRole('row');
    expect(rows.some((r) => r.textContent?.includes('借贷平衡'))).toBe(true);
    expect(screen.getByTestId('voucher-exported-2').textContent).toContain('已导出 1 次');

    fireEvent.click(screen.getByTestId('vouchers-generate'));
    await waitFor(() => expect(requests(`POST ${generatePath}`)).toHaveLength(1));
    expect(requests(`POST ${generatePath}`)[0]?.body).toEqual(range);
    expect(await screen.findByText(new RegExp(`已生成 2 张凭证。未日结：${range.from}`))).toBeTruthy();
  }, 60_000);

  it('exports in the chosen layout and format; exported vouchers again only with the box ticked and confirmed', async () => {
    const range = openingRange();
    const createObjectURL = vi.fn(() => 'blob:vouchers');
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() }));
    const saved: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push(this.download);
    });
    const { requests } = renderPage(<VouchersTab />, {
      path: '/finance/vouchers',
      server: {
        me: financeMe,
        routes: financeRoutes({
          [`GET ${listPath}`]: { status: 200, body: sampleVouchers },
          [`POST ${exportPath}`]: (request) =>
            (request.body as { reexport: boolean }).reexport
              ? { status: 200, body: 'file' }
              : errorReply(409, 'vouchers_already_exported', '所选日期内有凭证已经导出过。', { count: 1 }),
        }),
      },
    });
    await screen.findByTestId('voucher-number-1', {}, { timeout: 15_000 });
    fireEvent.click(within(screen.getByTestId('vouchers-layout')).getByText('用友'));
    fireEvent.click(within(screen.getByTestId('vouchers-format')).getByText('CSV'));
    fireEvent.click(screen.getByTestId('vouchers-export'));
    await waitFor(() => expect(requests(`POST ${exportPath}`)).toHaveLength(1));
    expect(requests(`POST ${exportPath}`)[0]?.body).toEqual({
      ...range,
      layout: 'yonyou',
      format: 'csv',
      reexport: false,
    });
    expect((await screen.findByTestId('vouchers-export-error')).textContent).toContain('请勾选“重新导出”');
    expect(saved).toEqual([]);

    fireEvent.click(screen.getByTestId('vouchers-reexport'));
    fireEvent.click(screen.getByTestId('vouchers-export'));
    // Nothing goes out before the confirmation.
    fireEvent.click(await screen.findByTestId('vouchers-reexport-ok'));
    await waitFor(() => expect(requests(`POST ${exportPath}`)).toHaveLength(2));
    expect(requests(`POST ${exportPath}`)[1]?.body).toEqual({
      ...range,
      layout: 'yonyou',
      format: 'csv',
      reexport: true,
    });
    await waitFor(() => expect(saved).toEqual([`凭证-YUNSHAN-${range.from}_${range.to}-用友.csv`]));
    expect(createObjectURL).toHaveBeenCalledTimes(1);
  }, 60_000);

  it('shows a statistician the refusal the server gives', async () => {
    renderPage(<VouchersTab />, {
      path: '/finance/vouchers',
      server: {
        me: statisticianMe,
        routes: financeRoutes({
          [`GET ${listPath}`]: errorReply(403, 'permission_denied', '您没有执行此操作的权限。'),
        }),
      },
    });
    expect(await screen.findByText(/您没有执行此操作的权限/, {}, { timeout: 15_000 })).toBeTruthy();
  }, 60_000);
});
