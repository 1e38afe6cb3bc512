// The order being put together at the counter, as a reducer: tickets added by key (one press, one
// ticket), quantities typed or stepped, the last ticket taken off, the whole order cleared with Esc
// pressed twice (once when it is already empty), holders of real-name tickets, and the document shown
// for a discounted or free ticket (the first one the ticket type accepts, chosen for the seller).
import type { BoxOfficeProduct, DocumentKind } from '../../api/sales';

export type HolderDraft = { documentKind: DocumentKind; documentNumber: string; name: string };

export type LineDraft = {
  productId: string;
  quantity: number;
  /** One per ticket when the ticket type is real-name, else empty. */
  holders: HolderDraft[];
  discountDocument: string | null;
  discountReason: string;
};

export type SaleDraft = {
  lines: LineDraft[];
  /** One product id per ticket, in the order the tickets were added: the last one goes first. */
  added: string[];
  /** Esc was pressed once on a non-empty order: the next Esc clears it. */
  clearArmed: boolean;
};

/** What the model needs to know of a ticket type. */
export type ProductRules = Pick<
  BoxOfficeProduct,
  'id' | 'realName' | 'requiredDocuments' | 'maxPerOrder' | 'category'
>;

export type SaleAction =
  | { type: 'add'; product: ProductRules }
  | { type: 'setQuantity'; product: ProductRules; quantity: number }
  | { type: 'removeLast' }
  | { type: 'escape' }
  | { type: 'clear' }
  | { type: 'setHolder'; productId: string; index: number; patch: Partial<HolderDraft> }
  | { type: 'setDiscount'; productId: string; discountDocument?: string | null; discountReason?: string };

export const emptyDraft: SaleDraft = { lines: [], added: [], clearArmed: false };

/** Quantities above this are certainly a typing slip (the contract's own limit). */
export const MAX_QUANTITY = 1000;

export function emptyHolder(): HolderDraft {
  return { documentKind: 'resident_id', documentNumber: '', name: '' };
}

function newLine(product: ProductRules): LineDraft {
  return {
    productId: product.id,
    quantity: 0,
    holders: [],
    discountDocument: product.requiredDocuments[0] ?? null,
    discountReason: '',
  };
}

function resize(line: LineDraft, product: ProductRules, quantity: number): LineDraft {
  const holders = product.realName
    ? [
        ...line.holders.slice(0, quantity),
        ...Array.from({ length: Math.max(0, quantity - line.holders.length) }, emptyHolder),
      ]
    : [];
  return { ...line, quantity, holders };
}

/** Sets one line's quantity, keeping `added` in step: new tickets go last, removed ones come off the end. */
function withQuantity(draft: SaleDraft, product: ProductRules, quantity: number): SaleDraft {
  const wanted = Math.max(0, Math.min(MAX_QUANTITY, Math.trunc(quantity)));
  const existing = draft.lines.find((line) => line.productId === product.id);
  const current = existing?.quantity ?? 0;
  if (wanted === current) return { ...draft, clearArmed: false };
  let added = draft.added;
  if (wanted > current) {
    added = [...added, ...Array.from({ length: wanted - current }, () => product.id)];
  } else {
    let toRemove = current - wanted;
    const kept: string[] = [];
    for (let i = added.length - 1; i >= 0; i--) {
      const id = added[i]!;
      if (id === product.id && toRemove > 0) toRemove--;
      else kept.push(id);
    }
    added = kept.reverse();
  }
  const lines =
    wanted === 0
      ? draft.lines.filter((line) => line.productId !== product.id)
      : existing === undefined
        ? [...draft.lines, resize(newLine(product), product, wanted)]
        : draft.lines.map((line) => (line === existing ? resize(line, product, wanted) : line));
  return { lines, added, clearArmed: false };
}

export function saleReducer(draft: SaleDraft, action: SaleAction): SaleDraft {
  switch (action.type) {
    case 'add': {
      const current = draft.lines.find((line) => line.productId === action.product.id)?.quantity ?? 0;
      return withQuantity(draft, action.product, current + 1);
    }
    case 'setQuantity':
      return withQuantity(draft, action.product, action.quantity);
    case 'removeLast': {
      const lastId = draft.added.at(-1);
      const line = draft.lines.find((candidate) => candidate.productId === lastId);
      if (lastId === undefined || line === undefined) return { ...draft, clearArmed: false };
      const quantity = line.quantity - 1;
      const lines =
        quantity === 0
          ? draft.lines.filter((candidate) => candidate !== line)
          : draft.lines.map((candidate) =>
              candidate === line
                ? {
                    ...line,
                    quantity,
                    holders: line.holders.slice(0, line.holders.length > 0 ? quantity : 0),
                  }
                : candidate,
            );
      return { lines, added: draft.added.slice(0, -1), clearArmed: false };
    }
    case 'escape':
      if (draft.lines.length === 0 || draft.clearArmed) return emptyDraft;
      return { ...draft, clearArmed: true };
    case 'clear':
      return emptyDraft;
    case 'setHolder':
      return {
        ...draft,
        clearArmed: false,
        lines: draft.lines.map((line) =>
          line.productId === action.productId
            ? {
                ...line,
                holders: line.holders.map((holder, index) =>
                  index === action.index ? { ...holder, ...action.patch } : holder,
                ),
              }
            : line,
        ),
      };
    case 'setDiscount':
      return {
        ...draft,
        clearArmed: false,
        lines: draft.lines.map((line) =>
          line.productId === action.productId
            ? {
                ...line,
                ...(action.discountDocument === undefined
                  ? {}
                  : { discountDocument: action.discountDocument }),
                ...(action.discountReason === undefined ? {} : { discountReason: action.discountReason }),
              }
            : line,
        ),
      };
  }
}

export function ticketCount(draft: SaleDraft): number {
  return draft.lines.reduce((sum, line) => sum + line.quantity, 0);
}

/** The running total at the box-office prices of the date (the server's quote refines group prices). */
export function localTotal(draft: SaleDraft, priceOf: (productId: string) => number): number {
  return draft.lines.reduce((sum, line) => sum + priceOf(line.productId) * line.quantity, 0);
}

/** The ticket types on keys 1–9: those sellable for the chosen session, in the server's order. */
export function keyedProducts<P extends Pick<BoxOfficeProduct, 'id' | 'bySession'>>(
  products: readonly P[],
  sessionProductIds: readonly string[] | null,
): P[] {
  return products.filter((product) =>
    product.bySession ? sessionProductIds !== null && sessionProductIds.includes(product.id) : true,
  );
}
