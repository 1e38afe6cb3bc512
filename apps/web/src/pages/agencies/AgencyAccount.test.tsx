import { previousCalendarMonth } from '@admit/domain';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { MeResponse } from '@admit/contracts';
import type { AgencyView } from '../../api/sales';
import { catalogIds } from '../../test/catalogFixtures';
import { adminMe } from '../../test/fixtures';
import { errorReply, renderPage } from '../../test/render';
import { AgenciesPage } from './AgenciesPage';
import { salesIds, salesPath, sellRoutes } from '../../test/salesFixtures';
import { todayAtSite } from '../../format';
import type { AgencyStatementView } from './api';

const cits: AgencyView = {
  id: salesIds.agency,
  siteId: catalogIds.site,
  code: 'CITS',
  name: '国旅',
  contactName: '',
  contactPhone: '',
  balance: -10000,
  creditLimit: 100000,
  available: 90000,
  active: true,
};

const statementPath = salesPath(`/agencies/${cits.id}/statement`);
const paymentPath = salesPath(`/agencies/${cits.id}/payments`);

function statementFor(from: string, to: string): AgencyStatementView {
  const line = (n: number, rest: Partial<AgencyStatementView['lines'][number]>) => ({
    id: `0190a000-0000-7000-8000-00000000090${n}`,
    at: '2026-11-05T02:00:00.000Z',
    orderId: null,
    orderNumber: null,
    orderChannel: null,
    visitDate: null,
    ticketCount: null,
    reference: '',
    note: '',
    kind: 'deposit' as const,
    amount: 0,
    balance: 0,
    ...rest,
  });
  return {
    agency: { id: cits.id, code: 'CITS', name: '国旅', creditLimit: 100000 },
    site: {
      id: catalogIds.site,
      code: 'YUNSHAN',
      nameZh: '云山风景区',
      nameEn: 'Yunshan',
      timeZone: 'Asia/Shanghai',
    },
    from,
    to,
    openingBalance: 5000,
    lines: [
      line(1, {
        at: '2026-11-02T15:30:00.000Z',
        kind: 'deposit',
        amount: 10000,
        balance: 15000,
        reference: 'DEP-1',
      }),
      line(2, {
        kind: 'sale',
        amount: -20000,
        balance: -5000,
        orderId: salesIds.order,
        orderNumber: 'YUNSHAN-261105-01-0001',
        orderChannel: 'box_office',
        visitDate: '2026-12-01',
        ticketCount: 2,
        reference: 'YUNSHAN-261105-01-0001',
      }),
      line(3, {
        at: '2026-11-15T02:00:00.000Z',
        kind: 'refund',
        amount: 5000,
        balance: 0,
        orderId: salesIds.order,
        orderNumber: 'YUNSHAN-261105-01-0001',
        orderChannel: 'api',
        visitDate: '2026-12-01',
        ticketCount: 1,
      }),
      line(4, {
        at: '2026-11-20T02:00:00.000Z',
        kind: 'payment',
        amount: 15000,
        balance: -10000 + 25000,
        reference: 'BANK-1120',
        note: '十月团款',
      }),
    ],
    totals: { deposit: 10000, sale: -20000, sale_reversed: 0, refund: 5000, payment: 15000 },
    counts: { deposit: 1, sale: 1, sale_reversed: 0, refund: 1, payment: 1 },
    closingBalance: 15000,
    amountDue: 0,
    availableCredit: 115000,
    generatedAt: '2026-12-10T02:00:00.000Z',
  };
}

const owing = (from: string, to: string): AgencyStatementView => ({
  ...statementFor(from, to),
  closingBalance: -10000,
  amountDue: 10000,
  availableCredit: 90000,
});

const financeMe: MeResponse = {
  ...adminMe,
  loginName: 'finance',
  permissions: ['finance.settle'],
};
const channelManagerMe: MeResponse = {
  ...adminMe,
  loginName: 'channels',
  permissions: ['channels.manage'],
};

function routes() {
  return sellRoutes({
    [`GET ${salesPath('/agencies')}`]: { status: 200, body: [cits] },
    [`GET ${statementPath}`]: (request) => {
      const format = request.query.get('format');
      if (format === 'csv') return { status: 200, body: '\uFEFF旅行社对账单' };
      return { status: 200, body: owing(request.query.get('from')!, request.query.get('to')!) };
    },
  });
}

