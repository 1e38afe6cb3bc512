import { describe, expect, it } from 'vitest';
import { METHOD_KEYS, sellCommand, type KeyContext, type KeyLike } from './keys';

const order: KeyContext = { phase: 'order', inTextField: false, onControl: false };

function key(k: string, extra: Partial<KeyLike> = {}): KeyLike {
  return { key: k, altKey: false, ctrlKey: false, metaKey: false, repeat: false, ...extra };
}

describe('sell screen keys', () => {
  it('adds the n-th ticket type with keys 1–9 (top row or keypad: the same key)', () => {
    expect(sellCommand(key('1'), order)).toEqual({ kind: 'addProduct', index: 0 });
    expect(sellCommand(key('9'), order)).toEqual({ kind: 'addProduct', index: 8 });
    expect(sellCommand(key('0'), order)).toBeNull();
  });

  it('leaves digits, Backspace and Enter to a text field that has focus', () => {
    const typing = { ...order, inTextField: true, onControl: true };
    expect(sellCommand(key('1'), typing)).toBeNull();
    expect(sellCommand(key('Backspace'), typing)).toBeNull();
    expect(sellCommand(key('Enter'), typing)).toBeNull();
    // Method keys and Esc still work from a field.
    expect(sellCommand(key(METHOD_KEYS.cash), typing)).toEqual({ kind: 'pay', method: 'cash' });
    expect(sellCommand(key('Escape'), typing)).toEqual({ kind: 'escape' });
  });

  it('leaves Alt+digit to the shell navigation and Ctrl combinations to the browser', () => {
    expect(sellCommand(key('1', { altKey: true }), order)).toBeNull();
    expect(sellCommand(key('p', { ctrlKey: true }), order)).toBeNull();
  });

  it('opens the payment with Enter (cash) or a method key, but not on a focused button', () => {
    expect(sellCommand(key('Enter'), order)).toEqual({ kind: 'pay', method: null });
    expect(sellCommand(key('Enter'), { ...order, onControl: true })).toBeNull();
    expect(sellCommand(key('Enter', { repeat: true }), order)).toBeNull();
    expect(sellCommand(key(METHOD_KEYS.payment_code), order)).toEqual({
      kind: 'pay',
      method: 'payment_code',
    });
    expect(sellCommand(key(METHOD_KEYS.on_account), order)).toEqual({ kind: 'pay', method: 'on_account' });
  });

  it('uses no function key a browser keeps for itself', () => {
    const taken = ['F1', 'F3', 'F5', 'F6', 'F7', 'F11', 'F12'];
    for (const k of Object.values(METHOD_KEYS)) expect(taken).not.toContain(k);
  });

  it('edits the order: quantities, the last ticket, clearing, explaining', () => {
    expect(sellCommand(key('+', { shiftKey: true }), order)).toEqual({ kind: 'increment' });
    expect(sellCommand(key('-'), order)).toEqual({ kind: 'decrement' });
    expect(sellCommand(key('Backspace'), order)).toEqual({ kind: 'removeLast' });
    expect(sellCommand(key('Delete'), order)).toEqual({ kind: 'removeLast' });
    expect(sellCommand(key('Escape'), order)).toEqual({ kind: 'escape' });
    expect(sellCommand(key('F2'), order)).toEqual({ kind: 'explain' });
    expect(sellCommand(key('?', { shiftKey: true }), order)).toEqual({ kind: 'explain' });
  });

  it('changes the session with the arrows and the date with PgUp/PgDn/Home', () => {
    expect(sellCommand(key('ArrowDown'), order)).toEqual({ kind: 'session', step: 1 });
    expect(sellCommand(key('ArrowUp'), order)).toEqual({ kind: 'session', step: -1 });
    expect(sellCommand(key('PageDown'), order)).toEqual({ kind: 'date', step: 1 });
    expect(sellCommand(key('PageUp'), order)).toEqual({ kind: 'date', step: -1 });
    expect(sellCommand(key('Home'), order)).toEqual({ kind: 'date', step: 0 });
  });

  it('in the payment, switches the method and goes back with Esc; digits are the amount field’s', () => {
    const payment: KeyContext = { phase: 'payment', inTextField: true, onControl: true };
    expect(sellCommand(key(METHOD_KEYS.card), payment)).toEqual({ kind: 'pay', method: 'card' });
    expect(sellCommand(key('Escape'), payment)).toEqual({ kind: 'escape' });
    expect(sellCommand(key('2'), payment)).toBeNull();
    expect(sellCommand(key('Enter'), payment)).toBeNull();
  });

  it('while the customer enters the password, only the explainer answers', () => {
    const waiting: KeyContext = { phase: 'waiting', inTextField: false, onControl: false };
    expect(sellCommand(key('Escape'), waiting)).toBeNull();
    expect(sellCommand(key('1'), waiting)).toBeNull();
    expect(sellCommand(key('F2'), waiting)).toEqual({ kind: 'explain' });
  });

  it('after the sale, any digit starts the next one, P prints and D opens the PDF', () => {
    const done: KeyContext = { phase: 'done', inTextField: false, onControl: false };
    expect(sellCommand(key('3'), done)).toEqual({ kind: 'addProduct', index: 2 });
    expect(sellCommand(key('p'), done)).toEqual({ kind: 'print' });
    expect(sellCommand(key('D', { shiftKey: true }), done)).toEqual({ kind: 'pdf' });
    expect(sellCommand(key('Enter'), done)).toEqual({ kind: 'escape' });
  });

  it('after the sale, V voids it (the screen asks first) and J closes the shift, also from the order', () => {
    const done: KeyContext = { phase: 'done', inTextField: false, onControl: false };
    expect(sellCommand(key('v'), done)).toEqual({ kind: 'void' });
    expect(sellCommand(key('V', { shiftKey: true }), done)).toEqual({ kind: 'void' });
    expect(sellCommand(key('v'), { ...done, inTextField: true })).toBeNull();
    expect(sellCommand(key('v'), order)).toBeNull();
    expect(sellCommand(key('j'), done)).toEqual({ kind: 'closeShift' });
    expect(sellCommand(key('J', { shiftKey: true }), order)).toEqual({ kind: 'closeShift' });
    expect(sellCommand(key('j'), { ...order, inTextField: true })).toBeNull();
  });
});
