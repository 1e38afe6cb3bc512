import { describe, expect, it } from 'vitest';
import {
  paymentCodeProvider,
  paymentForm,
  paymentStep,
  yuanInput,
  type PaymentContext,
} from './paymentModel';

const context: PaymentContext = { due: 24000, agencyAvailable: () => 50000, needsGuide: false };

describe('taking the money', () => {
  it('presets cash to exactly what is due, as the seller types it', () => {
    expect(paymentForm('cash', 24000).tendered).toBe('240');
    expect(yuanInput(12050)).toBe('120.5');
    expect(yuanInput(1)).toBe('0.01');
  });

  it('takes exact cash with no change, and gives the change for more', () => {
    expect(paymentStep(paymentForm('cash', 24000), context)).toEqual({
      ok: true,
      part: { method: 'cash', amount: 24000, tendered: 24000 },
      change: 0,
      complete: true,
    });
    expect(paymentStep({ ...paymentForm('cash', 24000), tendered: '300' }, context)).toMatchObject({
      part: { method: 'cash', amount: 24000, tendered: 30000 },
      change: 6000,
      complete: true,
    });
  });

  it('takes less cash than due as part of a split payment', () => {
    expect(paymentStep({ ...paymentForm('cash', 24000), tendered: '100' }, context)).toEqual({
      ok: true,
      part: { method: 'cash', amount: 10000, tendered: 10000 },
      change: 0,
      complete: false,
    });
  });

  it('refuses what is not an amount', () => {
    expect(paymentStep({ ...paymentForm('cash', 24000), tendered: 'abc' }, context)).toMatchObject({
      ok: false,
      problem: 'tendered_invalid',
    });
    expect(paymentStep({ ...paymentForm('card', 24000), amount: '300' }, context)).toMatchObject({
      ok: false,
      problem: 'amount_above_due',
    });
  });

  it('needs the terminal reference for a card, and 16–24 digits for a payment code', () => {
    expect(paymentStep(paymentForm('card', 24000), context)).toMatchObject({ problem: 'reference_required' });
    expect(paymentStep({ ...paymentForm('card', 24000), reference: ' 8842 ' }, context)).toMatchObject({
      part: { method: 'card', amount: 24000, reference: '8842' },
      complete: true,
    });
    expect(paymentStep({ ...paymentForm('payment_code', 24000), authCode: '1345' }, context)).toMatchObject({
      problem: 'auth_code_invalid',
    });
    expect(
      paymentStep(
        { ...paymentForm('payment_code', 14000), authCode: '134567890123456702' },
        { ...context, due: 14000 },
      ),
    ).toMatchObject({
      part: { method: 'payment_code', amount: 14000, authCode: '134567890123456702' },
      complete: true,
    });
  });

  it('tells WeChat Pay from Alipay codes', () => {
    expect(paymentCodeProvider('134567890123456702')).toBe('wechat');
    expect(paymentCodeProvider('2812345678901234')).toBe('alipay');
    expect(paymentCodeProvider('9912345678901234')).toBeNull();
  });

  it('on account: an agency within its credit, and the guide for a group', () => {
    const form = paymentForm('on_account', 24000);
    expect(paymentStep(form, context)).toMatchObject({ problem: 'agency_required' });
    expect(
      paymentStep({ ...form, agencyId: 'a' }, { ...context, agencyAvailable: () => 1000 }),
    ).toMatchObject({
      problem: 'over_credit',
    });
    expect(paymentStep({ ...form, agencyId: 'a' }, { ...context, needsGuide: true })).toMatchObject({
      problem: 'guide_required',
      field: 'guideName',
    });
    expect(
      paymentStep(
        { ...form, agencyId: 'a', guideName: '王导', guideLicence: 'D-1234' },
        { ...context, needsGuide: true },
      ),
    ).toMatchObject({ part: { method: 'on_account', amount: 24000, agencyId: 'a' }, complete: true });
  });

  it('keeps the agency and guide when the seller switches methods and back', () => {
    const first = { ...paymentForm('on_account', 24000), agencyId: 'a', guideName: '王导' };
    expect(paymentForm('cash', 24000, first)).toMatchObject({ agencyId: 'a', guideName: '王导' });
  });
});