describe('an agency’s statement', () => {
  it('opens on the previous month at the site with opening, lines, running balance, totals and amount due', async () => {
    const { requests } = renderPage(<AgenciesPage />, {
      path: '/agencies',
      server: { me: financeMe, routes: routes() },
    });
    // The first render of the whole app in a worker can be slow on a busy machine.
    fireEvent.click(await screen.findByTestId('statement-agency-CITS', {}, { timeout: 15_000 }));
    const expected = previousCalendarMonth(todayAtSite('Asia/Shanghai'));
    await waitFor(() => expect(requests(`GET ${statementPath}`)).toHaveLength(1));
    const [first] = requests(`GET ${statementPath}`);
    expect(first?.query.get('from')).toBe(expected.from);
    expect(first?.query.get('to')).toBe(expected.to);
    // The month field has the focus, so the period can be changed from the keyboard at once.
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('statement-month')));

    expect((await screen.findByTestId('statement-opening')).textContent).toBe('¥50.00');
    expect(screen.getByTestId('statement-closing').textContent).toBe('¥-100.00');
    expect(screen.getByTestId('statement-due').textContent).toBe('¥100.00');
    expect(screen.getByTestId('statement-available').textContent).toBe('¥900.00');

    const lines = within(screen.getByTestId('statement-lines')).getAllByRole('row');
    // Header, four lines, the closing row.
    expect(lines).toHaveLength(6);
    // Times are the site's: 15:30Z on 2 November is 23:30 in Shanghai.
    expect(lines[1]?.textContent).toContain('2026-11-02 23:30');
    expect(lines[1]?.textContent).toContain('预付款');
    expect(lines[1]?.textContent).toContain('DEP-1');
    expect(lines[2]?.textContent).toContain('挂账售票');
    expect(lines[2]?.textContent).toContain('YUNSHAN-261105-01-0001');
    expect(lines[2]?.textContent).toContain('¥-200.00');
    expect(lines[2]?.textContent).toContain('¥-50.00');
    // The refund is on the order it belongs to, which came through the channel API.
    expect(lines[3]?.textContent).toContain('退票退回');
    expect(lines[3]?.textContent).toContain('YUNSHAN-261105-01-0001 · 渠道接口');
    expect(lines[4]?.textContent).toContain('BANK-1120 · 十月团款');

    const totals = within(screen.getByTestId('statement-totals')).getAllByRole('row');
    expect(totals.map((r) => r.textContent)).toEqual([
      '类型笔数金额',
      '预付款1¥100.00',
      '挂账售票1¥-200.00',
      '售票撤销0¥0.00',
      '退票退回1¥50.00',
      '收款1¥150.00',
    ]);

    // Another month: its first and last day.
    fireEvent.change(screen.getByTestId('statement-month'), { target: { value: '2028-02' } });
    await waitFor(() => expect(requests(`GET ${statementPath}`)).toHaveLength(2));
    expect(requests(`GET ${statementPath}`)[1]?.query.toString()).toBe('from=2028-02-01&to=2028-02-29');

    // A custom range, applied with Enter; a range ending before it starts is refused on the spot.
    fireEvent.click(screen.getByRole('radio', { name: '自定义' }));
    const from = await screen.findByTestId('statement-from');
    fireEvent.change(from, { target: { value: '2028-02-10' } });
    fireEvent.change(screen.getByTestId('statement-to'), { target: { value: '2028-02-01' } });
    fireEvent.submit(from.closest('form')!);
    expect(await screen.findByText('结束日期不能早于开始日期')).toBeTruthy();
    fireEvent.change(screen.getByTestId('statement-to'), { target: { value: '2028-03-15' } });
    fireEvent.submit(from.closest('form')!);
    await waitFor(() => expect(requests(`GET ${statementPath}`)).toHaveLength(3));
    expect(requests(`GET ${statementPath}`)[2]?.query.toString()).toBe('from=2028-02-10&to=2028-03-15');
  }, 60_000);

  it('downloads the period as CSV and Excel, and Esc closes it', async () => {
    const createObjectURL = vi.fn(() => 'blob:statement');
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() }));
    const saved: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push(this.download);
    });
    const { requests } = renderPage(<AgenciesPage />, {
      path: '/agencies',
      server: { me: channelManagerMe, routes: routes() },
    });
    // A channel manager reads statements but does not record money.
    fireEvent.click(await screen.findByTestId('statement-agency-CITS'));
    expect(screen.queryByTestId('payment-agency-CITS')).toBeNull();
    await screen.findByTestId('statement-opening');
    fireEvent.change(screen.getByTestId('statement-month'), { target: { value: '2026-11' } });
    await waitFor(() =>
      expect(requests(`GET ${statementPath}`).some((r) => r.query.get('from') === '2026-11-01')).toBe(true),
    );

    fireEvent.click(screen.getByTestId('statement-csv'));
    await waitFor(() => expect(saved).toEqual(['对账单-CITS-2026-11-01_2026-11-30.csv']));
    const csv = requests(`GET ${statementPath}`).find((r) => r.query.get('format') === 'csv');
    expect(csv?.query.toString()).toBe('from=2026-11-01&to=2026-11-30&format=csv');
    expect(createObjectURL).toHaveBeenCalledTimes(1);

    fireEvent.click(screen.getByTestId('statement-xlsx'));
    await waitFor(() => expect(saved).toHaveLength(2));
    expect(saved[1]).toBe('对账单-CITS-2026-11-01_2026-11-30.xlsx');

    fireEvent.keyDown(screen.getByTestId('statement-month'), { key: 'Escape', code: 'Escape', keyCode: 27 });
    await waitFor(() => expect(screen.queryByTestId('statement-month')).toBeNull());
  });
});

