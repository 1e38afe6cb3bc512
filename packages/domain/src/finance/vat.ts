// Separating VAT from a tax-inclusive amount (价税分离): ticket prices include output VAT, the ledger
// books the net to revenue and the tax to the output-tax account. The net is rounded half up to the
// fen (half away from zero for negative amounts, so a reversal mirrors its booking) and the tax is
// what is left, so net + tax is always exactly the gross.

/** The largest rate accepted: 100% in basis points (real rates are 300, 600, 900, 1300). */
export const maxVatRateBasisPoints = 10_000;

/** net = round(gross × 10000 / (10000 + rate)) half up, tax = gross − net. */
export function separateVat(gross: number, rateBasisPoints: number): { net: number; tax: number } {
  if (!Number.isSafeInteger(gross)) throw new RangeError(`gross must be whole fen, got ${gross}`);
  if (!Number.isInteger(rateBasisPoints) || rateBasisPoints < 0 || rateBasisPoints > maxVatRateBasisPoints)
    throw new RangeError(`VAT rate must be 0..${maxVatRateBasisPoints} basis points, got ${rateBasisPoints}`);
  if (gross < 0) {
    // `0 -` rather than unary minus: never a -0 in a ledger line.
    const mirrored = separateVat(-gross, rateBasisPoints);
    return { net: 0 - mirrored.net, tax: 0 - mirrored.tax };
  }
  if (gross === 0) return { net: 0, tax: 0 };
  // BigInt keeps gross × 20000 exact for any safe amount; half up: floor((2·g·10000 + d) / 2d).
  const divisor = BigInt(10_000 + rateBasisPoints);
  const net = Number((2n * BigInt(gross) * 10_000n + divisor) / (2n * divisor));
  return { net, tax: gross - net };
}
