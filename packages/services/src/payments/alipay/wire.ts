// Alipay's wire formats for money and time. Amounts are yuan strings with two decimals ("12.30");
// we hold integer fen, so both directions are done on digits, never with floating point. Times are
// "yyyy-MM-dd HH:mm:ss" in Beijing time (UTC+8; China has had no daylight saving time since 1991).

/** Alipay's limits for one trade: 0.01 to 100,000,000.00 yuan. */
export const MAX_ALIPAY_FEN = 10_000_000_000;

/** 12345 → "123.45". Null for anything that is not a whole number of fen Alipay accepts. */
export function yuanFromFen(fen: number): string | null {
  if (!Number.isSafeInteger(fen) || fen < 1 || fen > MAX_ALIPAY_FEN) return null;
  const digits = String(fen).padStart(3, '0');
  return `${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/** "123.45" → 12345. Exactly two decimals and no leading zeros, as Alipay writes them; null otherwise. */
export function fenFromYuan(text: string | undefined): number | null {
  const match = /^(0|[1-9]\d{0,8})\.(\d{2})$/.exec(text ?? '');
  if (!match) return null;
  return Number(match[1]) * 100 + Number(match[2]);
}

const BEIJING_OFFSET_MS = 8 * 3600_000;

export function beijingTime(at: Date): string {
  return new Date(at.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** "2024-05-01 14:10:47" (Beijing) → the instant. Null unless it is a real calendar time. */
export function parseBeijingTime(text: string | undefined): Date | null {
  if (!/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(text ?? '')) return null;
  const at = new Date(`${text!.replace(' ', 'T')}+08:00`);
  // Date accepts "02-30" by rolling over; the round trip refuses it.
  return Number.isNaN(at.getTime()) || beijingTime(at) !== text ? null : at;
}
