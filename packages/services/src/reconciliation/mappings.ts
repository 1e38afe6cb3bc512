// Column mappings saved per site (statement_mappings): finance maps another provider's (or a bank's)
// CSV once, names it, and picks it at each import. A mapping is checked when it is saved; its name is
// unique at the site. Saving and deleting are audited.
import { sql } from 'drizzle-orm';
import { newId, rows, type Queryable } from '@admit/db';
import { AppError, statementMappingProblem, type SavedStatementMapping } from '@admit/domain';
import { requirePermission } from '../accounts/authorize';
import { inTransaction, type ServiceContext } from '../context';
import { recordAudit } from '../audit/record';

export type StatementMappingRecord = {
  id: string;
  siteId: string;
  name: string;
  mapping: SavedStatementMapping;
  createdAt: Date;
};

type MappingRow = {
  id: string;
  site_id: string;
  name: string;
  mapping: SavedStatementMapping;
  created_at: Date | string;
};

const present = (r: MappingRow): StatementMappingRecord => ({
  id: r.id,
  siteId: r.site_id,
  name: r.name,
  mapping: r.mapping,
  createdAt: new Date(r.created_at),
});

/** A saved mapping of the site (no permission check: the caller's). */
export async function loadStatementMapping(
  db: Queryable,
  siteId: string,
  id: string,
): Promise<StatementMappingRecord> {
  const [row] = await rows<MappingRow>(
    db,
    sql`select id, site_id, name, mapping, created_at from statement_mappings where id = ${id} and site_id = ${siteId}`,
  );
  if (!row) throw new AppError('reconciliation_mapping_not_found');
  return present(row);
}

export async function listStatementMappings(
  ctx: ServiceContext,
  siteId: string,
): Promise<StatementMappingRecord[]> {
  await requirePermission(ctx, 'finance.reconcile', siteId);
  const found = await rows<MappingRow>(
    ctx.db,
    sql`select id, site_id, name, mapping, created_at from statement_mappings where site_id = ${siteId} order by name`,
  );
  return found.map(present);
}

export type StatementMappingInput = { name: string; mapping: SavedStatementMapping };

function checked(input: StatementMappingInput): StatementMappingInput {
  const name = input.name.trim();
  if (name === '') throw new AppError('validation_failed', { details: { name: 'required' } });
  const problem = statementMappingProblem(input.mapping);
  if (problem) throw new AppError('reconciliation_mapping_invalid', { details: { reason: problem } });
  return { name, mapping: input.mapping };
}

function nameTaken(error: unknown): boolean {
  for (
    let e = error as { code?: string; constraint?: string; message?: string; cause?: unknown } | undefined;
    e;
    e = e.cause as typeof e
  )
    if (
      e.code === '23505' &&
      `${e.constraint ?? ''} ${e.message ?? ''}`.includes('statement_mappings_site_name_uq')
    )
      return true;
  return false;
}

/** Creates a mapping, or replaces the one named by `id`. */
export async function saveStatementMapping(
  ctx: ServiceContext,
  siteId: string,
  id: string | null,
  input: StatementMappingInput,
): Promise<StatementMappingRecord> {
  await requirePermission(ctx, 'finance.reconcile', siteId);
  const { name, mapping } = checked(input);
  const now = ctx.clock.now();
  const userId = ctx.actor.kind === 'user' ? ctx.actor.userId : null;
  try {
    const savedId = await inTransaction(ctx, async (tx) => {
      const [clash] = await rows<{ id: string }>(
        tx.db,
        sql`select id from statement_mappings where site_id = ${siteId} and name = ${name}
              and id is distinct from ${id}::uuid`,
      );
      if (clash) throw new AppError('reconciliation_mapping_name_taken', { details: { name } });
      let target = id;
      if (id === null) {
        target = newId(now.getTime());
        await tx.db.execute(
          sql`insert into statement_mappings (id, site_id, name, mapping, created_by, created_at)
              values (${target}, ${siteId}, ${name}, ${JSON.stringify(mapping)}::jsonb, ${userId}, ${now})`,
        );
      } else {
        const changed = await rows<{ id: string }>(
          tx.db,
          sql`update statement_mappings set name = ${name}, mapping = ${JSON.stringify(mapping)}::jsonb
              where id = ${id} and site_id = ${siteId} returning id`,
        );
        if (changed.length === 0) throw new AppError('reconciliation_mapping_not_found');
      }
      await recordAudit(tx, {
        action: id === null ? 'finance.statement_mapping.created' : 'finance.statement_mapping.updated',
        siteId,
        target: { type: 'statement_mapping', id: target! },
        details: { name },
      });
      return target!;
    });
    return loadStatementMapping(ctx.db, siteId, savedId);
  } catch (error) {
    // Two saves of one name at once: the unique index decides, the loser hears why.
    if (nameTaken(error)) throw new AppError('reconciliation_mapping_name_taken', { details: { name } });
    throw error;
  }
}

export async function deleteStatementMapping(ctx: ServiceContext, siteId: string, id: string): Promise<void> {
  await requirePermission(ctx, 'finance.reconcile', siteId);
  await inTransaction(ctx, async (tx) => {
    const gone = await rows<{ name: string }>(
      tx.db,
      sql`delete from statement_mappings where id = ${id} and site_id = ${siteId} returning name`,
    );
    if (gone.length === 0) throw new AppError('reconciliation_mapping_not_found');
    await recordAudit(tx, {
      action: 'finance.statement_mapping.deleted',
      siteId,
      target: { type: 'statement_mapping', id },
      details: { name: gone[0]!.name },
    });
  });
}
