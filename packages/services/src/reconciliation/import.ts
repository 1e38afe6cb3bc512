// Importing a payment provider's statement (对账单) and reconciling it with our payments and refunds at
// that provider. The file — Alipay's bill (a GBK CSV, or the zip it is downloaded as), WeChat Pay's
// trade bill, or any CSV through a column mapping — is read and parsed first: a file that cannot be
// read, lacks a column or was cut short changes nothing; a line that cannot be read is reported with
// its line number and kept on the run, and the rest is reconciled. Our side is every payment and
// refund of the site at that provider that succeeded within the statement's period (by its moment at
// the provider: when it completed), plus any of ours, whatever its state or day, that a line names —
// so a payment we think failed but the provider took is a status mismatch, not a stranger, and one
// booked across midnight still finds its line. The run, one item per result and the audit row are
// written in one transaction. The same file imported again for the site is refused
// (reconciliation_already_imported) unless forced; an advisory lock on the file's digest makes that
// hold when two people import it at once.
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { newId, rows, type Queryable } from '@admit/db';
import {
  AppError,
  chooseReconciliationPeriod,
  countReconciliationOutcomes,
  detectStatementFormat,
  parseAlipayBill,
  parseMappedStatement,
  parseWechatBill,
  reconcile,
  reconciliationItemOf,
  reconciliationPeriodProblem,
  statementMappingProblem,
  statementMaxLines,
  statementWindow,
  type ParsedStatement,
  type ReconciliationRecord,
  type SavedStatementMapping,
  type StatementColumnMapping,
  type StatementFormat,
  type StatementLine,
  type StatementPeriod,
} from '@admit/domain';
import { requirePermission } from '../accounts/authorize';
import { inTransaction, type ServiceContext } from '../context';
import { recordAudit } from '../audit/record';
import { readStatementFile } from './files';
import { loadStatementMapping } from './mappings';
import {
  loadReconciliationRun,
  type ReconciliationParseError,
  type ReconciliationRunRecord,
} from './queries';

export type StatementImportInput = {
  siteId: string;
  /** auto: Alipay or WeChat Pay told from the file (or the mapping, when one is given). */
  format: 'auto' | 'alipay' | 'wechat' | 'mapped';
  /** Whose payments: by default the format's provider; required for a mapped CSV. */
  provider: string | null;
  mappingId: string | null;
  mapping: SavedStatementMapping | null;
  periodFrom: string | null;
  periodTo: string | null;
  fileName: string;
  content: Buffer;
  force: boolean;
};

export type StatementImportResult = { run: ReconciliationRunRecord; duplicateOf: string | null };

/**
 * Only for the concurrency test's control: without the lock, and with a pause after the look for an
 * earlier import of the file, two imports of one file at once both get in.
 */
export const reconciliationImportControl: { lock: boolean; afterCheck: (() => Promise<void>) | null } = {
  lock: true,
  afterCheck: null,
};

/** Parse errors kept on a run: enough to fix a file by; a file of nothing but errors is not kept whole. */
const keptParseErrors = 1000;
/** Items per insert: a big run goes in a few round trips, not one per line. */
const itemBatch = 1000;

type Line = StatementLine & { file: string | null; fileLine: number };

const providerOfFormat: Record<StatementFormat, string | null> = {
  alipay_trade: 'alipay',
  alipay_account: 'alipay',
  wechat_trade: 'wechat',
  mapped_csv: null,
};

/** 32 hex digits (a refund id as sent to a provider, dashes removed) back to the id. */
function uuidOf(hex: string): string | null {
  const h = hex.toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(h)) return null;
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

async function siteTimeZone(db: Queryable, siteId: string): Promise<string> {
  const [site] = await rows<{ time_zone: string }>(db, sql`select time_zone from sites where id = ${siteId}`);
  if (!site) throw new AppError('site_not_found');
  return site.time_zone;
}

