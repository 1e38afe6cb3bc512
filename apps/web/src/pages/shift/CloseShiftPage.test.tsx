// Closing a shift rendered whole against a fake server: blind (no expected figure until closed), the
// count typed by denomination with Enter moving on, the server's demand for a reason and then for a
// supervisor answered on the same screen with the count locked, and the report afterwards.
import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { sellerMe } from '../../test/fixtures';
import { errorReply, renderApp, type Reply } from '../../test/render';
import { openShiftView, salesIds, salesPath, sellRoutes } from '../../test/salesFixtures';

const closedReport = {
  shift: {
    ...openShiftView,
    status: 'closed',
    closedAt: '2099-05-04T09:00:00.000Z',
    counted: { '10000': 7, '5000': 0, '2000': 0, '1000': 0, '500': 0, '100': 0, '50': 0, '10': 0 },
    countedCash: 70000,
    expectedCash: 74000,
    difference: -4000,
    differenceReason: '找错零钱',
  },
  totals: {
    orders: 2,
    takenByMethod: { cash: 24000, card: 12000 },
    refundedByMethod: {},
    ticketsByType: [
      {
        productId: '0190a000-0000-7000-8000-00000000a001',
        code: 'ADULT',
        nameZh: '成人票',
        nameEn: 'Adult',
        count: 3,
        amount: 36000,
      },
    ],
    ticketsPrinted: 3,
    ticketsVoided: 0,
    cashIn: 24000,
    cashOut: 0,
    expectedCash: 74000,
  },
};

describe('closing a shift', () => {
  it('is blind: counts by denomination, asks the reason and a supervisor, then shows the report', async () => {
    const answers: Reply[] = [
      errorReply(422, 'shift_difference_reason_required', '现金有长短款，请填写原因。', {
        difference: -4000,
      }),
      errorReply(403, 'approval_required', '须主管审批。', { difference: -4000 }),
      { status: 200, body: closedReport },
    ];
    const { requests } = renderApp({
      path: '/sell/close-shift',
      server: {
        me: sellerMe,
        routes: sellRoutes({
          [`POST ${salesPath(`/shifts/${salesIds.shift}/close`)}`]: () => answers.shift() ?? answers[0]!,
        }),
      },
    });
    const first = await screen.findByTestId('count-10000');
    await expect.poll(() => document.activeElement).toBe(first);
    expect(screen.getByTestId('close-shift-current').textContent).toContain('¥500.00'); // the float
    expect(document.body.textContent).not.toContain('应有现金');

    fireEvent.change(first, { target: { value: '7' } });
    fireEvent.keyDown(first, { key: 'Enter' });
    expect(document.activeElement).toBe(screen.getByTestId('count-5000'));
    expect(screen.getByTestId('counted-total').textContent).toBe('¥700.00');

    fireEvent.click(screen.getByTestId('close-shift-submit'));
    const reason = await screen.findByTestId('shift-reason');
    expect((first as HTMLInputElement).readOnly).toBe(true);
    expect(document.body.textContent).not.toContain('应有现金');
    fireEvent.change(reason, { target: { value: '找错零钱' } });
    fireEvent.click(screen.getByTestId('close-shift-submit'));

    const approver = await screen.findByTestId('shift-approver');
    fireEvent.change(approver, { target: { value: 'boss' } });
    fireEvent.change(screen.getByTestId('shift-approver-password'), { target: { value: 'Secret-1234' } });
    fireEvent.click(screen.getByTestId('close-shift-submit'));

    const report = await screen.findByTestId('shift-report');
    expect(within(report).getByTestId('report-expected').textContent).toBe('¥740.00');
    expect(within(report).getByTestId('report-counted').textContent).toBe('¥700.00');
    expect(within(report).getByTestId('report-outcome').textContent).toContain('短款 ¥40.00');
    expect(within(report).getByTestId('report-method-cash').textContent).toContain('¥240.00');
    expect(within(report).getByTestId('report-type-ADULT').textContent).toContain('3');

    const sent = requests(`POST ${salesPath(`/shifts/${salesIds.shift}/close`)}`).map((r) => r.body);
    expect(sent).toHaveLength(3);
    expect(sent[0]).toEqual({
      counted: { '10000': 7, '5000': 0, '2000': 0, '1000': 0, '500': 0, '100': 0, '50': 0, '10': 0 },
      lastSerial: null,
      differenceReason: '',
      approval: null,
    });
    expect(sent[2]).toMatchObject({
      differenceReason: '找错零钱',
      approval: { loginName: 'boss', password: 'Secret-1234' },
    });
  });
});
