// Numbers people read and type: ticket numbers with a check digit, and order numbers
// SITE-YYMMDD-TT-NNNN (DESIGN.md: TT is the terminal or channel, NNNN comes from a block of numbers
// leased to it, so the sale path has no shared counter; gaps are allowed, a unique index guards).

// The Damm algorithm: one check digit that catches every single-digit error and every swap of two
// adjacent digits — the mistakes made typing a ticket number at a gate.
const dammTable = [
  [0, 3, 1, 7, 5, 9, 8, 6, 4, 2],
  [7, 0, 9, 2, 1, 5, 4, 8, 6, 3],
  [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
  [1, 7, 5, 0, 9, 8, 3, 4, 2, 6],
  [6, 1, 2, 3, 0, 4, 5, 9, 7, 8],
  [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
  [5, 8, 6, 9, 7, 2, 0, 1, 3, 4],
  [8, 9, 4, 5, 3, 6, 2, 0, 1, 7],
  [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
  [2, 5, 8, 1, 4, 3, 6, 7, 9, 0],
];

export function dammDigit(digits: string): number {
  let interim = 0;
  for (const c of digits) interim = dammTable[interim]![Number(c)]!;
  return interim;
}

/** A ticket number: the digits given plus their Damm check digit. */
export function withCheckDigit(digits: string): string {
  if (!/^\d+$/.test(digits)) throw new RangeError('a ticket number is made of digits');
  return `${digits}${dammDigit(digits)}`;
}

/** Whether a typed ticket number (spaces and dashes allowed) has a valid check digit. */
export function isValidTicketNumber(input: string): boolean {
  const digits = input.replace(/[\s-]/g, '');
  return /^\d{6,20}$/.test(digits) && dammDigit(digits) === 0;
}

export type OrderNumberParts = { siteCode: string; businessDate: string; terminal: string; sequence: number };

const orderPattern = /^([A-Z0-9]{2,12})-(\d{2})(\d{2})(\d{2})-([A-Z0-9]{2})-(\d{4,8})$/;

export function formatOrderNumber({ siteCode, businessDate, terminal, sequence }: OrderNumberParts): string {
  if (!/^[A-Z0-9]{2,12}$/.test(siteCode))
    throw new RangeError(`site code ${siteCode} cannot appear in an order number`);
  if (!/^[A-Z0-9]{2}$/.test(terminal))
    throw new RangeError(`terminal code must be 2 letters or digits, got ${terminal}`);
  if (!Number.isSafeInteger(sequence) || sequence < 0 || sequence > 99_999_999)
    throw new RangeError(`sequence out of range: ${sequence}`);
  const yymmdd = businessDate.slice(2, 4) + businessDate.slice(5, 7) + businessDate.slice(8, 10);
  return `${siteCode}-${yymmdd}-${terminal}-${String(sequence).padStart(4, '0')}`;
}

export function parseOrderNumber(input: string): OrderNumberParts | null {
  const m = orderPattern.exec(input.trim().toUpperCase());
  if (!m) return null;
  return {
    siteCode: m[1]!,
    businessDate: `20${m[2]}-${m[3]}-${m[4]}`,
    terminal: m[5]!,
    sequence: Number(m[6]),
  };
}
