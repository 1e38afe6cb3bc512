// Cashier shifts (班次): open with a float, sell, close blind, finance confirms. The drawer's expected
// cash is never shown while the shift is open: the seller counts by denomination first and only the
// closing answer reveals expected vs counted. An over or short amount (长短款) needs a reason and a
// supervisor's approval. Sales lock their shift row FOR SHARE in their own statement (sell.ts), so
// closing waits for sales in flight and no sale lands in a closed drawer.
import { sql } from 'drizzle-orm';
import { newId, rows, type Queryable } from '@admit/db';
import { AppError, businessDate, countedCash, drawerDifference } from '@admit/domain';
import { can, requirePermission, requireUser } from '../accounts/authorize';
import { inTransaction, type ServiceContext } from '../context';
import { recordAudit } from '../audit/record';
import { loadSite } from '../catalog/sites';
import { verifyApprover } from './approval';

export type ShiftStatus = 'open' | 'closed' | 'confirmed';

export type ShiftRecord = {
  id: string;
  siteId: string;
  userId: string;
  userName: string;
  terminal: string;
  status: ShiftStatus;
  businessDate: string;
  openedAt: Date;
  floatAmount: number;
  firstSerial: string | null;
  lastSerial: string | null;
  closedAt: Date | null;
  counted: Record<string, number> | null;
  countedCash: number | null;
  expectedCash: number | null;
  difference: number | null;
  differenceReason: string | null;
  confirmedAt: Date | null;
};

export type ShiftTotals = {
  orders: number;
  /** Money in by payment method (succeeded payments of this shift's sales). */
  takenByMethod: Record<string, number>;
  /** Money back by method (refunds paid out in this shift). */
  refundedByMethod: Record<string, number>;
  ticketsByType: {
    productId: string;
    code: string;
    nameZh: string;
    nameEn: string;
    count: number;
    amount: number;
  }[];
  ticketsPrinted: number;
  ticketsVoided: number;
  cashIn: number;
  cashOut: number;
  expectedCash: number;
};

type ShiftRow = {
  id: string;
  site_id: string;
  user_id: string;
  user_name: string;
  terminal: string;
  status: ShiftStatus;
  business_date: string;
  opened_at: Date;
  float_amount: number;
  first_serial: string | null;
  last_serial: string | null;
  closed_at: Date | null;
  counted: Record<string, number> | null;
  counted_cash: number | null;
  expected_cash: number | null;
  difference: number | null;
  difference_reason: string | null;
  confirmed_at: Date | null;
};

const present = (r: ShiftRow): ShiftRecord => ({
  id: r.id,
  siteId: r.site_id,
  userId: r.user_id,
  userName: r.user_name,
  terminal: r.terminal,
  status: r.status,
  businessDate: r.business_date,
  openedAt: new Date(r.opened_at),
  floatAmount: Number(r.float_amount),
  firstSerial: r.first_serial,
  lastSerial: r.last_serial,
  closedAt: r.closed_at ? new Date(r.closed_at) : null,
  counted: r.counted,
  countedCash: r.counted_cash === null ? null : Number(r.counted_cash),
  expectedCash: r.expected_cash === null ? null : Number(r.expected_cash),
  difference: r.difference === null ? null : Number(r.difference),
  differenceReason: r.difference_reason,
  confirmedAt: r.confirmed_at ? new Date(r.confirmed_at) : null,
});

const selectShift = sql`select s.*, s.business_date::text as business_date, u.display_name as user_name
                        from shifts s join users u on u.id = s.user_id`;

async function loadShift(db: Queryable, siteId: string, shiftId: string): Promise<ShiftRecord> {
  const [row] = await rows<ShiftRow>(
    db,
    sql`${selectShift} where s.id = ${shiftId} and s.site_id = ${siteId}`,
  );
  if (!row) throw new AppError('shift_not_found');
  return present(row);
}

/** The user's open shift at a site, or null. */
export async function openShiftOf(
  db: Queryable,
  siteId: string,
  userId: string,
): Promise<ShiftRecord | null> {
  const [row] = await rows<ShiftRow>(
    db,
    sql`${selectShift} where s.site_id = ${siteId} and s.user_id = ${userId} and s.status = 'open'`,
  );
  return row ? present(row) : null;
}

