// Adjustments (调整): a settled day never changes, so a correction found afterwards — cash found, a
// provider's statement showing more or less than we recorded, an agency's account corrected — is
// recorded on the business day it is made (today at the site), naming the settled day it corrects,
// and counts in today's settlement and vouchers (against the over/short account until finance books
// it where it belongs). It corrects the books only: an agency's balance is moved by a payment or a
// deposit on its account, not here.
import { sql } from 'drizzle-orm';
import { newId, rows, type Queryable } from '@admit/db';
import { AppError, businessDate, financePaymentMethods, type FinancePaymentMethod } from '@admit/domain';
import { can, requirePermission } from '../accounts/authorize';
import { inTransaction, type ServiceContext, type TxContext } from '../context';
import { recordAudit } from '../audit/record';
import { isDaySettled, loadFinanceSite, lockSettlementDay } from './site-day';

export type AdjustmentInput = {
  correctsDate: string;
  method: FinancePaymentMethod;
  agencyId: string | null;
  /** Signed fen: positive, more money than was recorded; negative, less. */
  amount: number;
  reason: string;
  /** The reconciliation discrepancy it corrects, when it came from one (at the same site). */
  reconciliationItemId?: string | null;
};

export type AdjustmentRecord = {
  id: string;
  siteId: string;
  businessDate: string;
  correctsDate: string;
  method: FinancePaymentMethod;
  agencyId: string | null;
  agencyName: string | null;
  amount: number;
  reason: string;
  reconciliationItemId: string | null;
  createdBy: string | null;
  createdByName: string | null;
  createdAt: Date;
};

/** The largest correction accepted: ¥100 million either way (a typo guard, not a business rule). */
export const maxAdjustmentAmount = 10_000_000_000;

const isDate = (d: string) => /^\d{4}-\d{2}-\d{2}$/.test(d) && !Number.isNaN(Date.parse(`${d}T00:00:00Z`));

function checkInput(input: AdjustmentInput): void {
  const problems: Record<string, string> = {};
  if (!isDate(input.correctsDate)) problems.correctsDate = 'a date YYYY-MM-DD';
  if (!financePaymentMethods.includes(input.method)) problems.method = 'a payment method';
  if (
    !Number.isSafeInteger(input.amount) ||
    input.amount === 0 ||
    Math.abs(input.amount) > maxAdjustmentAmount
  )
    problems.amount = 'whole fen, not 0';
  if (input.reason.trim() === '' || input.reason.trim().length > 200) problems.reason = '1–200 characters';
  if (Object.keys(problems).length > 0) throw new AppError('validation_failed', { details: problems });
  if ((input.method === 'on_account') !== (input.agencyId !== null))
    throw new AppError('adjustment_agency_required', { details: { method: input.method } });
}

/**
 * Records an adjustment inside the caller's transaction (a reconciliation resolution writes its own
 * in the same commit): dated today at the site, under the settlement lock of today, refused when the
 * day it corrects is not settled. The caller has checked finance.settle.
 */
