// Travel agencies buying on account (挂账): a deposit paid in advance plus a credit limit. A sale on
// account draws on the balance with a conditional update (sell.ts), so concurrent sales never take
// the agency past its limit. Finance records deposits (advance money) and payments (settling what is
// owed); every movement is in the ledger, which statements are built from (agency-statements.ts).
import { sql } from 'drizzle-orm';
import { newId, rows, type Queryable } from '@admit/db';
import { AppError, businessDate, isCivilDate } from '@admit/domain';
import { can, requirePermission } from '../accounts/authorize';
import { inTransaction, type ServiceContext } from '../context';
import { recordAudit } from '../audit/record';

export type AgencyRecord = {
  id: string;
  siteId: string;
  code: string;
  name: string;
  contactName: string;
  contactPhone: string;
  balance: number;
  creditLimit: number;
  available: number;
  active: boolean;
};

type AgencyRow = {
  id: string;
  site_id: string;
  code: string;
  name: string;
  contact_name: string;
  contact_phone: string;
  balance: number;
  credit_limit: number;
  active: boolean;
};

const present = (r: AgencyRow): AgencyRecord => ({
  id: r.id,
  siteId: r.site_id,
  code: r.code,
  name: r.name,
  contactName: r.contact_name,
  contactPhone: r.contact_phone,
  balance: Number(r.balance),
  creditLimit: Number(r.credit_limit),
  available: Number(r.balance) + Number(r.credit_limit),
  active: r.active,
});

export type AgencyInput = {
  code: string;
  name: string;
  contactName: string;
  contactPhone: string;
  creditLimit: number;
};

async function loadAgency(ctx: ServiceContext, siteId: string, agencyId: string): Promise<AgencyRecord> {
  const [row] = await rows<AgencyRow>(
    ctx.db,
    sql`select * from agencies where id = ${agencyId} and site_id = ${siteId}`,
  );
  if (!row) throw new AppError('agency_not_found');
  return present(row);
}

/** Sellers see the agencies they can sell to; channel managers and finance see them all. */
export async function listAgencies(ctx: ServiceContext, siteId: string): Promise<AgencyRecord[]> {
  if (
    !can(ctx, 'channels.manage', siteId) &&
    !can(ctx, 'finance.settle', siteId) &&
    !can(ctx, 'users.manage', siteId)
  )
    await requirePermission(ctx, 'orders.sell', siteId);
  const found = await rows<AgencyRow>(
    ctx.db,
    sql`select * from agencies where site_id = ${siteId} order by code`,
  );
  return found.map(present);
}

export async function createAgency(
  ctx: ServiceContext,
  siteId: string,
  input: AgencyInput,
): Promise<AgencyRecord> {
  await requirePermission(ctx, 'channels.manage', siteId);
  const id = newId(ctx.clock.now().getTime());
  await inTransaction(ctx, async (tx) => {
    const inserted = await rows<{ id: string }>(
      tx.db,
      sql`insert into agencies (id, site_id, code, name, contact_name, contact_phone, credit_limit)
          values (${id}, ${siteId}, ${input.code}, ${input.name}, ${input.contactName}, ${input.contactPhone},
                  ${input.creditLimit})
          on conflict (site_id, code) do nothing returning id`,
    );
    if (inserted.length === 0) throw new AppError('agency_code_taken');
    await recordAudit(tx, {
      action: 'channels.agency.created',
      siteId,
      target: { type: 'agency', id },
      details: { code: input.code, creditLimit: input.creditLimit },
    });
  });
  return loadAgency(ctx, siteId, id);
}

export async function updateAgency(
  ctx: ServiceContext,
  siteId: string,
  agencyId: string,
  patch: Partial<Omit<AgencyInput, 'code'>> & { active?: boolean },
): Promise<AgencyRecord> {
  await requirePermission(ctx, 'channels.manage', siteId);
  await inTransaction(ctx, async (tx) => {
    const before = await loadAgency(tx, siteId, agencyId);
    const next = { ...before, ...patch };
    // Lowering the credit limit below what is owed is refused by the table's check.
    if (next.balance + next.creditLimit < 0)
      throw new AppError('agency_credit_exceeded', { details: { owed: -next.balance } });
    await tx.db.execute(
      sql`update agencies set name = ${next.name}, contact_name = ${next.contactName}, contact_phone = ${next.contactPhone},
                              credit_limit = ${next.creditLimit}, active = ${next.active}, updated_at = ${ctx.clock.now()}
          where id = ${agencyId}`,
    );
    await recordAudit(tx, {
      action: 'channels.agency.updated',
      siteId,
      target: { type: 'agency', id: agencyId },
      details: {
        fields: Object.keys(patch),
        ...(patch.creditLimit !== undefined
          ? { creditLimitBefore: before.creditLimit, creditLimitAfter: patch.creditLimit }
          : {}),
      },
    });
  });
  return loadAgency(ctx, siteId, agencyId);
}

