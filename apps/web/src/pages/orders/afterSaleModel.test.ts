import type { AfterSalePolicy } from '@admit/domain';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import type { TicketView } from '../../api/sales';
import { orderView } from '../../test/salesFixtures';
import {
  actionableTickets,
  chosenTickets,
  differenceFromRefusal,
  isRefundEntry,
  needsSupervisor,
  quantitiesOf,
  rebookDifference,
  rebookFees,
  refundPreview,
  timelineAction,
  timelineAmount,
} from './afterSaleModel';
import { bulkFinished, bulkPercent } from './bulkModel';
import { enterIntent, initialLookup, lookupReducer, openAtOnce, type LookupState } from './lookupModel';

const ADULT = '0190a000-0000-7000-8000-00000000a001';
const CABLE = '0190a000-0000-7000-8000-00000000a009';
const STARTS = '2099-05-04T04:00:00.000Z'; // 12:00 in Shanghai

function ticket(id: string, overrides: Partial<TicketView> = {}): TicketView {
  return {
    id,
    number: `10000000000${id.slice(-2)}`,
    productId: ADULT,
    productCode: 'ADULT',
    productNameZh: '成人票',
    productNameEn: 'Adult',
    category: 'adult',
    price: 12000,
    status: 'valid',
    sessionId: null,
    validFrom: STARTS,
    validUntil: '2099-05-04T05:00:00.000Z',
    entriesAllowed: 1,
    code: 'code',
    printCount: 1,
    holderName: null,
    holderDocument: null,
    discountDocument: null,
    discountReason: '',
    ...overrides,
  };
}

const free: AfterSalePolicy = { allowed: true, untilMinutesBeforeStart: 0, fee: { kind: 'none' } };
const dayBefore: AfterSalePolicy = {
  allowed: true,
  untilMinutesBeforeStart: 24 * 60,
  fee: { kind: 'percent', basisPoints: 1000 },
};
const never: AfterSalePolicy = { allowed: false, untilMinutesBeforeStart: null, fee: { kind: 'none' } };

describe('refund preview', () => {
  const a = ticket('0190a000-0000-7000-8000-0000000000t1');
  const b = ticket('0190a000-0000-7000-8000-0000000000t2', { productId: CABLE, price: 8000 });

  it('charges each ticket type’s fee and gives back the rest', () => {
    const preview = refundPreview(
      [a, b],
      (id) => (id === ADULT ? free : dayBefore),
      new Date('2099-05-02T00:00:00Z'),
    );
    expect(preview.lines.map((line) => [line.fee, line.back])).toEqual([
      [0, 12000],
      [800, 7200],
    ]);
    expect(preview).toMatchObject({ gross: 20000, fee: 800, back: 19200, allowed: true });
  });

  it('names the refusal of a ticket whose window has closed or whose type refuses refunds', () => {
    const lateNow = new Date('2099-05-04T01:00:00Z'); // the morning of the visit
    const preview = refundPreview([a, b], (id) => (id === ADULT ? never : dayBefore), lateNow);
    expect(preview.lines.map((line) => line.refusal)).toEqual(['refund_not_allowed', 'refund_window_closed']);
    expect(preview).toMatchObject({ back: 0, allowed: false });
  });

  it('a void (作废) has no fee, whatever the policy', () => {
    const preview = refundPreview([b], () => never, new Date('2099-05-04T03:59:00Z'), { void: true });
    expect(preview).toMatchObject({ fee: 0, back: 8000, allowed: true });
  });

  it('leaves an unknown policy to the server, without a fee', () => {
    expect(refundPreview([a], () => undefined, new Date()).back).toBe(12000);
  });
});

describe('rebooking', () => {
  const tickets = [
    ticket('0190a000-0000-7000-8000-0000000000t1'),
    ticket('0190a000-0000-7000-8000-0000000000t2'),
    ticket('0190a000-0000-7000-8000-0000000000t3', { productId: CABLE, price: 8000 }),
  ];

  it('prices the quantities of each ticket type', () => {
    expect(quantitiesOf(tickets)).toEqual([
      { productId: ADULT, quantity: 2 },
      { productId: CABLE, quantity: 1 },
    ]);
  });

  it('difference = new price + fee − old price: positive is paid, negative given back', () => {
    expect(rebookDifference(tickets, 40000 + 8000, 0)).toBe(16000);
    expect(rebookDifference(tickets, 24000, 500)).toBe(-7500);
    const fees = rebookFees(
      tickets,
      (id) => (id === CABLE ? dayBefore : free),
      new Date('2099-05-01T00:00:00Z'),
    );
    expect(fees.fee).toBe(800);
  });

  it('reads the difference the server names when the payments did not match it', () => {
    const mismatch = new ApiError('payment_amount_mismatch', '收款金额与应收金额不符。', {
      status: 422,
      details: { difference: 8000 },
    });
    expect(differenceFromRefusal(mismatch)).toBe(8000);
    expect(differenceFromRefusal(new ApiError('sold_out', '', { status: 409 }))).toBeNull();
    expect(differenceFromRefusal(new ApiError('payment_amount_mismatch', '', { details: {} }))).toBeNull();
  });

  it('asks for a supervisor on the refusals that need one', () => {
    expect(needsSupervisor(new ApiError('refund_approval_required', '', { status: 403 }))).toBe(true);
    expect(needsSupervisor(new ApiError('approval_invalid', '', { status: 403 }))).toBe(true);
    expect(needsSupervisor(new ApiError('refund_window_closed', '', { status: 422 }))).toBe(false);
  });
});

