import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { catalogRoutes } from '../../../test/catalogFixtures';
import { errorReply, renderPage } from '../../../test/render';
import {
  financeIds,
  financeMe,
  financePathOf,
  financeRoutes,
  templateChart,
} from '../settlement/financeFixtures';
import { AccountsTab } from './AccountsTab';

const chartPath = financePathOf('/chart');

function routes(extra: Parameters<typeof financeRoutes>[0] = {}) {
  return financeRoutes({
    ...catalogRoutes(),
    [`GET ${chartPath}/template`]: { status: 200, body: { chart: templateChart, voucherWord: '记' } },
    ...extra,
  });
}

describe('the chart of accounts tab (会计科目)', () => {
  it('starts a site without a chart from the template, maps a ticket type and an agency, and saves what it shows', async () => {
    const { requests } = renderPage(<AccountsTab />, {
      path: '/finance/accounts',
      server: {
        me: financeMe,
        routes: routes({
          [`GET ${chartPath}`]: { status: 200, body: { chart: null } },
          [`PUT ${chartPath}`]: (request) => ({
            status: 200,
            body: {
              ...(request.body as object),
              updatedAt: '2026-12-02T02:00:00.000Z',
              updatedByName: '财务小王',
            },
          }),
        }),
      },
    });
    expect(await screen.findByTestId('accounts-none', {}, { timeout: 15_000 })).toBeTruthy();
    const template = screen.getByTestId('accounts-template');
    await waitFor(() => expect(template.hasAttribute('disabled')).toBe(false));
    fireEvent.click(template);
    await waitFor(() =>
      expect(screen.getByTestId<HTMLInputElement>('accounts-clearing-cash').value).toBe('1001'),
    );
    expect(screen.getByTestId<HTMLInputElement>('accounts-vat-rate').value).toBe('6');
    expect(screen.getByTestId<HTMLInputElement>('accounts-deferred').value).toBe('2205');
    expect(screen.getByTestId<HTMLInputElement>('accounts-name-2205').value).toBe('合同负债');

    fireEvent.change(await screen.findByTestId('accounts-revenue-ADULT'), { target: { value: '6001.02' } });
    fireEvent.change(await screen.findByTestId('accounts-receivable-TA'), { target: { value: '1122.01' } });
    fireEvent.change(screen.getByTestId('accounts-vat-rate'), { target: { value: '3' } });
    // A new account gets a row for its name.
    fireEvent.change(await screen.findByTestId('accounts-name-6001.02'), {
      target: { value: '主营业务收入—成人票' },
    });
    fireEvent.click(screen.getByTestId('accounts-save'));
    await waitFor(() => expect(requests(`PUT ${chartPath}`)).toHaveLength(1));
    expect(requests(`PUT ${chartPath}`)[0]?.body).toEqual({
      voucherWord: '记',
      chart: {
        ...templateChart,
        revenue: { default: '6001.01', byProduct: { ADULT: '6001.02' } },
        outputVat: { account: '2221.01.07', rateBasisPoints: 300 },
        receivable: { default: '1122', byAgency: { [financeIds.agency]: '1122.01' } },
        accountNames: { '1001': '库存现金', '2205': '合同负债', '6001.02': '主营业务收入—成人票' },
      },
    });
    expect((await screen.findByTestId('accounts-updated')).textContent).toContain('财务小王');
  }, 60_000);

  it('checks the codes as typed and marks the field the server refuses', async () => {
    const { requests } = renderPage(<AccountsTab />, {
      path: '/finance/accounts',
      server: {
        me: financeMe,
        routes: routes({
          [`GET ${chartPath}`]: {
            status: 200,
            body: {
              chart: {
                chart: templateChart,
                voucherWord: '记',
                updatedAt: '2026-12-01T02:00:00.000Z',
                updatedByName: '财务小王',
              },
            },
          },
          [`PUT ${chartPath}`]: errorReply(422, 'chart_of_accounts_invalid', '会计科目设置不完整或有误。', {
            field: 'overShort',
          }),
        }),
      },
    });
    const cash = await screen.findByTestId<HTMLInputElement>(
      'accounts-clearing-cash',
      {},
      { timeout: 15_000 },
    );
    await waitFor(() => expect(cash.value).toBe('1001'));
    expect(screen.getByTestId('accounts-updated').textContent).toContain('2026-12-01 10:00');
    fireEvent.change(cash, { target: { value: '10 01' } });
    fireEvent.click(screen.getByTestId('accounts-save'));
    expect(await screen.findByText('科目编码只能包含字母、数字及 . - _')).toBeTruthy();
    expect(requests(`PUT ${chartPath}`)).toHaveLength(0);

    fireEvent.change(cash, { target: { value: '1001' } });
    fireEvent.click(screen.getByTestId('accounts-save'));
    await waitFor(() => expect(requests(`PUT ${chartPath}`)).toHaveLength(1));
    expect(await screen.findByText('此项有误或缺失')).toBeTruthy();
    expect(screen.getByTestId('accounts-over-short').closest('.ant-form-item')?.textContent).toContain(
      '此项有误或缺失',
    );
  }, 60_000);
});
