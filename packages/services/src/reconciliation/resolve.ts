// Finance resolves a discrepancy of a run: the kind of resolution, a note (what was found, what was
// done) and, for an adjustment, the settlement adjustment of the same site that booked it. An item is
// resolved once: the resolution is a conditional update (`resolved_at is null`), so when two finance
// users resolve the same item at once exactly one wins and the other is told it was already resolved;
// the run's open count goes down in the same transaction. The note is kept on the item; the audit row
// holds its digest (a note may name a person).
import { sql } from 'drizzle-orm';
import { rows } from '@admit/db';
import {
  AppError,
  resolutionNoteMaxLength,
  resolutionProblem,
  type ReconciliationOutcome,
  type ReconciliationResolution,
} from '@admit/domain';
import { requirePermission } from '../accounts/authorize';
import { inTransaction, type ServiceContext } from '../context';
import { digestOf, recordAudit } from '../audit/record';
import { loadReconciliationItem, type ReconciliationItemRecord } from './queries';

export type ResolveInput = {
  resolution: ReconciliationResolution;
  note: string;
  adjustmentId: string | null;
};

/**
 * Only for the concurrency test's control: without the guard, and with a pause after the item was
 * read, two users resolving the same item both succeed.
 */
export const reconciliationResolveControl: { guard: boolean; afterRead: (() => Promise<void>) | null } = {
  guard: true,
  afterRead: null,
};

export async function resolveReconciliationItem(
  ctx: ServiceContext,
  siteId: string,
  itemId: string,
  input: ResolveInput,
): Promise<ReconciliationItemRecord> {
  await requirePermission(ctx, 'finance.reconcile', siteId);
  const note = input.note.trim();
  if (note.length > resolutionNoteMaxLength)
    throw new AppError('validation_failed', { details: { note: `at most ${resolutionNoteMaxLength}` } });
  const userId = ctx.actor.kind === 'user' ? ctx.actor.userId : null;
  const now = ctx.clock.now();
  await inTransaction(ctx, async (tx) => {
    const [item] = await rows<{
      run_id: string;
      outcome: ReconciliationOutcome;
      needs_resolution: boolean;
      resolved_at: Date | string | null;
    }>(
      tx.db,
      sql`select run_id, outcome, needs_resolution, resolved_at from reconciliation_items
          where id = ${itemId} and site_id = ${siteId}`,
    );
    if (!item) throw new AppError('reconciliation_item_not_found');
    const problem = resolutionProblem(
      { outcome: item.outcome, resolved: item.resolved_at !== null || !item.needs_resolution },
      { resolution: input.resolution, note, adjustmentId: input.adjustmentId },
    );
    if (problem) throw new AppError(problem);
    if (input.adjustmentId !== null) {
      // An adjustment settles one discrepancy: its own item's, or one no other item names yet.
      const [adjustment] = await rows<{ reconciliation_item_id: string | null; named_elsewhere: boolean }>(
        tx.db,
        sql`select a.reconciliation_item_id,
                   exists (select 1 from reconciliation_items i
                           where i.adjustment_id = a.id and i.id <> ${itemId}) as named_elsewhere
            from settlement_adjustments a
            where a.id = ${input.adjustmentId} and a.site_id = ${siteId}`,
      );
      if (
        !adjustment ||
        adjustment.named_elsewhere ||
        (adjustment.reconciliation_item_id ?? itemId) !== itemId
      )
        throw new AppError('reconciliation_adjustment_invalid', {
          details: { adjustmentId: input.adjustmentId },
        });
    }
    if (reconciliationResolveControl.afterRead) await reconciliationResolveControl.afterRead();

    // The claim: one resolution per item, however many people press the button.
    const claimed = await rows<{ run_id: string }>(
      tx.db,
      sql`update reconciliation_items
          set resolution = ${input.resolution}, resolution_note = ${note}, adjustment_id = ${input.adjustmentId},
              resolved_by = ${userId}, resolved_at = ${now}
          where id = ${itemId} and needs_resolution
            ${reconciliationResolveControl.guard ? sql`and resolved_at is null` : sql``}
          returning run_id`,
    );
    if (claimed.length === 0) throw new AppError('reconciliation_item_already_resolved');
    await tx.db.execute(
      sql`update reconciliation_runs set open_count = open_count - 1 where id = ${item.run_id}`,
    );
    await recordAudit(tx, {
      action: 'finance.reconciliation_item.resolved',
      siteId,
      target: { type: 'reconciliation_item', id: itemId },
      details: {
        runId: item.run_id,
        outcome: item.outcome,
        resolution: input.resolution,
        adjustmentId: input.adjustmentId,
        noteDigest: digestOf(note),
      },
    });
  });
  return loadReconciliationItem(ctx.db, siteId, itemId);
}