describe('the order’s tickets and history', () => {
  it('acts only on valid tickets, in the order’s order', () => {
    const order = orderView({
      tickets: [
        ticket('0190a000-0000-7000-8000-0000000000t1', { status: 'refunded' }),
        ticket('0190a000-0000-7000-8000-0000000000t2'),
        ticket('0190a000-0000-7000-8000-0000000000t3'),
      ],
    });
    expect(actionableTickets(order).map((t) => t.id.slice(-2))).toEqual(['t2', 't3']);
    const chosen = new Set(['0190a000-0000-7000-8000-0000000000t3', '0190a000-0000-7000-8000-0000000000t1']);
    expect(chosenTickets(order, chosen).map((t) => t.id.slice(-2))).toEqual(['t3']);
  });

  it('names the audit actions of an order and the money they moved', () => {
    expect(timelineAction('orders.tickets.refunded')).toBe('refunded');
    expect(timelineAction('orders.order.voided')).toBe('voided');
    expect(timelineAction('something.new')).toBeNull();
    expect(timelineAmount('orders.order.sold', { total: 24000 })).toBe(24000);
    expect(timelineAmount('orders.tickets.refunded', { amount: 12000, fee: 0 })).toBe(12000);
    expect(timelineAmount('orders.tickets.rebooked', { difference: 8000 })).toBe(8000);
    expect(timelineAmount('orders.ticket.reprinted', {})).toBeNull();
    expect(isRefundEntry('orders.tickets.rebooked')).toBe(true);
    expect(isRefundEntry('orders.order.sold')).toBe(false);
  });
});

describe('the look-up box', () => {
  const summary = (id: string) => ({
    id,
    number: `YUNSHAN-990504-01-000${id}`,
    status: 'paid',
    channel: 'box_office',
    visitDate: '2099-05-04',
    total: 12000,
    tickets: 1,
    createdAt: '2099-05-04T03:00:00.000Z',
    sellerName: null,
  });

  it('searches what is typed, then Enter opens the highlighted result; the arrows move it', () => {
    let state: LookupState = lookupReducer(initialLookup, { type: 'type', text: ' 13800138000 ' });
    expect(enterIntent(state)).toEqual({ kind: 'search', q: '13800138000' });
    state = lookupReducer(state, {
      type: 'results',
      searched: '13800138000',
      matchedBy: 'phone',
      results: [summary('1'), summary('2'), summary('3')],
    });
    expect(enterIntent(state)).toEqual({ kind: 'open', orderId: '1' });
    state = lookupReducer(state, { type: 'move', step: 1 });
    state = lookupReducer(state, { type: 'move', step: 5 });
    expect(state.active).toBe(2);
    state = lookupReducer(state, { type: 'move', step: -9 });
    expect(state.active).toBe(0);
    // Something new typed: search again.
    state = lookupReducer(state, { type: 'type', text: 'YUNSHAN-990504-01-0007' });
    expect(enterIntent(state)).toEqual({ kind: 'search', q: 'YUNSHAN-990504-01-0007' });
    expect(enterIntent(initialLookup)).toEqual({ kind: 'none' });
  });

  it('opens a single result at once (a scanned ticket shows its order)', () => {
    expect(openAtOnce([summary('9')])).toBe('9');
    expect(openAtOnce([summary('1'), summary('2')])).toBeNull();
    expect(openAtOnce([])).toBeNull();
  });
});

describe('bulk refund progress', () => {
  it('counts processed orders and finishes done or failed', () => {
    expect(bulkPercent({ status: 'running', total: 200, done: 49, failed: 1 })).toBe(25);
    expect(bulkPercent({ status: 'queued', total: 0, done: 0, failed: 0 })).toBe(0);
    expect(bulkPercent({ status: 'done', total: 0, done: 0, failed: 0 })).toBe(100);
    expect(bulkFinished({ status: 'failed' })).toBe(true);
    expect(bulkFinished({ status: 'running' })).toBe(false);
  });
});