export async function recordAdjustment(
  tx: TxContext,
  siteId: string,
  input: AdjustmentInput,
): Promise<AdjustmentRecord> {
  checkInput(input);
  const site = await loadFinanceSite(tx.db, siteId);
  const now = tx.clock.now();
  const today = businessDate(now, site.timeZone);
  if (input.correctsDate >= today || !(await isDaySettled(tx.db, siteId, input.correctsDate)))
    throw new AppError('settlement_not_confirmed', { details: { date: input.correctsDate } });
  if (input.agencyId !== null) {
    const [agency] = await rows<{ id: string }>(
      tx.db,
      sql`select id from agencies where id = ${input.agencyId} and site_id = ${siteId}`,
    );
    if (!agency) throw new AppError('agency_not_found');
  }
  if (input.reconciliationItemId) {
    const [item] = await rows<{ id: string }>(
      tx.db,
      sql`select id from reconciliation_items where id = ${input.reconciliationItemId} and site_id = ${siteId}`,
    );
    if (!item)
      throw new AppError('validation_failed', { details: { reconciliationItemId: 'not at this site' } });
  }
  // Today cannot be settled yet; the lock makes sure of it for an adjustment made at midnight.
  await lockSettlementDay(tx.db, siteId, today);
  if (await isDaySettled(tx.db, siteId, today))
    throw new AppError('settlement_already_confirmed', { details: { date: today } });
  const id = newId(now.getTime());
  const userId = tx.actor.kind === 'user' ? tx.actor.userId : null;
  await tx.db.execute(
    sql`insert into settlement_adjustments (id, site_id, business_date, corrects_date, method, agency_id, amount, reason,
                                            reconciliation_item_id, created_by, created_at)
        values (${id}, ${siteId}, ${today}, ${input.correctsDate}, ${input.method}, ${input.agencyId}, ${input.amount},
                ${input.reason.trim()}, ${input.reconciliationItemId ?? null}, ${userId}, ${now})`,
  );
  await recordAudit(tx, {
    action: 'finance.adjustment.recorded',
    siteId,
    target: { type: 'settlement_adjustment', id },
    details: {
      businessDate: today,
      correctsDate: input.correctsDate,
      method: input.method,
      agencyId: input.agencyId,
      amount: input.amount,
      ...(input.reconciliationItemId ? { reconciliationItemId: input.reconciliationItemId } : {}),
    },
  });
  const [record] = await readAdjustments(tx.db, sql`a.id = ${id}`);
  return record!;
}

/** Records an adjustment (finance.settle): see recordAdjustment. */
export async function createAdjustment(
  ctx: ServiceContext,
  siteId: string,
  input: AdjustmentInput,
): Promise<AdjustmentRecord> {
  await requirePermission(ctx, 'finance.settle', siteId);
  return inTransaction(ctx, (tx) => recordAdjustment(tx, siteId, input));
}

async function readAdjustments(db: Queryable, where: ReturnType<typeof sql>): Promise<AdjustmentRecord[]> {
  const found = await rows<{
    id: string;
    site_id: string;
    business_date: string;
    corrects_date: string;
    method: FinancePaymentMethod;
    agency_id: string | null;
    agency_name: string | null;
    amount: number;
    reason: string;
    reconciliation_item_id: string | null;
    created_by: string | null;
    created_by_name: string | null;
    created_at: Date | string;
  }>(
    db,
    sql`select a.id, a.site_id, a.business_date::text as business_date, a.corrects_date::text as corrects_date, a.method,
               a.agency_id, g.name as agency_name, a.amount, a.reason, a.reconciliation_item_id, a.created_by,
               u.display_name as created_by_name, a.created_at
        from settlement_adjustments a left join agencies g on g.id = a.agency_id left join users u on u.id = a.created_by
        where ${where} order by a.business_date, a.created_at, a.id`,
  );
  return found.map((a) => ({
    id: a.id,
    siteId: a.site_id,
    businessDate: a.business_date,
    correctsDate: a.corrects_date,
    method: a.method,
    agencyId: a.agency_id,
    agencyName: a.agency_name,
    amount: Number(a.amount),
    reason: a.reason,
    reconciliationItemId: a.reconciliation_item_id,
    createdBy: a.created_by,
    createdByName: a.created_by_name,
    createdAt: new Date(a.created_at),
  }));
}

/** The adjustments made on the business days from–to (finance, and the statistician's reports). */
export async function listAdjustments(
  ctx: ServiceContext,
  siteId: string,
  range: { from: string; to: string },
): Promise<AdjustmentRecord[]> {
  if (!can(ctx, 'finance.settle', siteId)) await requirePermission(ctx, 'reports.read', siteId);
  return readAdjustments(
    ctx.db,
    sql`a.site_id = ${siteId} and a.business_date >= ${range.from} and a.business_date <= ${range.to}`,
  );
}
