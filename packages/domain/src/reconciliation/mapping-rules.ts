// What makes a column mapping usable before any file is read through it, so a mapping is refused when
// finance saves it rather than when a statement fails line by line: a column for the amount and for
// at least one reference, the words telling payments from refunds (none said twice), a real time zone.
import { isValidTimeZone } from '../catalog/time-zone';
import type { StatementColumnMapping } from './mapped-csv';
import { statementColumnKey } from './statement-line';

/** A mapping as saved: the zone of its times may be left to the site's. */
export type SavedStatementMapping = Omit<StatementColumnMapping, 'timeZone'> & { timeZone?: string };

export type StatementMappingProblem =
  | 'reference_column_missing'
  | 'amount_column_missing'
  | 'kind_words_missing'
  | 'kind_words_overlap'
  | 'status_column_missing'
  | 'time_zone_invalid';

export function statementMappingProblem(mapping: SavedStatementMapping): StatementMappingProblem | null {
  const named = (title: string | null | undefined) => typeof title === 'string' && title.trim() !== '';
  if (!named(mapping.providerReference) && !named(mapping.ourReference)) return 'reference_column_missing';
  if (!named(mapping.amount)) return 'amount_column_missing';
  if (mapping.kind) {
    const payment = new Set(mapping.kind.payment.map(statementColumnKey));
    const refund = mapping.kind.refund.map(statementColumnKey);
    if (payment.size === 0 || refund.length === 0) return 'kind_words_missing';
    if (refund.some((w) => payment.has(w))) return 'kind_words_overlap';
  }
  if (mapping.status && !named(mapping.status.column)) return 'status_column_missing';
  if (mapping.timeZone !== undefined && !isValidTimeZone(mapping.timeZone)) return 'time_zone_invalid';
  return null;
}