async function chosenMapping(
  ctx: ServiceContext,
  input: StatementImportInput,
  timeZone: string,
): Promise<StatementColumnMapping | null> {
  const given = input.mappingId
    ? (await loadStatementMapping(ctx.db, input.siteId, input.mappingId)).mapping
    : input.mapping;
  if (!given) return null;
  const problem = statementMappingProblem(given);
  if (problem) throw new AppError('reconciliation_mapping_invalid', { details: { reason: problem } });
  return { ...given, timeZone: given.timeZone ?? timeZone };
}

function parseText(
  text: string,
  format: StatementImportInput['format'],
  mapping: StatementColumnMapping | null,
): ParsedStatement {
  let chosen = format;
  if (chosen === 'auto') chosen = detectStatementFormat(text) ?? (mapping ? 'mapped' : 'auto');
  switch (chosen) {
    case 'alipay':
      return parseAlipayBill(text);
    case 'wechat':
      return parseWechatBill(text);
    case 'mapped':
      if (!mapping)
        throw new AppError('reconciliation_mapping_invalid', { details: { reason: 'mapping_missing' } });
      return parseMappedStatement(text, mapping);
    case 'auto':
      throw new AppError('reconciliation_format_unknown');
  }
}

/** Reads, parses and checks the statement; throws before anything is written when it cannot be used. */
export function parseStatementUpload(
  content: Buffer,
  format: StatementImportInput['format'],
  mapping: StatementColumnMapping | null,
): {
  format: StatementFormat;
  lines: Line[];
  parseErrors: ReconciliationParseError[];
  declared: { from: string; to: string } | undefined;
} {
  const texts = readStatementFile(content);
  const parsed = texts.map(({ file, text }) => ({ file, statement: parseText(text, format, mapping) }));
  const problems = parsed.flatMap(({ file, statement }) => statement.problems.map((p) => ({ file, ...p })));
  if (problems.length > 0) throw new AppError('reconciliation_statement_invalid', { details: { problems } });
  const formats = new Set(parsed.map((p) => p.statement.format));
  if (formats.size > 1)
    throw new AppError('reconciliation_statement_invalid', {
      details: { problems: [{ code: 'formats_mixed', formats: [...formats] }] },
    });
  // Lines of several files are numbered on one count for the matching, and keep their own for people.
  const lines: Line[] = [];
  let offset = 0;
  for (const { file, statement } of parsed) {
    let last = 0;
    for (const line of statement.lines) {
      lines.push({ ...line, lineNumber: offset + line.lineNumber, file, fileLine: line.lineNumber });
      last = Math.max(last, line.lineNumber);
    }
    for (const e of statement.errors) last = Math.max(last, e.lineNumber);
    offset += last + 1;
  }
  if (lines.length > statementMaxLines)
    throw new AppError('reconciliation_too_many_lines', {
      details: { lines: lines.length, maxLines: statementMaxLines },
    });
  const parseErrors = parsed.flatMap(({ file, statement }) => statement.errors.map((e) => ({ file, ...e })));
  const spans = parsed.map((p) => p.statement.declaredPeriod).filter((s) => s !== undefined);
  const declared =
    spans.length === 0
      ? undefined
      : {
          from: spans.map((s) => s.from).sort()[0]!,
          to: spans
            .map((s) => s.to)
            .sort()
            .at(-1)!,
        };
  return { format: parsed[0]!.statement.format, lines, parseErrors, declared };
}

type RecordRow = {
  kind: 'payment' | 'refund';
  id: string;
  our_reference: string;
  provider_reference: string | null;
  amount: number | string;
  status: ReconciliationRecord['status'];
  expected: boolean;
};

