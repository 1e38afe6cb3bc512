// Reading reconciliation runs and their items: a site's runs newest first, one run with its parse
// errors, a run's items filtered by outcome and by whether they still wait for a resolution, a page at
// a time (item ids grow in the run's order). An item shows our payment or refund as it is now, with its
// order, beside what the statement said.
import { sql } from 'drizzle-orm';
import { rows, type Queryable } from '@admit/db';
import { AppError, reconciliationOutcomes, type ReconciliationOutcome } from '@admit/domain';
import { requirePermission } from '../accounts/authorize';
import type { ServiceContext } from '../context';

export type UserRef = { id: string; name: string } | null;

export type ReconciliationParseError = {
  file: string | null;
  lineNumber: number;
  code: string;
  column: string | null;
  value: string | null;
};

export type ReconciliationRunRecord = {
  id: string;
  siteId: string;
  provider: string;
  format: string;
  fileName: string;
  fileSha256: string;
  periodFrom: string;
  periodTo: string;
  lineCount: number;
  counts: Record<ReconciliationOutcome, number>;
  openCount: number;
  parseErrors: ReconciliationParseError[];
  createdBy: UserRef;
  createdAt: Date;
};

export type ReconciliationStatementLineView = {
  file: string | null;
  lineNumber: number;
  providerReference: string | null;
  ourReference: string | null;
  paymentReference: string | null;
  amount: number;
  status: 'success' | 'pending' | 'failed' | 'closed' | 'refunded';
  time: string | null;
  matchedBy: 'our_reference' | 'provider_reference' | null;
  duplicateOf: number | null;
};

export type ReconciliationItemRecord = {
  id: string;
  runId: string;
  outcome: ReconciliationOutcome;
  kind: 'payment' | 'refund';
  reference: string;
  statementLine: ReconciliationStatementLineView | null;
  statementAmount: number | null;
  ourType: 'payment' | 'refund' | null;
  ourId: string | null;
  ourAmount: number | null;
  ourStatus: string | null;
  ourReference: string | null;
  ourProviderReference: string | null;
  ourAt: Date | null;
  orderId: string | null;
  orderNumber: string | null;
  amountDifference: number | null;
  needsResolution: boolean;
  resolution: 'explained' | 'corrected_at_provider' | 'corrected_in_system' | 'adjusted' | null;
  resolutionNote: string | null;
  adjustmentId: string | null;
  resolvedBy: UserRef;
  resolvedAt: Date | null;
};

type RunRow = {
  id: string;
  site_id: string;
  provider: string;
  format: string;
  file_name: string;
  file_sha256: string;
  period_from: string;
  period_to: string;
  line_count: number;
  counts: Record<string, number>;
  open_count: number;
  parse_errors: ReconciliationParseError[];
  created_by: string | null;
  created_by_name: string | null;
  created_at: Date | string;
};

const userRef = (id: string | null, name: string | null): UserRef =>
  id === null ? null : { id, name: name ?? '' };

const presentRun = (r: RunRow): ReconciliationRunRecord => ({
  id: r.id,
  siteId: r.site_id,
  provider: r.provider,
  format: r.format,
  fileName: r.file_name,
  fileSha256: r.file_sha256,
  periodFrom: String(r.period_from).slice(0, 10),
  periodTo: String(r.period_to).slice(0, 10),
  lineCount: Number(r.line_count),
  counts: Object.fromEntries(reconciliationOutcomes.map((o) => [o, Number(r.counts[o] ?? 0)])) as Record<
    ReconciliationOutcome,
    number
  >,
  openCount: Number(r.open_count),
  parseErrors: r.parse_errors,
  createdBy: userRef(r.created_by, r.created_by_name),
  createdAt: new Date(r.created_at),
});

const runColumns = sql`r.id, r.site_id, r.provider, r.format, r.file_name, r.file_sha256, r.period_from::text as period_from,
  r.period_to::text as period_to, r.line_count, r.counts, r.open_count, r.parse_errors, r.created_by,
  u.display_name as created_by_name, r.created_at`;

/** A run by id, at the site (no permission check: the caller's). */
export async function loadReconciliationRun(
  db: Queryable,
  siteId: string,
  runId: string,
): Promise<ReconciliationRunRecord> {
  const [run] = await rows<RunRow>(
    db,
    sql`select ${runColumns} from reconciliation_runs r left join users u on u.id = r.created_by
        where r.id = ${runId} and r.site_id = ${siteId}`,
  );
  if (!run) throw new AppError('reconciliation_run_not_found');
  return presentRun(run);
}

export async function getReconciliationRun(
  ctx: ServiceContext,
  siteId: string,
  runId: string,
): Promise<ReconciliationRunRecord> {
  await requirePermission(ctx, 'finance.reconcile', siteId);
  return loadReconciliationRun(ctx.db, siteId, runId);
}

/** The site's runs, newest first; parse errors are left out of the list (a run's own view has them). */
export async function listReconciliationRuns(
  ctx: ServiceContext,
  siteId: string,
  options: { limit?: number } = {},
): Promise<ReconciliationRunRecord[]> {
  await requirePermission(ctx, 'finance.reconcile', siteId);
  const found = await rows<RunRow>(
    ctx.db,
    sql`select r.id, r.site_id, r.provider, r.format, r.file_name, r.file_sha256, r.period_from::text as period_from,
               r.period_to::text as period_to, r.line_count, r.counts, r.open_count, '[]'::jsonb as parse_errors,
               r.created_by, u.display_name as created_by_name, r.created_at
        from reconciliation_runs r left join users u on u.id = r.created_by
        where r.site_id = ${siteId} order by r.created_at desc, r.id desc limit ${options.limit ?? 50}`,
  );
  return found.map(presentRun);
}

