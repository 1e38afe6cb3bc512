// The look-up rendered whole against a fake server: a scanned order number opens its order at once,
// a ticket is ticked and refunded with F8 (the fee previewed, the cash to hand back shown large), and
// the request carries an Idempotency-Key. The pure rules have their own fast tests beside this file.
import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { TicketView } from '../../api/sales';
import { catalogIds, yunshanProducts } from '../../test/catalogFixtures';
import { sellerMe } from '../../test/fixtures';
import { renderApp } from '../../test/render';
import { orderView, salesIds, salesPath, sellRoutes } from '../../test/salesFixtures';

function ticket(n: number, overrides: Partial<TicketView> = {}): TicketView {
  return {
    id: `0190a000-0000-7000-8000-00000000070${n}`,
    number: `100000000000${n}`,
    productId: catalogIds.adult,
    productCode: 'ADULT',
    productNameZh: '成人票',
    productNameEn: 'Adult',
    category: 'adult',
    price: 12000,
    status: 'valid',
    sessionId: salesIds.noon,
    validFrom: '2099-05-04T04:00:00.000Z',
    validUntil: '2099-05-04T05:00:00.000Z',
    entriesAllowed: 1,
    code: `code-${n}`,
    printCount: 1,
    holderName: null,
    holderDocument: null,
    discountDocument: null,
    discountReason: '',
    ...overrides,
  };
}

const sold = orderView({
  tickets: [ticket(1), ticket(2)],
  payments: [
    {
      id: '0190a000-0000-7000-8000-000000000801',
      method: 'cash',
      provider: null,
      amount: 24000,
      status: 'succeeded',
      tendered: 30000,
      change: 6000,
      reference: null,
      agencyId: null,
      failureCode: null,
      waitingForCustomer: false,
    },
  ],
});
const refunded = orderView({
  ...sold,
  status: 'partially_refunded',
  tickets: [ticket(1, { status: 'refunded' }), ticket(2)],
});

describe('look-up', () => {
  it('opens a scanned order at once and refunds a ticked ticket with F8, cash back shown large', async () => {
    let current = sold;
    const products = yunshanProducts.map((product) =>
      product.code === 'ADULT'
        ? {
            ...product,
            refundPolicy: {
              allowed: true,
              untilMinutesBeforeStart: 0,
              fee: { kind: 'percent' as const, basisPoints: 1000 },
            },
          }
        : product,
    );
    const { requests } = renderApp({
      path: '/orders',
      server: {
        me: sellerMe,
        routes: sellRoutes({
          [`GET /api/v1/catalog/sites/${catalogIds.site}/products`]: { status: 200, body: { products } },
          [`GET ${salesPath('/orders')}`]: {
            status: 200,
            body: {
              matchedBy: 'order_number',
              orders: [
                {
                  id: sold.id,
                  number: sold.number,
                  status: 'paid',
                  channel: 'box_office',
                  visitDate: sold.visitDate,
                  total: 24000,
                  tickets: 2,
                  createdAt: sold.createdAt,
                  sellerName: '张售票',
                },
              ],
            },
          },
          [`GET ${salesPath(`/orders/${sold.id}/timeline`)}`]: () => ({
            status: 200,
            body: {
              order: current,
              timeline: [
                {
                  at: '2099-05-04T03:00:00.000Z',
                  action: 'orders.order.sold',
                  actorName: '张售票',
                  outcome: 'success',
                  details: { total: 24000 },
                },
              ],
            },
          }),
          [`POST ${salesPath(`/orders/${sold.id}/refunds`)}`]: () => {
            current = refunded;
            return {
              status: 201,
              body: {
                order: refunded,
                refunded: 10800,
                fee: 1200,
                cash: 10800,
                refunds: [
                  {
                    id: '0190a000-0000-7000-8000-000000000901',
                    method: 'cash',
                    amount: 10800,
                    status: 'succeeded',
                  },
                ],
              },
            };
          },
        }),
      },
    });

    const box = await screen.findByTestId('order-search');
    await expect.poll(() => document.activeElement).toBe(box);
    fireEvent.change(box, { target: { value: sold.number } });
    fireEvent.keyDown(box, { key: 'Enter' });

    const detail = await screen.findByTestId('order-detail');
    expect(requests(`GET ${salesPath('/orders')}`)[0]?.query.get('q')).toBe(sold.number);
    expect(within(detail).getByTestId('timeline-entry').textContent).toContain('售出');
    // A seller may not read full ID numbers: no button to show them.
    expect(within(detail).queryByTestId('reveal-pii')).toBeNull();
    expect(within(detail).queryByTestId('action-reprint')).toBeNull();
    const first = await within(detail).findByTestId('ticket-check-1000000000001');
    const firstBox = first instanceof HTMLInputElement ? first : first.querySelector('input')!;
    await expect.poll(() => document.activeElement).toBe(firstBox);

    // F8 with nothing ticked says what to do; ticked, it previews the fee.
    fireEvent.keyDown(window, { key: 'F8' });
    expect((await screen.findByTestId('order-notice')).textContent).toContain('请先勾选');
    fireEvent.click(firstBox);
    fireEvent.keyDown(window, { key: 'F8' });
    const panel = await screen.findByTestId('refund-panel');
    expect(within(panel).getByTestId('refund-preview-fee').textContent).toBe('¥12.00');
    expect(within(panel).getByTestId('refund-preview-back').textContent).toBe('¥108.00');
    fireEvent.click(within(panel).getByTestId('refund-submit'));

    expect((await screen.findByTestId('refund-cash')).textContent).toBe('¥108.00');
    const [refund] = requests(`POST ${salesPath(`/orders/${sold.id}/refunds`)}`);
    expect(refund?.headers['Idempotency-Key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(refund?.body).toEqual({ ticketIds: [ticket(1).id], reason: '', void: false, approval: null });

    fireEvent.click(screen.getByTestId('refund-done'));
    await expect.poll(() => screen.getByTestId('order-status').textContent).toBe('部分退票');
    expect(screen.getByTestId('ticket-status-1000000000001').textContent).toBe('已退票');
  });
});
