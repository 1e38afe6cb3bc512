import { residentIdCheckCharacter } from '@admit/domain';
import { describe, expect, it } from 'vitest';
import { checkHolders, hasHolderErrors } from './holderChecks';
import type { LineDraft } from './saleModel';

function residentId(first17: string): string {
  return first17 + residentIdCheckCharacter(first17);
}

const ADULT_ID = residentId('11010519800101001'); // born 1980
const CHILD_ID = residentId('11010520230601002'); // born 1 June 2023
const products = new Map([
  ['adult', { minAge: null, maxAge: null }],
  ['child', { minAge: null, maxAge: 6 }],
]);
const dates = { today: '2026-11-26', visitDate: '2026-11-26', submitting: false };

function line(productId: string, numbers: string[]): LineDraft {
  return {
    productId,
    quantity: numbers.length,
    holders: numbers.map((documentNumber) => ({ documentKind: 'resident_id', documentNumber, name: '' })),
    discountDocument: null,
    discountReason: '',
  };
}

describe('holders of real-name tickets', () => {
  it('accepts valid ID numbers', () => {
    const checks = checkHolders([line('adult', [ADULT_ID])], products, dates);
    expect(checks.get('adult:0')).toEqual({ error: null, ageWarning: null });
  });

  it('shows a wrong GB 11643 check character as soon as the number is complete', () => {
    const wrong = ADULT_ID.slice(0, 17) + (ADULT_ID.endsWith('1') ? '2' : '1');
    expect(checkHolders([line('adult', [wrong])], products, dates).get('adult:0')?.error).toBe(
      'id_number_checksum',
    );
    // Still being typed: no complaint yet; when paying, it is incomplete.
    expect(checkHolders([line('adult', ['1101051980'])], products, dates).get('adult:0')?.error).toBeNull();
    expect(
      checkHolders([line('adult', ['1101051980'])], products, { ...dates, submitting: true }).get('adult:0')
        ?.error,
    ).toBe('id_number_format');
  });

  it('warns (without refusing) when the age does not fit the ticket type', () => {
    const checks = checkHolders([line('child', [ADULT_ID, CHILD_ID])], products, dates);
    expect(checks.get('child:0')).toEqual({ error: null, ageWarning: 46 });
    expect(checks.get('child:1')).toEqual({ error: null, ageWarning: null });
    expect(hasHolderErrors(checks)).toBe(false);
  });

  it('refuses the same document twice in one order, across lines, in any spelling', () => {
    const checks = checkHolders(
      [line('adult', [ADULT_ID]), line('child', [` ${ADULT_ID.toLowerCase()} `])],
      products,
      dates,
    );
    expect(checks.get('child:0')?.error).toBe('duplicate');
    expect(hasHolderErrors(checks)).toBe(true);
  });

  it('asks for the missing numbers only when paying', () => {
    expect(checkHolders([line('adult', [''])], products, dates).get('adult:0')?.error).toBeNull();
    expect(
      checkHolders([line('adult', [''])], products, { ...dates, submitting: true }).get('adult:0')?.error,
    ).toBe('document_required');
  });

  it('checks passports by their format', () => {
    const passport: LineDraft = {
      ...line('adult', []),
      quantity: 1,
      holders: [{ documentKind: 'passport', documentNumber: 'E1234567', name: 'Li' }],
    };
    expect(checkHolders([passport], products, dates).get('adult:0')?.error).toBeNull();
    passport.holders[0]!.documentNumber = 'E1';
    expect(checkHolders([passport], products, dates).get('adult:0')?.error).toBe('document_number_format');
  });
});
