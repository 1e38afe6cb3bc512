// The days a statement covers (its period), in the site's zone: our payments and refunds whose moment
// at the provider falls on those days are what the statement must account for. Finance may name the
// days; else the file says (Alipay's 起始日期/终止日期 lines); else they run from the first line's day
// to the last line's. A period is at most a month long: a longer file is imported month by month.
import { addDays, isCivilDate } from '../catalog/calendar';
import { businessDate } from '../catalog/time-zone';
import type { StatementPeriod } from '../sales/agency-statement';

/** A month, whichever: Alipay's monthly bill is the longest a provider gives in one file. */
export const reconciliationPeriodMaxDays = 31;

export type ReconciliationPeriodProblem = 'invalid_date' | 'ends_before_start' | 'too_long';

export function reconciliationPeriodProblem(period: StatementPeriod): ReconciliationPeriodProblem | null {
  if (!isCivilDate(period.from) || !isCivilDate(period.to)) return 'invalid_date';
  if (period.to < period.from) return 'ends_before_start';
  if (addDays(period.from, reconciliationPeriodMaxDays - 1) < period.to) return 'too_long';
  return null;
}

/** The site's days from the earliest line's time to the latest's; null when no line has a time. */
export function reconciliationPeriodOfLines(
  lines: readonly { time: string | null }[],
  timeZone: string,
): StatementPeriod | null {
  let first: string | null = null;
  let last: string | null = null;
  for (const { time } of lines) {
    if (time === null) continue;
    if (first === null || time < first) first = time;
    if (last === null || time > last) last = time;
  }
  if (first === null || last === null) return null;
  return { from: businessDate(new Date(first), timeZone), to: businessDate(new Date(last), timeZone) };
}

/**
 * A span of instants a file declares (`to` excluded) as the site's days: from the day its first
 * moment falls on to the day its last moment falls on.
 */
export function reconciliationPeriodOfSpan(
  span: { from: string; to: string },
  timeZone: string,
): StatementPeriod | null {
  const from = Date.parse(span.from);
  const to = Date.parse(span.to);
  if (!Number.isFinite(from) || !Number.isFinite(to) || to <= from) return null;
  return { from: businessDate(new Date(from), timeZone), to: businessDate(new Date(to - 1), timeZone) };
}

/** Which period a run uses: the one finance gave, else the file's own, else its lines'. */
export function chooseReconciliationPeriod(input: {
  given: StatementPeriod | null;
  declared: { from: string; to: string } | undefined;
  lines: readonly { time: string | null }[];
  timeZone: string;
}): StatementPeriod | null {
  if (input.given) return input.given;
  const declared = input.declared ? reconciliationPeriodOfSpan(input.declared, input.timeZone) : null;
  return declared ?? reconciliationPeriodOfLines(input.lines, input.timeZone);
}