export async function openShift(
  ctx: ServiceContext,
  siteId: string,
  input: { terminal: string; floatAmount: number; firstSerial: string | null },
): Promise<ShiftRecord> {
  await requirePermission(ctx, 'shifts.operate', siteId);
  const user = requireUser(ctx);
  if (!Number.isSafeInteger(input.floatAmount) || input.floatAmount < 0)
    throw new AppError('validation_failed', { details: { floatAmount: 'must be 0 or more' } });
  const site = await loadSite(ctx.db, siteId);
  const now = ctx.clock.now();
  const id = newId(now.getTime());
  await inTransaction(ctx, async (tx) => {
    const inserted = await rows<{ id: string }>(
      tx.db,
      sql`insert into shifts (id, site_id, user_id, terminal, status, business_date, opened_at, float_amount, first_serial)
          values (${id}, ${siteId}, ${user.userId}, ${input.terminal}, 'open', ${businessDate(now, site.timeZone)}, ${now},
                  ${input.floatAmount}, ${input.firstSerial})
          on conflict do nothing returning id`,
    );
    if (inserted.length === 0) throw new AppError('shift_already_open');
    await recordAudit(tx, {
      action: 'shifts.shift.opened',
      siteId,
      target: { type: 'shift', id },
      details: { terminal: input.terminal, floatAmount: input.floatAmount, firstSerial: input.firstSerial },
    });
  });
  return loadShift(ctx.db, siteId, id);
}

/** What a shift took and paid out, and the cash its drawer should hold. */
export async function shiftTotals(
  db: Queryable,
  shift: { id: string; floatAmount: number },
): Promise<ShiftTotals> {
  const taken = await rows<{ method: string; amount: number; orders: number }>(
    db,
    sql`select method, sum(amount)::int8 as amount, count(distinct order_id)::int8 as orders
        from payments where shift_id = ${shift.id} and status = 'succeeded' group by method`,
  );
  const refunded = await rows<{ method: string; amount: number }>(
    db,
    sql`select method, sum(amount)::int8 as amount from refunds
        where shift_id = ${shift.id} and status = 'succeeded' group by method`,
  );
  const byType = await rows<{
    product_id: string;
    code: string;
    name_zh: string;
    name_en: string;
    count: number;
    amount: number;
  }>(
    db,
    sql`select p.id as product_id, p.code, p.name_zh, p.name_en, count(*)::int8 as count, sum(t.price)::int8 as amount
        from orders o join tickets t on t.order_id = o.id join products p on p.id = t.product_id
        where o.shift_id = ${shift.id} and o.status <> 'cancelled' and t.replaced_by is null and t.status <> 'cancelled'
        group by p.id, p.code, p.name_zh, p.name_en, p.sort_order order by p.sort_order, p.code`,
  );
  const [counts] = await rows<{ orders: number; printed: number; voided: number }>(
    db,
    sql`select (select count(*)::int8 from orders where shift_id = ${shift.id} and status <> 'cancelled') as orders,
               (select coalesce(sum(t.print_count), 0)::int8 from orders o join tickets t on t.order_id = o.id
                 where o.shift_id = ${shift.id}) as printed,
               (select count(distinct tr.ticket_id)::int8 from refunds r join ticket_refunds tr on tr.group_id = r.group_id
                 where r.shift_id = ${shift.id} and r.kind = 'void') as voided`,
  );
  const sumOf = (list: { method: string; amount: number }[]) =>
    Object.fromEntries(list.map((r) => [r.method, Number(r.amount)]));
  const takenByMethod = sumOf(taken);
  const refundedByMethod = sumOf(refunded);
  const cashIn = takenByMethod.cash ?? 0;
  const cashOut = refundedByMethod.cash ?? 0;
  return {
    orders: Number(counts?.orders ?? 0),
    takenByMethod,
    refundedByMethod,
    ticketsByType: byType.map((r) => ({
      productId: r.product_id,
      code: r.code,
      nameZh: r.name_zh,
      nameEn: r.name_en,
      count: Number(r.count),
      amount: Number(r.amount),
    })),
    ticketsPrinted: Number(counts?.printed ?? 0),
    ticketsVoided: Number(counts?.voided ?? 0),
    cashIn,
    cashOut,
    expectedCash: shift.floatAmount + cashIn - cashOut,
  };
}

/**
 * Closes the seller's own shift blind: the counted cash by denomination goes in first; the answer
 * shows expected vs counted. An over or short amount needs a reason and a supervisor's approval.
 */
