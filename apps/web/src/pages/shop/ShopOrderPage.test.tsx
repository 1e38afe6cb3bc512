// The order page against a fake shop API: a pending order counts down to the end of its hold and is
// paid (a QR code here) with the page asking every 2 s until the order is paid; a paid order shows
// its e-tickets with the rotating code a gate checks; a ticket is refunded after confirming which.
import { createHmac } from 'node:crypto';
import { base32Encode } from '@admit/domain';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { renderApp } from '../../test/render';
import { ids, ORDER_TOKEN, residentId, shopOrder, shopRoutes, shopTicket, SITE_CODE } from './shopFixtures';

const orderPath = `/api/v1/shop/orders/${ORDER_TOKEN}`;
const code = 'B'.repeat(140);
const secret = Buffer.alloc(32, 9);

beforeEach(() => window.sessionStorage.clear());

function paidOrder() {
  const day = {
    from: new Date(Date.now() - 3_600_000).toISOString(),
    until: new Date(Date.now() + 86_400_000).toISOString(),
  };
  return shopOrder({
    status: 'paid',
    payment: { status: 'succeeded', provider: 'simulator' },
    tickets: [
      shopTicket({
        id: ids.ticket1,
        number: '9905040000011',
        code,
        holderName: '韩梅梅',
        holderDocument: `${residentId('11010520100504002').slice(0, 3)}***********${'1234'}`,
        rotation: { stepSeconds: 30, secrets: [{ ...day, secret: secret.toString('base64url') }] },
      }),
      shopTicket({ id: ids.ticket2, number: '9905040000022', code, status: 'valid', entriesUsed: 1 }),
    ],
  });
}

