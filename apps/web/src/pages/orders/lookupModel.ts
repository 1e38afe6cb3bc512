// The look-up box and its results as a reducer: what is typed or scanned, what was last searched,
// the results and the highlighted one. Enter searches what is typed; Enter again (nothing changed)
// opens the highlighted order; ↑/↓ move the highlight; one result opens at once — a scanned ticket
// shows its order without a second key. Pure: the page does the requests.
import type { OrderSummary } from '../../api/afterSale';

export type LookupState = {
  text: string;
  /** The text (or date range) of the results shown, to tell "search again" from "open". */
  searched: string | null;
  results: readonly OrderSummary[] | null;
  matchedBy: string | null;
  active: number;
};

export const initialLookup: LookupState = {
  text: '',
  searched: null,
  results: null,
  matchedBy: null,
  active: 0,
};

export type LookupAction =
  | { type: 'type'; text: string }
  | { type: 'results'; searched: string; matchedBy: string; results: readonly OrderSummary[] }
  | { type: 'move'; step: number }
  | { type: 'highlight'; index: number }
  | { type: 'clear' };

export function lookupReducer(state: LookupState, action: LookupAction): LookupState {
  switch (action.type) {
    case 'type':
      return { ...state, text: action.text };
    case 'results':
      return {
        ...state,
        searched: action.searched,
        matchedBy: action.matchedBy,
        results: action.results,
        active: 0,
      };
    case 'move': {
      const count = state.results?.length ?? 0;
      if (count === 0) return state;
      return { ...state, active: Math.min(count - 1, Math.max(0, state.active + action.step)) };
    }
    case 'highlight': {
      const count = state.results?.length ?? 0;
      if (action.index < 0 || action.index >= count) return state;
      return { ...state, active: action.index };
    }
    case 'clear':
      return initialLookup;
  }
}

/** What Enter in the look-up box does. */
export type EnterIntent =
  { kind: 'search'; q: string } | { kind: 'open'; orderId: string } | { kind: 'none' };

export function enterIntent(state: LookupState): EnterIntent {
  const q = state.text.trim();
  const highlighted = state.results?.[state.active];
  if (highlighted !== undefined && (q === '' || q === state.searched)) {
    return { kind: 'open', orderId: highlighted.id };
  }
  if (q === '') return { kind: 'none' };
  return { kind: 'search', q };
}

/** The order to open as soon as results arrive: the only one found. */
export function openAtOnce(results: readonly OrderSummary[]): string | null {
  return results.length === 1 ? (results[0]?.id ?? null) : null;
}

/** A date range's key in `searched`, so a range is never mistaken for typed text. */
export function rangeKey(from: string, to: string): string {
  return `range:${from}..${to}`;
}
