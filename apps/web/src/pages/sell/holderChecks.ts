// What the seller sees next to each holder of a real-name ticket, from the domain's pure checks: a
// wrong GB 11643 check character as soon as the 18th character is in, a document number used twice in
// the order, a missing number when paying, and — a warning, not a refusal — an age read from the ID
// number that does not fit the ticket type (a "child" of 30).
import {
  ageFits,
  ageOn,
  checkIdentityDocument,
  normalizeDocumentNumber,
  type IdentityProblem,
} from '@admit/domain';
import type { BoxOfficeProduct } from '../../api/sales';
import type { HolderDraft, LineDraft } from './saleModel';

export type HolderError = IdentityProblem | 'document_required' | 'duplicate';

export type HolderCheck = {
  error: HolderError | null;
  /** The holder's age when it does not fit the ticket type's ages. */
  ageWarning: number | null;
};

/** Holder checks keyed `${productId}:${index}`; `submitting` also reports what is still missing. */
export function checkHolders(
  lines: readonly LineDraft[],
  products: ReadonlyMap<string, Pick<BoxOfficeProduct, 'minAge' | 'maxAge'>>,
  { today, visitDate, submitting }: { today: string; visitDate: string; submitting: boolean },
): Map<string, HolderCheck> {
  const checks = new Map<string, HolderCheck>();
  const seen = new Set<string>();
  for (const line of lines) {
    const product = products.get(line.productId);
    line.holders.forEach((holder, index) => {
      checks.set(
        `${line.productId}:${index}`,
        checkHolder(holder, product, { today, visitDate, submitting }, seen),
      );
    });
  }
  return checks;
}

function checkHolder(
  holder: HolderDraft,
  product: Pick<BoxOfficeProduct, 'minAge' | 'maxAge'> | undefined,
  { today, visitDate, submitting }: { today: string; visitDate: string; submitting: boolean },
  seen: Set<string>,
): HolderCheck {
  const number = normalizeDocumentNumber(holder.documentNumber);
  if (number === '') return { error: submitting ? 'document_required' : null, ageWarning: null };
  // A resident ID number is judged once it is complete (or when paying), not while it is being typed.
  const complete = holder.documentKind !== 'resident_id' || number.length >= 18 || submitting;
  const result = checkIdentityDocument(holder.documentKind, number, today);
  if (typeof result === 'string') return { error: complete ? result : null, ageWarning: null };
  const key = `${holder.documentKind}:${result.number}`;
  if (seen.has(key)) return { error: 'duplicate', ageWarning: null };
  seen.add(key);
  if (result.birthDate === null || product === undefined) return { error: null, ageWarning: null };
  const age = ageOn(result.birthDate, visitDate);
  return { error: null, ageWarning: ageFits(age, product) ? null : age };
}

export function hasHolderErrors(checks: ReadonlyMap<string, HolderCheck>): boolean {
  return [...checks.values()].some((check) => check.error !== null);
}
