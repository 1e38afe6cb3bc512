// The sell screen rendered whole against a fake server: the five-key cash sale, a payment code that
// waits for the customer's password, and a refusal shown where it belongs with nothing lost. The key
// table, the order and the payment rules have their own fast tests beside this file.
import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { catalogIds } from '../../test/catalogFixtures';
import { sellerMe } from '../../test/fixtures';
import { errorReply, renderApp, type FakeRequest, type Reply } from '../../test/render';
import {
  boxOffice,
  openShiftView,
  orderView,
  saleResponse,
  salesIds,
  salesPath,
  sellRoutes,
} from '../../test/salesFixtures';

function press(key: string, target: Element = document.activeElement ?? document.body): void {
  fireEvent.keyDown(target, { key });
}

async function openSellScreen(routes: Parameters<typeof sellRoutes>[0], ready = 'product-key-ADULT') {
  const app = renderApp({ path: '/sell', server: { me: sellerMe, routes: sellRoutes(routes) } });
  await screen.findByTestId(ready);
  return app;
}

describe('sell screen', () => {
  it('sells 2 adults + 1 child for exact cash with 1 1 2 Enter Enter', async () => {
    const sold = orderView({ total: 24000, paid: 24000 });
    const { requests } = await openSellScreen({
      [`POST ${salesPath('/orders')}`]: { status: 201, body: saleResponse(sold, 0) },
    });
    // The suggested session is chosen; the sold-out one cannot be.
    const list = screen.getByTestId('session-list');
    expect(within(list).getByRole('radio', { checked: true }).getAttribute('value')).toBe(salesIds.noon);
    expect(within(list).getAllByRole('radio')[0]?.hasAttribute('disabled')).toBe(true);

    press('1');
    press('1');
    press('2');
    expect(screen.getByTestId('quantity-ADULT').getAttribute('value')).toBe('2');
    expect(screen.getByTestId('line-CHILD').textContent).toContain('现场测量身高');
    expect((await screen.findByTestId('sale-running-total')).textContent).toBe('¥240.00');

    press('Enter');
    const tendered = await screen.findByTestId('cash-tendered');
    await expect.poll(() => document.activeElement).toBe(tendered);
    expect((tendered as HTMLInputElement).value).toBe('240');
    expect(screen.getByTestId('change-preview').textContent).toBe('¥0.00');
    press('Enter');

    expect((await screen.findByTestId('order-number')).textContent).toBe('YUNSHAN-990504-01-0001');
    expect(screen.getByTestId('sale-change').textContent).toBe('¥0.00');
    const [sale] = requests(`POST ${salesPath('/orders')}`);
    expect(sale?.headers['Idempotency-Key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(sale?.body).toMatchObject({
      sessionId: salesIds.noon,
      lines: [
        { productId: catalogIds.adult, quantity: 2, discountDocument: null },
        { productId: catalogIds.child, quantity: 1, discountDocument: 'height_check' },
      ],
      payments: [{ method: 'cash', amount: 24000, tendered: 24000 }],
      terminal: '03', // the shift's
    });

    // Any digit starts the next sale with that ticket.
    press('1');
    expect(await screen.findByTestId('quantity-ADULT')).toBeTruthy();
    expect(screen.queryByTestId('sale-result')).toBeNull();
  });

  it('waits while the customer enters the payment code password, then shows the sale', async () => {
    const pending = orderView({
      status: 'pending',
      total: 12000,
      paid: 0,
      payments: [
        {
          id: '0190a000-0000-7000-8000-000000000401',
          method: 'payment_code',
          provider: 'wechat',
          amount: 12000,
          status: 'pending',
          tendered: null,
          change: null,
          reference: null,
          agencyId: null,
          failureCode: null,
          waitingForCustomer: true,
        },
      ],
    });
    let queries = 0;
    const { requests } = await openSellScreen({
      [`POST ${salesPath('/orders')}`]: { status: 202, body: saleResponse(pending) },
      [`POST ${salesPath(`/orders/${salesIds.order}/payment-query`)}`]: (): Reply => {
        queries++;
        return { status: 200, body: saleResponse(orderView({ total: 12000, paid: 12000 })) };
      },
    });
    press('1');
    press('F10');
    const code = await screen.findByTestId('auth-code');
    await expect.poll(() => document.activeElement).toBe(code);
    fireEvent.change(code, { target: { value: '134567890123456702' } });
    expect(screen.getByTestId('auth-code-provider').textContent).toBe('微信支付');
    press('Enter', code);

    expect((await screen.findByTestId('payment-waiting')).textContent).toContain(
      '等待顾客在手机上输入支付密码',
    );
    expect((await screen.findByTestId('order-number', {}, { timeout: 5000 })).textContent).toBe(
      'YUNSHAN-990504-01-0001',
    );
    expect(queries).toBe(1);
    expect(requests(`POST ${salesPath('/orders')}`)[0]?.body).toMatchObject({
      payments: [{ method: 'payment_code', amount: 12000, authCode: '134567890123456702' }],
    });
  });

  it('shows sold out next to the sessions, keeps the order, and retries under a new key', async () => {
    const keys: string[] = [];
    const { requests } = await openSellScreen({
      [`POST ${salesPath('/orders')}`]: (request: FakeRequest): Reply => {
        keys.push(request.headers['Idempotency-Key'] ?? '');
        return errorReply(409, 'sold_out', '该场次余票不足，已售罄。');
      },
    });
    press('1');
    press('Enter');
    await screen.findByTestId('cash-tendered');
    press('Enter');
    expect((await screen.findByTestId('session-error')).textContent).toContain('该场次余票不足，已售罄。');
    expect(screen.getByTestId('quantity-ADULT').getAttribute('value')).toBe('1');
    expect(screen.getByTestId('sell-screen').getAttribute('data-phase')).toBe('order');

    // The other session, then sell again: a new attempt.
    press('ArrowDown');
    press('Enter');
    await screen.findByTestId('cash-tendered');
    press('Enter');
    await expect.poll(() => requests(`POST ${salesPath('/orders')}`).length).toBe(2);
    expect(requests(`POST ${salesPath('/orders')}`)[1]?.body).toMatchObject({ sessionId: salesIds.evening });
    expect(new Set(keys).size).toBe(2);
  });

  it('asks for a supervisor’s login for complimentary tickets and sends it with the sale', async () => {
    const comp = {
      ...boxOffice.products[0]!,
      id: salesIds.evening,
      code: 'COMP',
      nameZh: '赠票',
      category: 'complimentary' as const,
      price: 0,
      bySession: false,
    };
    const { requests } = await openSellScreen(
      {
        [`GET ${salesPath('/box-office')}`]: { status: 200, body: { ...boxOffice, products: [comp] } },
        [`POST ${salesPath('/orders')}`]: {
          status: 201,
          body: saleResponse(orderView({ total: 0, paid: 0 })),
        },
      },
      'product-key-COMP',
    );
    press('1');
    press('Enter');
    await screen.findByTestId('cash-tendered');
    press('Enter');
    fireEvent.change(await screen.findByTestId('approval-login'), { target: { value: 'chief' } });
    fireEvent.change(screen.getByTestId('approval-password'), { target: { value: 'Chief-Secret-1' } });
    fireEvent.click(screen.getByTestId('approval-submit'));
    await screen.findByTestId('order-number');
    expect(requests(`POST ${salesPath('/orders')}`)[0]?.body).toMatchObject({
      sessionId: salesIds.noon,
      approval: { loginName: 'chief', password: 'Chief-Secret-1' },
      payments: [{ method: 'cash', amount: 0, tendered: 0 }],
    });
  });

  it('offers to open a shift when the seller has none', async () => {
    let shift: typeof openShiftView | null = null;
    const { requests } = await openSellScreen({
      [`GET ${salesPath('/shifts/current')}`]: () => ({ status: 200, body: { shift } }),
      [`POST ${salesPath('/shifts')}`]: (): Reply => {
        shift = openShiftView;
        return { status: 201, body: openShiftView };
      },
    });
    expect((await screen.findByTestId('shift-banner')).textContent).toContain('还没有开班');
    fireEvent.click(screen.getByTestId('open-shift'));
    fireEvent.change(await screen.findByTestId('shift-float'), { target: { value: '500' } });
    fireEvent.click(screen.getByTestId('open-shift-submit'));
    await expect.poll(() => screen.queryByTestId('shift-banner')).toBeNull();
    expect(requests(`POST ${salesPath('/shifts')}`)[0]?.body).toEqual({ terminal: '01', floatAmount: 50000 });
    expect(screen.getByTestId('shift-info').textContent).toContain('03');
  });
});
