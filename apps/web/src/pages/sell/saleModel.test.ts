import { describe, expect, it } from 'vitest';
import {
  emptyDraft,
  keyedProducts,
  localTotal,
  saleReducer,
  ticketCount,
  type ProductRules,
  type SaleAction,
  type SaleDraft,
} from './saleModel';

const adult: ProductRules = {
  id: 'adult',
  realName: false,
  requiredDocuments: [],
  maxPerOrder: 20,
  category: 'adult',
};
const child: ProductRules = {
  id: 'child',
  realName: false,
  requiredDocuments: ['height_check', 'id_card'],
  maxPerOrder: 20,
  category: 'free',
};
const museum: ProductRules = {
  id: 'museum',
  realName: true,
  requiredDocuments: [],
  maxPerOrder: 5,
  category: 'adult',
};

function run(...actions: SaleAction[]): SaleDraft {
  return actions.reduce(saleReducer, emptyDraft);
}

describe('the order at the counter', () => {
  it('adds one ticket per key press; the same key again adds another', () => {
    const draft = run(
      { type: 'add', product: adult },
      { type: 'add', product: adult },
      { type: 'add', product: child },
    );
    expect(draft.lines.map((line) => [line.productId, line.quantity])).toEqual([
      ['adult', 2],
      ['child', 1],
    ]);
    expect(ticketCount(draft)).toBe(3);
    expect(localTotal(draft, (id) => (id === 'adult' ? 12000 : 0))).toBe(24000);
  });

  it('preselects the first document a discounted or free ticket type accepts', () => {
    const draft = run({ type: 'add', product: child });
    expect(draft.lines[0]?.discountDocument).toBe('height_check');
    expect(run({ type: 'add', product: adult }).lines[0]?.discountDocument).toBeNull();
  });

  it('takes off the last ticket added, whichever line it is on', () => {
    const draft = run(
      { type: 'add', product: adult },
      { type: 'add', product: child },
      { type: 'add', product: adult },
      { type: 'removeLast' },
    );
    expect(draft.lines.map((line) => [line.productId, line.quantity])).toEqual([
      ['adult', 1],
      ['child', 1],
    ]);
    const emptied = saleReducer(saleReducer(draft, { type: 'removeLast' }), { type: 'removeLast' });
    expect(emptied.lines).toEqual([]);
    expect(saleReducer(emptied, { type: 'removeLast' })).toEqual(emptied);
  });

  it('takes a typed quantity, and removes the line at zero', () => {
    let draft = run({ type: 'add', product: adult }, { type: 'setQuantity', product: adult, quantity: 12 });
    expect(draft.lines[0]?.quantity).toBe(12);
    expect(draft.added).toHaveLength(12);
    draft = saleReducer(draft, { type: 'setQuantity', product: adult, quantity: 0 });
    expect(draft.lines).toEqual([]);
    expect(draft.added).toEqual([]);
  });

  it('clears with Esc at once when empty, and after a second Esc when not', () => {
    expect(run({ type: 'escape' })).toEqual(emptyDraft);
    const armed = run({ type: 'add', product: adult }, { type: 'escape' });
    expect(armed.clearArmed).toBe(true);
    expect(armed.lines).toHaveLength(1);
    expect(saleReducer(armed, { type: 'escape' })).toEqual(emptyDraft);
    // Anything else in between disarms.
    const disarmed = saleReducer(armed, { type: 'add', product: child });
    expect(disarmed.clearArmed).toBe(false);
  });

  it('gives each real-name ticket a holder row (ID card by default) and keeps typed ones', () => {
    let draft = run({ type: 'add', product: museum }, { type: 'add', product: museum });
    expect(draft.lines[0]?.holders).toEqual([
      { documentKind: 'resident_id', documentNumber: '', name: '' },
      { documentKind: 'resident_id', documentNumber: '', name: '' },
    ]);
    draft = saleReducer(draft, {
      type: 'setHolder',
      productId: 'museum',
      index: 0,
      patch: { documentNumber: '110' },
    });
    draft = saleReducer(draft, { type: 'removeLast' });
    expect(draft.lines[0]?.holders).toEqual([
      { documentKind: 'resident_id', documentNumber: '110', name: '' },
    ]);
  });

  it('keys the ticket types sold for the chosen session, and add-ons sold for the day', () => {
    const products = [
      { id: 'adult', bySession: true },
      { id: 'night', bySession: true },
      { id: 'cable', bySession: false },
    ];
    expect(keyedProducts(products, ['adult']).map((p) => p.id)).toEqual(['adult', 'cable']);
    expect(keyedProducts(products, null).map((p) => p.id)).toEqual(['cable']);
  });
});
