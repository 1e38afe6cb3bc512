// Identity documents for real-name tickets (实名制) and discounts: the resident identity card checked by
// the GB 11643-1999 checksum (an ID-card reader types its number into the field like a keyboard), and
// the documents of visitors without one — passports, the Mainland travel permits of Hong Kong, Macau
// and Taiwan residents, and foreigners' permanent residence cards. Pure: no I/O.

export type IdentityDocumentKind =
  'resident_id' | 'passport' | 'hk_macau_permit' | 'taiwan_permit' | 'foreigner_permanent_residence';

export type IdentityProblem =
  'id_number_format' | 'id_number_checksum' | 'id_number_birth_date' | 'document_number_format';

const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const checkCharacters = '10X98765432';

/** Upper-case, without spaces, full-width characters turned half-width (some readers emit them). */
export function normalizeDocumentNumber(input: string): string {
  return input
    .replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s-]/g, '')
    .toUpperCase();
}

/** The GB 11643 check character of the first 17 digits. */
export function residentIdCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * weights[i]!;
  return checkCharacters[sum % 11]!;
}

export type ResidentId = { number: string; regionCode: string; birthDate: string; sex: 'male' | 'female' };

function isRealDate(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** Checks an 18-character resident ID number; `today` bounds the birth date (no one born tomorrow). */
export function parseResidentId(input: string, today: string): ResidentId | IdentityProblem {
  const number = normalizeDocumentNumber(input);
  if (!/^\d{17}[\dX]$/.test(number)) return 'id_number_format';
  const y = Number(number.slice(6, 10));
  const m = Number(number.slice(10, 12));
  const d = Number(number.slice(12, 14));
  const birthDate = `${number.slice(6, 10)}-${number.slice(10, 12)}-${number.slice(12, 14)}`;
  if (y < 1900 || !isRealDate(y, m, d) || birthDate > today) return 'id_number_birth_date';
  if (residentIdCheckCharacter(number) !== number[17]) return 'id_number_checksum';
  return {
    number,
    regionCode: number.slice(0, 6),
    birthDate,
    sex: Number(number[16]) % 2 === 1 ? 'male' : 'female',
  };
}

/** Completed years of age on a date, from a birth date (both YYYY-MM-DD). */
export function ageOn(birthDate: string, date: string): number {
  const years = Number(date.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return date.slice(5) >= birthDate.slice(5) ? years : years - 1;
}

const otherFormats: Record<Exclude<IdentityDocumentKind, 'resident_id'>, RegExp> = {
  // Passports of any country: letters and digits, 5–17 characters.
  passport: /^[A-Z0-9]{5,17}$/,
  // 港澳居民来往内地通行证 (H/M + 8 or 10 digits) and the older 往来港澳通行证 (C + 8 characters).
  hk_macau_permit: /^([HM]\d{8}(\d{2})?|C[0-9A-Z]\d{7})$/,
  // 台湾居民来往大陆通行证: 8 digits (older ones 10 characters).
  taiwan_permit: /^(\d{8}|[0-9A-Z]\d{9})$/,
  // 外国人永久居留身份证: 15 characters (3 letters + 12 digits) or, since 2023, 18 starting with 9.
  foreigner_permanent_residence: /^([A-Z]{3}\d{12}|9\d{16}[\dX])$/,
};

/** Validates a document number of the given kind and returns it normalised, or the problem. */
export function checkIdentityDocument(
  kind: IdentityDocumentKind,
  input: string,
  today: string,
): { number: string; birthDate: string | null } | IdentityProblem {
  if (kind === 'resident_id') {
    const parsed = parseResidentId(input, today);
    return typeof parsed === 'string' ? parsed : { number: parsed.number, birthDate: parsed.birthDate };
  }
  const number = normalizeDocumentNumber(input);
  if (kind === 'foreigner_permanent_residence' && number.length === 18) {
    if (!otherFormats[kind].test(number)) return 'document_number_format';
    // The 2023 card follows the resident ID layout, checksum included.
    if (residentIdCheckCharacter(number) !== number[17]) return 'id_number_checksum';
    return { number, birthDate: null };
  }
  return otherFormats[kind].test(number) ? { number, birthDate: null } : 'document_number_format';
}

export type AgeRule = { minAge: number | null; maxAge: number | null };

/**
 * Whether an age fits a ticket type's age rule (inclusive), for the seller's warning when an ID
 * number does not fit a child or senior ticket. Null bounds are open.
 */
export function ageFits(age: number, rule: AgeRule): boolean {
  return (rule.minAge === null || age >= rule.minAge) && (rule.maxAge === null || age <= rule.maxAge);
}