describe('shop order page', () => {
  it('counts down the hold of a pending order, pays by QR code and waits until it is paid', async () => {
    const expires = new Date(Date.now() + (14 * 60 + 32) * 1000).toISOString();
    let paid = false;
    const { requests } = renderApp({
      path: `/shop/orders/${ORDER_TOKEN}`,
      server: {
        routes: {
          [`GET ${orderPath}`]: () => ({
            status: 200,
            body: paid ? paidOrder() : shopOrder({ holdExpiresAt: expires }),
          }),
          [`POST ${orderPath}/pay`]: () => {
            paid = true;
            return {
              status: 200,
              body: {
                expiresAt: expires,
                created: { kind: 'qr', codeUrl: 'weixin://wxpay/bizpayurl?pr=abc' },
              },
            };
          },
        },
      },
    });
    // The shop is loaded on demand: on a busy machine the first render may come seconds later.
    expect((await screen.findByTestId('shop-countdown')).textContent).toMatch(/^14:[0-3]\d$/);
    expect(screen.getByText(/请在 14:[0-3]\d 内完成支付，超时座位将释放/)).toBeTruthy();
    expect(screen.getByTestId('shop-order-status').textContent).toBe('待支付');

    fireEvent.click(screen.getByTestId('shop-pay'));
    expect((await screen.findByTestId('shop-pay-qr')).getAttribute('data-code')).toBe(
      'weixin://wxpay/bizpayurl?pr=abc',
    );
    expect(requests(`POST ${orderPath}/pay`)[0]?.body).toEqual({ kind: 'h5' });
    expect(screen.getByTestId('shop-confirming')).toBeTruthy();
    // The next poll (2 s) finds it paid.
    expect(await screen.findByTestId('shop-ticket-9905040000011', {}, { timeout: 6000 })).toBeTruthy();
    expect(screen.getByText('支付成功，电子票已生成')).toBeTruthy();
  });

  it('shows that the places were released when the time to pay is over', async () => {
    renderApp({
      path: `/shop/orders/${ORDER_TOKEN}`,
      server: {
        routes: {
          [`GET ${orderPath}`]: {
            status: 200,
            body: shopOrder({ holdExpiresAt: new Date(Date.now() - 1000).toISOString() }),
          },
        },
      },
    });
    expect((await screen.findByTestId('shop-released')).textContent).toContain('支付时间已过，座位已释放');
    expect(screen.queryByTestId('shop-pay')).toBeNull();
  });

  it('shows paid e-tickets with the rotating code a gate checks, and the ticket number to type', async () => {
    renderApp({
      path: `/shop/orders/${ORDER_TOKEN}`,
      server: { routes: { [`GET ${orderPath}`]: { status: 200, body: paidOrder() } } },
    });
    const card = await screen.findByTestId('shop-ticket-9905040000011');
    const qr = within(card).getByTestId('shop-qr');
    const step = Number(qr.getAttribute('data-step'));
    expect(Math.abs(step - Math.floor(Date.now() / 30_000))).toBeLessThanOrEqual(1);
    const mac = base32Encode(
      new Uint8Array(createHmac('sha256', secret).update(`admit-rotation:${step}`).digest().subarray(0, 10)),
    );
    expect(qr.getAttribute('data-code')).toBe(`${code}.${step}.${mac}`);
    expect(qr.querySelector('svg')).not.toBeNull();
    expect(within(card).getByText('动态二维码 · 截图无效')).toBeTruthy();
    expect(within(card).getByTestId('shop-ticket-number').textContent).toBe('9905040000011');
    expect(card.textContent).toContain('韩梅梅');
    expect(within(card).getByTestId('shop-ticket-status').textContent).toBe('有效');

    // A used ticket says so and shows no code to scan again.
    const used = screen.getByTestId('shop-ticket-9905040000022');
    expect(within(used).getByTestId('shop-ticket-status').textContent).toBe('已使用');
    expect(within(used).queryByTestId('shop-qr')).toBeNull();
    expect(within(used).queryByTestId('shop-ticket-refund')).toBeNull();
    expect(screen.getByTestId('shop-add-to-calendar').getAttribute('href')).toBe(`${orderPath}/calendar.ics`);
  });

  it('refunds the ticket pressed on after showing which one', async () => {
    const { requests } = renderApp({
      path: `/shop/orders/${ORDER_TOKEN}`,
      server: {
        routes: {
          [`GET ${orderPath}`]: { status: 200, body: paidOrder() },
          [`POST ${orderPath}/refund`]: () => {
            const view = paidOrder();
            return {
              status: 200,
              body: {
                ...view,
                status: 'partially_refunded',
                refunded: 10000,
                tickets: view.tickets.map((t) =>
                  t.id === ids.ticket1 ? { ...t, status: 'refunded', code: null } : t,
                ),
              },
            };
          },
        },
      },
    });
    const card = await screen.findByTestId('shop-ticket-9905040000011');
    fireEvent.click(within(card).getByTestId('shop-ticket-refund'));
    const dialog = await screen.findByRole('dialog');
    expect(
      within(dialog).getByTestId<HTMLInputElement>('shop-check-9905040000011').closest('label')?.textContent,
    ).toContain('¥100.00');
    expect(within(dialog).getByTestId('shop-refund-amount').textContent).toBe('票面金额合计 ¥100.00');
    fireEvent.click(within(dialog).getByTestId('shop-refund-confirm'));
    await waitFor(() => expect(requests(`POST ${orderPath}/refund`)).toHaveLength(1));
    expect(requests(`POST ${orderPath}/refund`)[0]?.body).toEqual({ ticketIds: [ids.ticket1] });
    await waitFor(() =>
      expect(
        within(screen.getByTestId('shop-ticket-9905040000011')).getByTestId('shop-ticket-status').textContent,
      ).toBe('已退款'),
    );
    expect(screen.getByTestId('shop-order-status').textContent).toBe('部分退款');
  });

  it('moves a ticket to another date and time slot of the same site', async () => {
    const { requests } = renderApp({
      path: `/shop/orders/${ORDER_TOKEN}`,
      server: {
        routes: shopRoutes({
          [`GET ${orderPath}`]: { status: 200, body: paidOrder() },
          [`POST ${orderPath}/rebook`]: { status: 200, body: paidOrder() },
        }),
      },
    });
    const card = await screen.findByTestId('shop-ticket-9905040000011');
    fireEvent.click(within(card).getByTestId('shop-ticket-rebook'));
    const dialog = await screen.findByRole('dialog');
    const confirm = within(dialog).getByTestId('shop-rebook-confirm');
    expect(confirm.hasAttribute('disabled')).toBe(true);
    fireEvent.click(await within(dialog).findByTestId('shop-date-2099-05-07'));
    fireEvent.click(await within(dialog).findByTestId('shop-session-14:00'));
    await waitFor(() => expect(confirm.hasAttribute('disabled')).toBe(false));
    fireEvent.click(confirm);
    await waitFor(() => expect(requests(`POST ${orderPath}/rebook`)).toHaveLength(1));
    expect(requests(`POST ${orderPath}/rebook`)[0]?.body).toEqual({
      ticketIds: [ids.ticket1],
      visitDate: '2099-05-07',
      sessionId: ids.afternoon,
    });
    expect(requests(`GET /api/v1/shop/sites/${SITE_CODE}`).at(-1)?.query.get('date')).toBe('2099-05-07');
  });

  it('offers a free reservation’s cancellation until its deadline', async () => {
    const until = new Date(Date.now() + 3_600_000).toISOString();
    const { requests } = renderApp({
      path: `/shop/orders/${ORDER_TOKEN}`,
      server: {
        routes: {
          [`GET ${orderPath}`]: {
            status: 200,
            body: { ...paidOrder(), free: true, total: 0, cancellableUntil: until },
          },
          [`POST ${orderPath}/cancel`]: {
            status: 200,
            body: { ...paidOrder(), free: true, total: 0, status: 'cancelled' },
          },
        },
      },
    });
    expect((await screen.findByTestId('shop-order-free')).textContent).toBe('免费预约');
    expect(screen.getByTestId('shop-cancellable-until').textContent).toContain('前可免费取消');
    fireEvent.click(screen.getByTestId('shop-cancel'));
    fireEvent.click(await screen.findByRole('button', { name: '确定取消' }));
    await waitFor(() => expect(requests(`POST ${orderPath}/cancel`)).toHaveLength(1));
    expect(await screen.findByText('已取消', { selector: '.ant-result-title' })).toBeTruthy();
  });
});