/** Our side: what succeeded at the provider in the period, and whatever of ours a line names. */
async function ourRecords(
  db: Queryable,
  input: { siteId: string; provider: string; window: { start: Date; end: Date }; lines: readonly Line[] },
): Promise<ReconciliationRecord[]> {
  const { siteId, provider, window, lines } = input;
  const refs = (kind: 'payment' | 'refund', pick: (l: Line) => string | null) => [
    ...new Set(lines.filter((l) => l.kind === kind).flatMap((l) => pick(l) ?? [])),
  ];
  const paymentOurs = refs('payment', (l) => l.ourReference);
  const paymentTheirs = refs('payment', (l) => l.providerReference);
  const refundIds = refs('refund', (l) => (l.ourReference ? uuidOf(l.ourReference) : null));
  const refundTheirs = refs('refund', (l) => l.providerReference);
  // Expected on the statement: what succeeded at the provider on its days. The rest is there only
  // for a line naming it (a payment we think failed, one booked across midnight).
  const inPeriod = (t: 'p' | 'r') =>
    sql`(${sql.raw(t)}.status = 'succeeded'
         and coalesce(${sql.raw(t)}.completed_at, ${sql.raw(t)}.created_at) >= ${window.start}
         and coalesce(${sql.raw(t)}.completed_at, ${sql.raw(t)}.created_at) < ${window.end})`;
  const found = await rows<RecordRow>(
    db,
    sql`select 'payment' as kind, p.id, p.provider_order_id as our_reference, p.reference as provider_reference,
               p.amount, p.status, ${inPeriod('p')} as expected
        from payments p
        where p.site_id = ${siteId} and p.provider = ${provider} and p.provider_order_id is not null
          and (${inPeriod('p')}
               or p.provider_order_id = any(${sql.param(paymentOurs)}::text[])
               or p.reference = any(${sql.param(paymentTheirs)}::text[]))
        union all
        select 'refund' as kind, r.id, replace(r.id::text, '-', '') as our_reference,
               r.provider_refund_id as provider_reference, r.amount, r.status, ${inPeriod('r')} as expected
        from refunds r
        where r.site_id = ${siteId} and r.provider = ${provider} and r.method in ('payment_code', 'online')
          and (${inPeriod('r')}
               or r.id = any(${sql.param(refundIds)}::uuid[])
               or r.provider_refund_id = any(${sql.param(refundTheirs)}::text[]))`,
  );
  return found.map((r) => ({
    id: r.id,
    kind: r.kind,
    ourReference: r.our_reference,
    providerReference: r.provider_reference,
    amount: Number(r.amount),
    status: r.status,
    expected: r.expected,
  }));
}

