// The sell screen's keyboard: one table from key to command, per phase of a sale, so the screen, its
// legend and the shortcut help all read the same keys. Pure: tests drive it with plain key objects.
//
// Function keys were chosen among those browsers do not take for themselves: F1 (help), F3 (find),
// F5 (reload), F6 (address bar), F7 (caret browsing), F11 (full screen) and F12 (developer tools) are
// left alone; F2 explains prices, F4, F8, F9 and F10 pick the payment method.
import type { PaymentMethod } from '../../api/sales';

export type SellPhase = 'order' | 'payment' | 'waiting' | 'done';

export type SellCommand =
  /** Keys 1–9: one more ticket of the n-th ticket type (index 0–8). */
  | { kind: 'addProduct'; index: number }
  | { kind: 'increment' }
  | { kind: 'decrement' }
  | { kind: 'removeLast' }
  | { kind: 'escape' }
  /** Enter (method null: cash, or the method already chosen) or a method's key. */
  | { kind: 'pay'; method: PaymentMethod | null }
  | { kind: 'explain' }
  | { kind: 'session'; step: 1 | -1 }
  | { kind: 'date'; step: 1 | -1 | 0 }
  | { kind: 'print' }
  | { kind: 'pdf' }
  /** V after a sale: void it (作废), after a confirmation. */
  | { kind: 'void' }
  /** J (交班, jiāobān): close the shift, blind. */
  | { kind: 'closeShift' };

export const METHOD_KEYS: Record<PaymentMethod, string> = {
  cash: 'F8',
  card: 'F9',
  payment_code: 'F10',
  on_account: 'F4',
};

const methodByKey = new Map(
  (Object.entries(METHOD_KEYS) as [PaymentMethod, string][]).map(([method, key]) => [key, method]),
);

export type KeyLike = Pick<KeyboardEvent, 'key' | 'altKey' | 'ctrlKey' | 'metaKey' | 'repeat'> & {
  shiftKey?: boolean;
};

export type KeyContext = {
  phase: SellPhase;
  /** Focus is in a field that takes typing (digits, Backspace and Enter are the field's). */
  inTextField: boolean;
  /** Focus is on a control that Enter activates itself (a button, link or list). */
  onControl: boolean;
};

/** The command for a key press, or null when the key is not the sell screen's (let it through). */
export function sellCommand(event: KeyLike, context: KeyContext): SellCommand | null {
  // Alt+digit is the shell's navigation, Ctrl/⌘ combinations are the browser's and the field's.
  if (event.altKey || event.ctrlKey || event.metaKey) return null;
  const { key } = event;
  const method = methodByKey.get(key);
  if (key === 'F2') return { kind: 'explain' };

  if (context.phase === 'waiting') return null;

  if (context.phase === 'payment') {
    if (method !== undefined) return { kind: 'pay', method };
    if (key === 'Escape') return { kind: 'escape' };
    return null;
  }

  if (context.phase === 'done') {
    if (/^[1-9]$/.test(key) && !context.inTextField) return { kind: 'addProduct', index: Number(key) - 1 };
    if (key === 'Escape') return { kind: 'escape' };
    if (context.inTextField || context.onControl) return null;
    if (key === 'Enter') return { kind: 'escape' };
    if (key === 'p' || key === 'P') return { kind: 'print' };
    if (key === 'd' || key === 'D') return { kind: 'pdf' };
    if (key === 'v' || key === 'V') return { kind: 'void' };
    if (key === 'j' || key === 'J') return { kind: 'closeShift' };
    return null;
  }

  // Building the order.
  if (method !== undefined) return { kind: 'pay', method };
  if (key === 'Escape') return { kind: 'escape' };
  if (context.inTextField) return null;
  if (event.repeat && key === 'Enter') return null;
  if (/^[1-9]$/.test(key)) return { kind: 'addProduct', index: Number(key) - 1 };
  if (key === '?') return { kind: 'explain' };
  if (key === '+' || key === '=') return { kind: 'increment' };
  if (key === '-') return { kind: 'decrement' };
  if (key === 'Backspace' || key === 'Delete') return { kind: 'removeLast' };
  if (key === 'ArrowUp') return { kind: 'session', step: -1 };
  if (key === 'ArrowDown') return { kind: 'session', step: 1 };
  if (key === 'PageUp') return { kind: 'date', step: -1 };
  if (key === 'PageDown') return { kind: 'date', step: 1 };
  if (key === 'Home') return { kind: 'date', step: 0 };
  if (key === 'j' || key === 'J') return { kind: 'closeShift' };
  if (key === 'Enter' && !context.onControl) return { kind: 'pay', method: null };
  return null;
}

/** Whether the element takes typed text (so digits and Backspace are its own). */
export function isTextField(element: Element | null): boolean {
  if (element === null) return false;
  if (element instanceof HTMLTextAreaElement) return true;
  if (element instanceof HTMLInputElement) {
    return !['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color', 'file', 'image'].includes(
      element.type,
    );
  }
  return element instanceof HTMLElement && element.isContentEditable;
}

/** Whether Enter on the element does something of its own (press a button, follow a link, pick). */
export function isControl(element: Element | null): boolean {
  if (element === null) return false;
  if (isTextField(element)) return true;
  const tag = element.tagName;
  if (tag === 'BUTTON' || tag === 'A' || tag === 'SELECT') return true;
  if (element instanceof HTMLInputElement) return true;
  const role = element.getAttribute('role');
  return (
    role !== null &&
    ['button', 'link', 'option', 'radio', 'checkbox', 'tab', 'menuitem', 'switch', 'combobox'].includes(role)
  );
}

/** The legend of the keys, for the screen and the shell's shortcut help: [keys, message key]. */
export const SELL_KEY_LEGEND = [
  ['1–9', 'sell.keys.addProduct'],
  ['+ −', 'sell.keys.quantity'],
  ['Backspace', 'sell.keys.removeLast'],
  ['Esc', 'sell.keys.clear'],
  ['↑ ↓', 'sell.keys.session'],
  ['PgUp PgDn Home', 'sell.keys.date'],
  ['F2 / ?', 'sell.keys.explain'],
  ['Enter', 'sell.keys.pay'],
  [METHOD_KEYS.cash, 'sell.methods.cash'],
  [METHOD_KEYS.card, 'sell.methods.card'],
  [METHOD_KEYS.payment_code, 'sell.methods.payment_code'],
  [METHOD_KEYS.on_account, 'sell.methods.on_account'],
  ['P', 'sell.keys.print'],
  ['D', 'sell.keys.pdf'],
  ['V', 'sell.keys.void'],
  ['J', 'sell.keys.closeShift'],
] as const;