type ItemRow = {
  id: string;
  run_id: string;
  outcome: ReconciliationOutcome;
  kind: 'payment' | 'refund';
  reference: string;
  statement_line: (Omit<ReconciliationStatementLineView, 'file'> & { file?: string | null }) | null;
  statement_amount: number | string | null;
  our_type: 'payment' | 'refund' | null;
  our_id: string | null;
  our_amount: number | string | null;
  our_status: string | null;
  our_reference: string | null;
  our_provider_reference: string | null;
  our_at: Date | string | null;
  order_id: string | null;
  order_number: string | null;
  needs_resolution: boolean;
  resolution: ReconciliationItemRecord['resolution'];
  resolution_note: string | null;
  adjustment_id: string | null;
  resolved_by: string | null;
  resolved_by_name: string | null;
  resolved_at: Date | string | null;
};

const numberOrNull = (v: number | string | null) => (v === null ? null : Number(v));

const presentItem = (r: ItemRow): ReconciliationItemRecord => {
  const statementAmount = numberOrNull(r.statement_amount);
  const ourAmount = numberOrNull(r.our_amount);
  const line = r.statement_line;
  return {
    id: r.id,
    runId: r.run_id,
    outcome: r.outcome,
    kind: r.kind,
    reference: r.reference,
    statementLine: line
      ? {
          file: line.file ?? null,
          lineNumber: line.lineNumber,
          providerReference: line.providerReference,
          ourReference: line.ourReference,
          paymentReference: line.paymentReference,
          amount: line.amount,
          status: line.status,
          time: line.time,
          matchedBy: line.matchedBy ?? null,
          duplicateOf: line.duplicateOf ?? null,
        }
      : null,
    statementAmount,
    ourType: r.our_type,
    ourId: r.our_id,
    ourAmount,
    ourStatus: r.our_status,
    ourReference: r.our_reference,
    ourProviderReference: r.our_provider_reference,
    ourAt: r.our_at === null ? null : new Date(r.our_at),
    orderId: r.order_id,
    orderNumber: r.order_number,
    amountDifference:
      statementAmount !== null && ourAmount !== null && r.outcome !== 'duplicate'
        ? statementAmount - ourAmount
        : null,
    needsResolution: r.needs_resolution,
    resolution: r.resolution,
    resolutionNote: r.resolution_note,
    adjustmentId: r.adjustment_id,
    resolvedBy: userRef(r.resolved_by, r.resolved_by_name),
    resolvedAt: r.resolved_at === null ? null : new Date(r.resolved_at),
  };
};

/** Items with our record (payment or refund) and its order joined in as they are now. */
const itemSelect = sql`select i.id, i.run_id, i.outcome, i.kind, i.reference, i.statement_line, i.statement_amount, i.our_type,
         i.our_id, i.our_amount, i.needs_resolution, i.resolution, i.resolution_note, i.adjustment_id, i.resolved_by,
         u.display_name as resolved_by_name, i.resolved_at,
         coalesce(p.status, r.status) as our_status,
         coalesce(p.provider_order_id, replace(r.id::text, '-', '')) as our_reference,
         coalesce(p.reference, r.provider_refund_id) as our_provider_reference,
         coalesce(p.completed_at, p.created_at, r.completed_at, r.created_at) as our_at,
         o.id as order_id, o.number as order_number
  from reconciliation_items i
  left join payments p on i.our_type = 'payment' and p.id = i.our_id
  left join refunds r on i.our_type = 'refund' and r.id = i.our_id
  left join orders o on o.id = coalesce(p.order_id, r.order_id)
  left join users u on u.id = i.resolved_by`;

/** One item at the site (no permission check: the caller's). */
export async function loadReconciliationItem(
  db: Queryable,
  siteId: string,
  itemId: string,
): Promise<ReconciliationItemRecord> {
  const [item] = await rows<ItemRow>(db, sql`${itemSelect} where i.id = ${itemId} and i.site_id = ${siteId}`);
  if (!item) throw new AppError('reconciliation_item_not_found');
  return presentItem(item);
}

export type ReconciliationItemFilter = {
  outcome?: ReconciliationOutcome | undefined;
  /** true: waiting for a resolution; false: matched or resolved. */
  open?: boolean | undefined;
  after?: string | undefined;
  limit?: number | undefined;
};

/** A page of a run's items in the run's order, and where the next page starts (null: no more). */
export async function listReconciliationItems(
  ctx: ServiceContext,
  siteId: string,
  runId: string,
  filter: ReconciliationItemFilter = {},
): Promise<{ items: ReconciliationItemRecord[]; next: string | null }> {
  await requirePermission(ctx, 'finance.reconcile', siteId);
  await loadReconciliationRun(ctx.db, siteId, runId);
  const limit = filter.limit ?? 100;
  const conditions = [sql`i.run_id = ${runId}`, sql`i.site_id = ${siteId}`];
  if (filter.outcome) conditions.push(sql`i.outcome = ${filter.outcome}`);
  if (filter.open === true) conditions.push(sql`i.needs_resolution and i.resolved_at is null`);
  if (filter.open === false) conditions.push(sql`not (i.needs_resolution and i.resolved_at is null)`);
  if (filter.after) conditions.push(sql`i.id > ${filter.after}`);
  const found = await rows<ItemRow>(
    ctx.db,
    sql`${itemSelect} where ${sql.join(conditions, sql` and `)} order by i.id limit ${limit + 1}`,
  );
  const page = found.slice(0, limit).map(presentItem);
  return { items: page, next: found.length > limit ? (page.at(-1)?.id ?? null) : null };
}
