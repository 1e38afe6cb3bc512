import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderPage } from '../../../test/render';
import { SettlementTab } from './SettlementTab';
import {
  financeIds,
  financeMe,
  financePathOf,
  financeRoutes,
  monthOf,
  settlementOf,
  statisticianMe,
  yesterday,
} from './financeFixtures';

const dayPath = financePathOf(`/settlements/${yesterday}`);

/** Picks an option of an Ant Design select by its text. */
async function choose(testId: string, label: string) {
  const select = screen.getByTestId(testId);
  fireEvent.mouseDown(select.querySelector('.ant-select-selector') ?? select);
  fireEvent.click(
    (await screen.findAllByText(label, { selector: '.ant-select-item-option-content' })).at(-1)!,
  );
}
const monthPath = financePathOf('/settlements');

describe('the daily settlement tab (日结)', () => {
  it('shows a day not ready yet: the figures, the shift to confirm with the way to the shift review, no confirming', async () => {
    const { requests } = renderPage(<SettlementTab />, {
      path: '/finance/settlement',
      server: {
        me: financeMe,
        routes: financeRoutes({
          [`GET ${dayPath}`]: { status: 200, body: settlementOf(yesterday) },
          [`GET ${monthPath}`]: { status: 200, body: { days: monthOf(yesterday, {}) } },
        }),
      },
    });
    // The day shown is yesterday at the site, the one usually settled.
    expect(
      (await screen.findByTestId('settlement-date', {}, { timeout: 15_000 })).getAttribute('value'),
    ).toBe(yesterday);
    expect((await screen.findByTestId('settlement-total-net')).textContent).toBe('¥1050.00');
    expect(screen.getByTestId('settlement-total-sales').textContent).toBe('¥1130.00');
    expect(screen.getByTestId('settlement-total-ticketsSold').textContent).toBe('10');
    expect(screen.getByTestId('settlement-unconfirmed-shifts').textContent).toContain(
      '售票员小李（01 号窗口，待确认）',
    );
    expect(screen.getByTestId('settlement-review-shifts').getAttribute('href')).toBe(
      `/finance/shifts?date=${yesterday}`,
    );
    expect(screen.getByTestId('settlement-confirm').hasAttribute('disabled')).toBe(true);

    const methods = within(screen.getByTestId('settlement-by-method')).getAllByRole('row');
    expect(methods[1]?.textContent).toContain('现金');
    expect(methods[1]?.textContent).toContain('¥500.00');
    const types = within(screen.getByTestId('settlement-by-type')).getAllByRole('row');
    expect(types[1]?.textContent).toContain('成人票 (ADULT)');
    const sellers = within(screen.getByTestId('settlement-by-seller')).getAllByRole('row');
    expect(sellers.map((r) => r.textContent).join('|')).toContain('网上及渠道（无售票员）');
    expect(within(screen.getByTestId('settlement-free')).getByText('身高1.2米以下')).toBeTruthy();
    expect(within(screen.getByTestId('settlement-complimentary')).getByText('嘉宾')).toBeTruthy();
    expect(screen.getByTestId('settlement-over-short').textContent).toContain('¥5.00');

    // Another day from the month's list.
    const first = `${yesterday.slice(0, 7)}-01`;
    await screen.findByTestId(`settlement-day-${yesterday}`);
    fireEvent.click(screen.getByTestId(`settlement-day-${first}`));
    await waitFor(() =>
      expect(requests(`GET ${financePathOf(`/settlements/${first}`)}`).length).toBeGreaterThan(0),
    );
    expect(requests(`GET ${monthPath}`)[0]?.query.get('month')).toBe(yesterday.slice(0, 7));
  }, 60_000);

  it('confirms a ready day through the dialog, with a note, and shows it locked with who and when', async () => {
    let confirmed = false;
    const { requests } = renderPage(<SettlementTab />, {
      path: '/finance/settlement',
      server: {
        me: financeMe,
        routes: financeRoutes({
          [`GET ${dayPath}`]: () => ({
            status: 200,
            body: settlementOf(yesterday, {
              readiness: {
                dayOver: true,
                unconfirmedShifts: [],
                ready: !confirmed,
                pending: { count: 2, amount: 12_000 },
              },
              confirmed: confirmed
                ? {
                    id: financeIds.settlement,
                    confirmedAt: '2026-12-02T01:00:00.000Z',
                    confirmedByName: '财务小王',
                    note: '已核对',
                  }
                : null,
            }),
          }),
          [`POST ${dayPath}/confirm`]: () => {
            confirmed = true;
            return {
              status: 200,
              body: settlementOf(yesterday, {
                confirmed: {
                  id: financeIds.settlement,
                  confirmedAt: '2026-12-02T01:00:00.000Z',
                  confirmedByName: '财务小王',
                  note: '已核对',
                },
              }),
            };
          },
          [`GET ${monthPath}`]: { status: 200, body: { days: monthOf(yesterday, { [yesterday]: 'ready' }) } },
        }),
      },
    });
    const button = await screen.findByTestId('settlement-confirm', {}, { timeout: 15_000 });
    expect(screen.getByText(/仍在支付渠道处理中/).textContent).toContain('2 笔');
    await waitFor(() => expect(button.hasAttribute('disabled')).toBe(false));
    fireEvent.click(button);
    const note = await screen.findByTestId('settlement-note');
    await waitFor(() => expect(document.activeElement).toBe(note));
    fireEvent.change(note, { target: { value: '已核对' } });
    // Enter in the note submits the dialog.
    fireEvent.submit(note.closest('form')!);
    await waitFor(() => expect(requests(`POST ${dayPath}/confirm`)).toHaveLength(1));
    expect(requests(`POST ${dayPath}/confirm`)[0]?.body).toEqual({ note: '已核对' });
    const locked = await screen.findByTestId('settlement-confirmed');
    // 01:00Z is 09:00 in Shanghai.
    expect(locked.textContent).toContain('已锁定');
    expect(locked.textContent).toContain('2026-12-02 09:00，财务小王');
    expect(locked.textContent).toContain('备注：已核对');
    expect(screen.queryByTestId('settlement-confirm')).toBeNull();
  }, 60_000);

  it('records an adjustment from the drawer: the agency asked for on account, the amount signed, one Idempotency-Key per correction', async () => {
    let calls = 0;
    const { requests } = renderPage(<SettlementTab />, {
      path: '/finance/settlement',
      server: {
        me: financeMe,
        routes: financeRoutes({
          [`GET ${dayPath}`]: {
            status: 200,
            body: settlementOf(yesterday, {
              confirmed: {
                id: financeIds.settlement,
                confirmedAt: '2026-12-02T01:00:00.000Z',
                confirmedByName: '财务小王',
                note: '',
              },
            }),
          },
          [`GET ${monthPath}`]: {
            status: 200,
            body: { days: monthOf(yesterday, { [yesterday]: 'settled' }) },
          },
          [`POST ${financePathOf('/adjustments')}`]: () => {
            calls += 1;
            return calls === 1
              ? 'network-error'
              : {
                  status: 201,
                  body: {
                    id: financeIds.adjustment,
                    businessDate: yesterday,
                    correctsDate: yesterday,
                    method: 'on_account',
                    agencyId: financeIds.agency,
                    agencyName: '春秋旅行社',
                    amount: -300,
                    reason: '挂账多记',
                    reconciliationItemId: null,
                    createdByName: '财务小王',
                    createdAt: '2026-12-02T02:00:00.000Z',
                  },
                };
          },
        }),
      },
    });
    await screen.findByTestId('settlement-confirmed', {}, { timeout: 15_000 });
    fireEvent.click(screen.getByTestId('settlement-adjustment-add'));
    const date = await screen.findByTestId('adjustment-corrects-date');
    // The settled day shown is the one to correct, and the date field has the focus.
    await waitFor(() => expect(document.activeElement).toBe(date));
    expect((date as HTMLInputElement).value).toBe(yesterday);
    const amount = screen.getByTestId('adjustment-amount');
    fireEvent.change(amount, { target: { value: '0' } });
    fireEvent.submit(amount.closest('form')!);
    expect(await screen.findByText('金额不能为 0')).toBeTruthy();

    // On account: the agency is required.
    await choose('adjustment-method', '挂账');
    fireEvent.change(amount, { target: { value: '-3' } });
    fireEvent.change(screen.getByTestId('adjustment-reason'), { target: { value: '挂账多记' } });
    fireEvent.submit(amount.closest('form')!);
    expect(await screen.findByText('挂账的调整请选择旅行社')).toBeTruthy();
    await screen.findByTestId('adjustment-agency');
    await choose('adjustment-agency', '春秋旅行社 (TA)');

    fireEvent.submit(amount.closest('form')!);
    await waitFor(() => expect(requests(`POST ${financePathOf('/adjustments')}`)).toHaveLength(1));
    expect(await screen.findByText('无法连接到服务器，请检查网络。')).toBeTruthy();
    fireEvent.submit(amount.closest('form')!);
    await waitFor(() => expect(requests(`POST ${financePathOf('/adjustments')}`)).toHaveLength(2));
    const [first, second] = requests(`POST ${financePathOf('/adjustments')}`);
    expect(first?.body).toEqual({
      correctsDate: yesterday,
      method: 'on_account',
      agencyId: financeIds.agency,
      amount: -300,
      reason: '挂账多记',
    });
    expect(first?.headers['Idempotency-Key']).toBeTruthy();
    expect(second?.headers['Idempotency-Key']).toBe(first?.headers['Idempotency-Key']);
    expect(await screen.findByText('调整已登记')).toBeTruthy();
  }, 60_000);

  it('lets a statistician read but neither confirm nor adjust', async () => {
    renderPage(<SettlementTab />, {
      path: '/finance/settlement',
      server: {
        me: statisticianMe,
        routes: financeRoutes({
          [`GET ${dayPath}`]: { status: 200, body: settlementOf(yesterday) },
          [`GET ${monthPath}`]: { status: 200, body: { days: monthOf(yesterday, {}) } },
        }),
      },
    });
    expect((await screen.findByTestId('settlement-total-net', {}, { timeout: 15_000 })).textContent).toBe(
      '¥1050.00',
    );
    expect(screen.queryByTestId('settlement-confirm')).toBeNull();
    expect(screen.queryByTestId('settlement-adjustment-add')).toBeNull();
  }, 60_000);
});
