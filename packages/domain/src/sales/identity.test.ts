import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ageFits, ageOn, checkIdentityDocument, parseResidentId, residentIdCheckCharacter } from './identity';

const today = '2026-11-26';
const withCheck = (first17: string) => first17 + residentIdCheckCharacter(first17);

describe('resident ID numbers (GB 11643)', () => {
  it('accepts a valid number and reads birth date and sex from it', () => {
    // The standard's own example: 11010519491231002X.
    expect(parseResidentId('11010519491231002X', today)).toEqual({
      number: '11010519491231002X',
      regionCode: '110105',
      birthDate: '1949-12-31',
      sex: 'female',
    });
    expect(parseResidentId('11010519491231002x', today)).toMatchObject({ number: '11010519491231002X' });
    expect(parseResidentId('１１０１０５１９４９１２３１００２Ｘ', today)).toMatchObject({
      number: '11010519491231002X',
    });
  });

  it('names what is wrong', () => {
    expect(parseResidentId('110105194912310021', today)).toBe('id_number_checksum');
    expect(parseResidentId('1101051949123100', today)).toBe('id_number_format');
    expect(parseResidentId(withCheck('11010519490231002'), today)).toBe('id_number_birth_date');
    expect(parseResidentId(withCheck('11010520301231002'), today)).toBe('id_number_birth_date');
  });

  it('catches every single-character typo', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 16 }),
        fc.integer({ min: 1, max: 9 }),
        fc.date({ min: new Date('1930-01-01'), max: new Date('2025-12-31'), noInvalidDate: true }),
        (position, shift, birth) => {
          const ymd = birth.toISOString().slice(0, 10).replaceAll('-', '');
          const valid = withCheck(`330106${ymd}123`);
          const digit = (Number(valid[position]) + shift) % 10;
          const typo = valid.slice(0, position) + String(digit) + valid.slice(position + 1);
          expect(typeof parseResidentId(valid, today)).toBe('object');
          expect(typeof parseResidentId(typo, today)).toBe('string');
        },
      ),
    );
  });

  it('computes completed years of age', () => {
    expect(ageOn('2020-11-26', today)).toBe(6);
    expect(ageOn('2020-11-27', today)).toBe(5);
    expect(ageOn('1961-11-26', today)).toBe(65);
    expect(ageFits(6, { minAge: null, maxAge: 6 })).toBe(true);
    expect(ageFits(7, { minAge: null, maxAge: 6 })).toBe(false);
    expect(ageFits(64, { minAge: 65, maxAge: null })).toBe(false);
  });
});

describe('other identity documents', () => {
  it.each([
    ['passport', 'E12345678', true],
    ['passport', 'e1234 5678', true],
    ['passport', 'AB#123', false],
    ['hk_macau_permit', 'H12345678', true],
    ['hk_macau_permit', 'M1234567890', true],
    ['hk_macau_permit', 'C12345678', true],
    ['hk_macau_permit', 'X12345678', false],
    ['taiwan_permit', '12345678', true],
    ['taiwan_permit', '1234567', false],
    ['foreigner_permanent_residence', 'USA110012345678', true],
    ['foreigner_permanent_residence', 'US1100123456789', false],
  ] as const)('%s %s → %s', (kind, number, ok) => {
    const result = checkIdentityDocument(kind, number, today);
    expect(typeof result === 'object').toBe(ok);
  });

  it('checks the 2023 permanent residence card like a resident ID', () => {
    const valid = withCheck('93310619850101123');
    expect(checkIdentityDocument('foreigner_permanent_residence', valid, today)).toEqual({
      number: valid,
      birthDate: null,
    });
    const wrong = valid.slice(0, 17) + (valid[17] === '0' ? '1' : '0');
    expect(checkIdentityDocument('foreigner_permanent_residence', wrong, today)).toBe('id_number_checksum');
  });
});