export async function importStatement(
  ctx: ServiceContext,
  input: StatementImportInput,
): Promise<StatementImportResult> {
  const { siteId } = input;
  await requirePermission(ctx, 'finance.reconcile', siteId);
  const timeZone = await siteTimeZone(ctx.db, siteId);
  if ((input.periodFrom === null) !== (input.periodTo === null))
    throw new AppError('reconciliation_period_invalid', { details: { reason: 'both_days_needed' } });
  const given: StatementPeriod | null =
    input.periodFrom !== null && input.periodTo !== null
      ? { from: input.periodFrom, to: input.periodTo }
      : null;
  const mapping = await chosenMapping(ctx, input, timeZone);
  if (input.format === 'mapped' && !mapping)
    throw new AppError('reconciliation_mapping_invalid', { details: { reason: 'mapping_missing' } });

  const statement = parseStatementUpload(input.content, input.format, mapping);
  const provider = input.provider ?? providerOfFormat[statement.format];
  if (!provider) throw new AppError('reconciliation_provider_required');
  const period = chooseReconciliationPeriod({
    given,
    declared: statement.declared,
    lines: statement.lines,
    timeZone,
  });
  if (!period) throw new AppError('reconciliation_period_unknown');
  const periodProblem = reconciliationPeriodProblem(period);
  if (periodProblem)
    throw new AppError('reconciliation_period_invalid', { details: { reason: periodProblem, ...period } });
  const window = statementWindow(period, timeZone);
  const sha256 = createHash('sha256').update(input.content).digest('hex');
  const userId = ctx.actor.kind === 'user' ? ctx.actor.userId : null;
  const now = ctx.clock.now();

  const { runId, duplicateOf } = await inTransaction(ctx, async (tx) => {
    // One import of a file at a time per site, so "imported before" is true of whoever comes second.
    if (reconciliationImportControl.lock)
      await tx.db.execute(
        sql`select pg_advisory_xact_lock(hashtextextended(${`reconciliation:${siteId}:${sha256}`}, 0))`,
      );
    const [earlier] = await rows<{ id: string; created_at: Date | string }>(
      tx.db,
      sql`select id, created_at from reconciliation_runs where site_id = ${siteId} and file_sha256 = ${sha256}
          order by created_at, id limit 1`,
    );
    if (earlier && !input.force)
      throw new AppError('reconciliation_already_imported', {
        details: { runId: earlier.id, importedAt: new Date(earlier.created_at).toISOString() },
      });
    if (reconciliationImportControl.afterCheck) await reconciliationImportControl.afterCheck();

    const records = await ourRecords(tx.db, { siteId, provider, window, lines: statement.lines });
    const results = reconcile(statement.lines, records);
    const counts = countReconciliationOutcomes(results);
    const fileLineOf = new Map(statement.lines.map((l) => [l.lineNumber, l.fileLine]));
    const items = results.map((result) => {
      const item = reconciliationItemOf(result);
      const line = item.statementLine;
      // What people see: the line's own file and number (and those of the line it duplicates).
      const duplicateOf = line?.duplicateOf == null ? null : (fileLineOf.get(line.duplicateOf) ?? null);
      return {
        ...item,
        statementLine: line
          ? {
              file: line.file,
              lineNumber: line.fileLine,
              providerReference: line.providerReference,
              ourReference: line.ourReference,
              paymentReference: line.paymentReference,
              amount: line.amount,
              status: line.status,
              time: line.time,
              matchedBy: line.matchedBy,
              duplicateOf,
            }
          : null,
      };
    });
    const openCount = items.filter((i) => i.needsResolution).length;
    const id = newId(now.getTime());
    await tx.db.execute(
      sql`insert into reconciliation_runs (id, site_id, provider, format, file_name, file_sha256, period_from, period_to,
                                           line_count, counts, parse_errors, open_count, created_by, created_at)
          values (${id}, ${siteId}, ${provider}, ${statement.format}, ${input.fileName}, ${sha256}, ${period.from},
                  ${period.to}, ${statement.lines.length}, ${JSON.stringify(counts)}::jsonb,
                  ${JSON.stringify(statement.parseErrors.slice(0, keptParseErrors))}::jsonb, ${openCount}, ${userId}, ${now})`,
    );
    for (let at = 0; at < items.length; at += itemBatch) {
      const batch = items.slice(at, at + itemBatch);
      const column = <T>(pick: (item: (typeof items)[number]) => T) => sql.param(batch.map(pick));
      await tx.db.execute(
        sql`insert into reconciliation_items (id, run_id, site_id, outcome, kind, reference, statement_line,
                                              statement_amount, our_type, our_id, our_amount, needs_resolution)
            select i.id, ${id}, ${siteId}, i.outcome, i.kind, i.reference, i.line::jsonb, i.statement_amount,
                   i.our_type, i.our_id, i.our_amount, i.needs_resolution
            from unnest(${sql.param(batch.map(() => newId(now.getTime())))}::uuid[], ${column((i) => i.outcome)}::text[],
                        ${column((i) => i.kind)}::text[], ${column((i) => i.reference)}::text[],
                        ${column((i) => (i.statementLine ? JSON.stringify(i.statementLine) : null))}::text[],
                        ${column((i) => i.statementAmount)}::int8[], ${column((i) => i.ourType)}::text[],
                        ${column((i) => i.ourId)}::uuid[], ${column((i) => i.ourAmount)}::int8[],
                        ${column((i) => i.needsResolution)}::boolean[])
              as i(id, outcome, kind, reference, line, statement_amount, our_type, our_id, our_amount, needs_resolution)`,
      );
    }
    await recordAudit(tx, {
      action: 'finance.reconciliation.imported',
      siteId,
      target: { type: 'reconciliation_run', id },
      details: {
        provider,
        format: statement.format,
        fileName: input.fileName,
        sha256,
        period,
        lineCount: statement.lines.length,
        parseErrors: statement.parseErrors.length,
        counts,
        ...(earlier ? { duplicateOf: earlier.id, forced: true } : {}),
      },
    });
    return { runId: id, duplicateOf: earlier?.id ?? null };
  });
  return { run: await loadReconciliationRun(ctx.db, siteId, runId), duplicateOf };
}