describe('recording a payment received', () => {
  it('shows what is owed, refuses a zero amount, and keeps its Idempotency-Key when the same payment is sent again', async () => {
    let calls = 0;
    const { requests } = renderPage(<AgenciesPage />, {
      path: '/agencies',
      server: {
        me: financeMe,
        routes: sellRoutes({
          [`GET ${salesPath('/agencies')}`]: { status: 200, body: [cits] },
          [`POST ${paymentPath}`]: () => {
            calls += 1;
            return calls === 1
              ? 'network-error'
              : { status: 200, body: { ...cits, balance: 5000, available: 105000 } };
          },
        }),
      },
    });
    fireEvent.click(await screen.findByTestId('payment-agency-CITS'));
    const amount = await screen.findByLabelText('收款金额');
    await waitFor(() => expect(document.activeElement).toBe(amount));
    expect(screen.getByTestId('payment-owed').textContent).toBe(
      '该旅行社目前欠款 ¥100.00，可用额度 ¥900.00。',
    );
    expect(screen.getByLabelText<HTMLInputElement>('到账日期').value).toBe(todayAtSite('Asia/Shanghai'));

    fireEvent.change(amount, { target: { value: '0' } });
    fireEvent.submit(amount.closest('form')!);
    expect(await screen.findByText('金额须大于 0')).toBeTruthy();
    expect(requests(`POST ${paymentPath}`)).toHaveLength(0);

    fireEvent.change(amount, { target: { value: '150' } });
    fireEvent.change(screen.getByLabelText('到账日期'), { target: { value: '2026-11-19' } });
    fireEvent.change(screen.getByLabelText('银行流水号或收据号'), { target: { value: 'BANK-1120' } });
    // Enter in the form submits it; the first attempt never reaches the server.
    fireEvent.submit(amount.closest('form')!);
    expect(await screen.findByRole('alert')).toBeTruthy();
    fireEvent.click(screen.getByTestId('payment-submit'));
    await waitFor(() => expect(requests(`POST ${paymentPath}`)).toHaveLength(2));
    const [first, second] = requests(`POST ${paymentPath}`);
    expect(first?.body).toEqual({
      amount: 15000,
      receivedOn: '2026-11-19',
      reference: 'BANK-1120',
      note: '',
    });
    expect(second?.body).toEqual(first?.body);
    expect(first?.headers['Idempotency-Key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(second?.headers['Idempotency-Key']).toBe(first?.headers['Idempotency-Key']);
    expect(await screen.findByText('已登记 国旅 的收款 ¥150.00')).toBeTruthy();
    await waitFor(() => expect(screen.queryByLabelText('收款金额')).toBeNull());
  });

  it('shows the server’s refusal', async () => {
    renderPage(<AgenciesPage />, {
      path: '/agencies',
      server: {
        me: financeMe,
        routes: sellRoutes({
          [`GET ${salesPath('/agencies')}`]: { status: 200, body: [cits] },
          [`POST ${paymentPath}`]: errorReply(403, 'permission_denied', '您没有执行此操作的权限。'),
        }),
      },
    });
    fireEvent.click(await screen.findByTestId('payment-agency-CITS'));
    fireEvent.change(await screen.findByLabelText('收款金额'), { target: { value: '10' } });
    fireEvent.click(screen.getByTestId('payment-submit'));
    expect((await screen.findByRole('alert')).textContent).toContain('您没有执行此操作的权限');
  });
});
