// Money is an integer number of minor units (fen for CNY). Never floats: ¥0.10 + ¥0.20 must be ¥0.30.
export type Money = number;

export function assertMinorUnits(value: number): Money {
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`money must be a safe integer number of minor units, got ${value}`);
  }
  return value;
}

/** Formats fen as yuan with two decimals, e.g. 12345 → "123.45", -5 → "-0.05". */
export function formatYuan(fen: Money): string {
  assertMinorUnits(fen);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const yuan = Math.trunc(abs / 100);
  const cents = abs % 100;
  return `${sign}${yuan}.${cents.toString().padStart(2, '0')}`;
}

/**
 * Parses what a cashier types ("123", "123.4", "123.45", "¥1,234.50") into fen. Returns null for
 * anything that is not an amount, including more than two decimals.
 */
export function parseYuan(text: string): Money | null {
  const cleaned = text
    .trim()
    .replace(/^[¥￥]/, '')
    .replaceAll(',', '');
  const match = /^(-)?(\d{1,13})(?:\.(\d{1,2}))?$/.exec(cleaned);
  if (!match) return null;
  const [, minus, whole = '0', fraction = ''] = match;
  const fen = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  return minus ? -fen : fen;
}
