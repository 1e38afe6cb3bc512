// PostgreSQL returns int8 (bigint, COUNT(*), SUM of integers cast to int8) as strings, because
// JavaScript numbers lose precision past 2^53. Every engine is given this one parser, so the rest of
// the code sees numbers and a value that would lose precision fails loudly instead of silently.
// Money is stored as int8 fen; 2^53 fen is ninety trillion yuan, far beyond any ticket office.
// Cast SUMs to int8 in SQL (`sum(x)::int8`): SUM of int8 is numeric, which stays a string.

export function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`int8 value ${text} is outside the safe integer range`);
  }
  return value;
}

export const INT8_OID = 20;