/**
 * Finance records a deposit: money an agency pays in advance, which it then buys on account from.
 * Money paid to settle what it owes is a payment (recordAgencyPayment); both raise the balance.
 */
export async function recordAgencyDeposit(
  ctx: ServiceContext,
  siteId: string,
  agencyId: string,
  input: { amount: number; reference: string; note: string },
): Promise<AgencyRecord> {
  await requirePermission(ctx, 'finance.settle', siteId);
  await receiveAgencyMoney(ctx, siteId, agencyId, 'deposit', input, {});
  return loadAgency(ctx, siteId, agencyId);
}

/**
 * Finance records a payment received from an agency (还款) against what it owes. `receivedOn` is the
 * business day the money arrived (default today at the site; never in the future). The ledger books it
 * now, so a statement already handed out for an earlier period never changes afterwards.
 */
export async function recordAgencyPayment(
  ctx: ServiceContext,
  siteId: string,
  agencyId: string,
  input: { amount: number; reference: string; note: string; receivedOn?: string | undefined },
): Promise<AgencyRecord> {
  await requirePermission(ctx, 'finance.settle', siteId);
  const [site] = await rows<{ time_zone: string }>(
    ctx.db,
    sql`select time_zone from sites where id = ${siteId}`,
  );
  if (!site) throw new AppError('site_not_found');
  const today = businessDate(ctx.clock.now(), site.time_zone);
  const receivedOn = input.receivedOn ?? today;
  if (!isCivilDate(receivedOn) || receivedOn > today)
    throw new AppError('validation_failed', { details: { receivedOn: 'not after today at the site' } });
  await receiveAgencyMoney(ctx, siteId, agencyId, 'payment', input, { receivedOn });
  return loadAgency(ctx, siteId, agencyId);
}

/** Raises the balance and books the ledger row and the audit row with it, in one transaction. */
async function receiveAgencyMoney(
  ctx: ServiceContext,
  siteId: string,
  agencyId: string,
  kind: 'deposit' | 'payment',
  input: { amount: number; reference: string; note: string },
  auditDetails: Record<string, unknown>,
): Promise<void> {
  if (!Number.isSafeInteger(input.amount) || input.amount <= 0)
    throw new AppError('validation_failed', { details: { amount: 'must be positive' } });
  await inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    const updated = await rows<{ balance: number }>(
      tx.db,
      sql`update agencies set balance = balance + ${input.amount}, updated_at = ${now}
          where id = ${agencyId} and site_id = ${siteId} returning balance`,
    );
    if (updated.length === 0) throw new AppError('agency_not_found');
    const entryId = newId(now.getTime());
    await tx.db.execute(
      sql`insert into agency_ledger (id, agency_id, kind, amount, reference, note, created_by, created_at)
          values (${entryId}, ${agencyId}, ${kind}, ${input.amount}, ${input.reference}, ${input.note},
                  ${ctx.actor.kind === 'user' ? ctx.actor.userId : null}, ${now})`,
    );
    await recordAudit(tx, {
      action: kind === 'deposit' ? 'finance.agency.deposit_recorded' : 'finance.agency.payment_recorded',
      siteId,
      target: { type: 'agency', id: agencyId },
      details: {
        amount: input.amount,
        reference: input.reference,
        ledgerEntryId: entryId,
        balanceAfter: Number(updated[0]!.balance),
        ...auditDetails,
      },
    });
  });
}

/**
 * Money going back to an agency's account (a refund, a rebooking's difference, a cancelled session),
 * in the caller's transaction: the balance and its ledger row together, since statements are built
 * from the ledger.
 */
export async function creditAgency(
  db: Queryable,
  entry: {
    agencyId: string;
    amount: number;
    orderId: string;
    orderNumber: string;
    note?: string;
    createdBy: string | null;
    at: Date;
  },
): Promise<void> {
  await db.execute(
    sql`update agencies set balance = balance + ${entry.amount}, updated_at = ${entry.at} where id = ${entry.agencyId}`,
  );
  await db.execute(
    sql`insert into agency_ledger (id, agency_id, kind, amount, order_id, reference, note, created_by, created_at)
        values (${newId(entry.at.getTime())}, ${entry.agencyId}, 'refund', ${entry.amount}, ${entry.orderId},
                ${entry.orderNumber}, ${entry.note ?? ''}, ${entry.createdBy}, ${entry.at})`,
  );
}
