import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import { emptyDraft, saleReducer } from './saleModel';
import { errorPlace, SaleAttempt, saleRequest } from './saleRequest';

const child = {
  id: '0190a000-0000-7000-8000-0000000000d2',
  realName: false,
  requiredDocuments: ['height_check'],
  maxPerOrder: 20,
  category: 'free' as const,
};

describe('the sale request', () => {
  const draft = saleReducer(emptyDraft, { type: 'add', product: child });
  const extras = { visitDate: '2026-11-26', terminal: '01', sessionId: 's1', guide: null, approval: null };

  it('carries the lines with the document shown and the payments', () => {
    const request = saleRequest(draft, [{ method: 'cash', amount: 0, tendered: 0 }], extras);
    expect(request.lines).toEqual([
      { productId: child.id, quantity: 1, holders: [], discountDocument: 'height_check', discountReason: '' },
    ]);
    expect(request.payments).toEqual([{ method: 'cash', amount: 0, tendered: 0 }]);
  });

  it('keeps one Idempotency-Key for the same attempt, and a new one for a changed or answered one', () => {
    let n = 0;
    const attempt = new SaleAttempt(() => `key-${++n}`);
    const first = saleRequest(draft, [{ method: 'cash', amount: 0, tendered: 0 }], extras);
    expect(attempt.keyFor(first)).toBe('key-1');
    expect(attempt.keyFor(structuredClone(first))).toBe('key-1'); // a second Enter, a retry
    const changed = saleRequest(draft, [{ method: 'cash', amount: 0, tendered: 10000 }], extras);
    expect(attempt.keyFor(changed)).toBe('key-2');
    attempt.settled();
    expect(attempt.keyFor(changed)).toBe('key-3');
  });

  it('puts each refusal next to what caused it', () => {
    expect(errorPlace(new ApiError('sold_out', '已售罄', { status: 409 }))).toBe('session');
    expect(errorPlace(new ApiError('real_name_required', '需实名', { status: 422 }))).toBe('order');
    expect(errorPlace(new ApiError('payment_declined', '余额不足', { status: 402 }))).toBe('payment');
    expect(errorPlace(new ApiError('approval_invalid', '授权无效', { status: 422 }))).toBe('approval');
    expect(errorPlace(new ApiError('shift_required', '请先开班', { status: 409 }))).toBe('shift');
    expect(errorPlace(new ApiError('something_new', '?', { status: 422 }))).toBe('order');
  });
});