export async function closeShift(
  ctx: ServiceContext,
  siteId: string,
  shiftId: string,
  input: {
    counted: Record<string, number>;
    lastSerial: string | null;
    differenceReason: string;
    approval: { loginName: string; password: string } | null;
  },
): Promise<{ shift: ShiftRecord; totals: ShiftTotals }> {
  await requirePermission(ctx, 'shifts.operate', siteId);
  const user = requireUser(ctx);
  const counted = countedCash(input.counted);
  if (counted === null)
    throw new AppError('validation_failed', { details: { counted: 'pieces per denomination' } });
  const result = await inTransaction(ctx, async (tx) => {
    // Waits for sales in flight (they hold the shift row FOR SHARE), then no sale can join it.
    const [row] = await rows<{ user_id: string; status: ShiftStatus; float_amount: number }>(
      tx.db,
      sql`select user_id, status, float_amount from shifts where id = ${shiftId} and site_id = ${siteId} for update`,
    );
    if (!row) throw new AppError('shift_not_found');
    if (row.user_id !== user.userId)
      throw new AppError('permission_denied', { details: { reason: 'not your shift' } });
    if (row.status !== 'open') throw new AppError('shift_not_open', { details: { status: row.status } });
    const totals = await shiftTotals(tx.db, { id: shiftId, floatAmount: Number(row.float_amount) });
    const difference = drawerDifference(totals.expectedCash, counted);
    let approvedBy: string | null = null;
    if (difference.kind !== 'balanced') {
      if (input.differenceReason.trim() === '')
        throw new AppError('shift_difference_reason_required', {
          details: { difference: difference.amount },
        });
      if (can(ctx, 'orders.approve', siteId)) approvedBy = user.userId;
      else if (input.approval) approvedBy = await verifyApprover(tx, siteId, input.approval);
      else throw new AppError('approval_required');
    }
    const now = ctx.clock.now();
    await tx.db.execute(
      sql`update shifts set status = 'closed', closed_at = ${now}, counted = ${JSON.stringify(input.counted)}::jsonb,
                            counted_cash = ${counted}, expected_cash = ${totals.expectedCash},
                            difference = ${difference.amount}, difference_reason = ${input.differenceReason.trim() || null},
                            difference_approved_by = ${approvedBy}, last_serial = ${input.lastSerial}
          where id = ${shiftId}`,
    );
    await recordAudit(tx, {
      action: 'shifts.shift.closed',
      siteId,
      target: { type: 'shift', id: shiftId },
      details: {
        expectedCash: totals.expectedCash,
        countedCash: counted,
        difference: difference.amount,
        ...(approvedBy ? { approvedBy } : {}),
      },
    });
    return totals;
  });
  return { shift: await loadShift(ctx.db, siteId, shiftId), totals: result };
}

/** Finance confirms a closed shift (the day's settlement counts only confirmed shifts). */
export async function confirmShift(
  ctx: ServiceContext,
  siteId: string,
  shiftId: string,
): Promise<ShiftRecord> {
  await requirePermission(ctx, 'finance.settle', siteId);
  await inTransaction(ctx, async (tx) => {
    const updated = await rows<{ id: string }>(
      tx.db,
      sql`update shifts set status = 'confirmed', confirmed_at = ${ctx.clock.now()},
                            confirmed_by = ${ctx.actor.kind === 'user' ? ctx.actor.userId : null}
          where id = ${shiftId} and site_id = ${siteId} and status = 'closed' returning id`,
    );
    if (updated.length === 0) {
      const current = await loadShift(tx.db, siteId, shiftId);
      throw new AppError('shift_not_closed', { details: { status: current.status } });
    }
    await recordAudit(tx, {
      action: 'finance.shift.confirmed',
      siteId,
      target: { type: 'shift', id: shiftId },
    });
  });
  return loadShift(ctx.db, siteId, shiftId);
}

/**
 * A shift with its totals. While it is open the owner sees no expected cash (blind); finance and
 * supervisors see the report of closed shifts.
 */
export async function getShiftReport(
  ctx: ServiceContext,
  siteId: string,
  shiftId: string,
): Promise<{ shift: ShiftRecord; totals: ShiftTotals | null }> {
  const shift = await loadShift(ctx.db, siteId, shiftId);
  const own = ctx.actor.kind === 'user' && ctx.actor.userId === shift.userId;
  if (!own && !can(ctx, 'finance.settle', siteId)) await requirePermission(ctx, 'orders.approve', siteId);
  if (shift.status === 'open') return { shift, totals: null };
  return { shift, totals: await shiftTotals(ctx.db, shift) };
}

export async function listShifts(ctx: ServiceContext, siteId: string, date: string): Promise<ShiftRecord[]> {
  if (!can(ctx, 'finance.settle', siteId)) await requirePermission(ctx, 'orders.approve', siteId);
  const found = await rows<ShiftRow>(
    ctx.db,
    sql`${selectShift} where s.site_id = ${siteId} and s.business_date = ${date} order by s.opened_at`,
  );
  return found.map(present);
}
