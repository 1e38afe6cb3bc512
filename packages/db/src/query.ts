// Raw SQL results have a different shape per driver (node-postgres QueryResult, PGlite Results); both
// carry `rows`. This is the one place that bridges them.
import type { SQL } from 'drizzle-orm';
import type { Queryable } from './open';

type RowsResult<T> = { rows: T[] };

export async function rows<T extends Record<string, unknown>>(q: Queryable, query: SQL): Promise<T[]> {
  const result: unknown = await q.execute(query);
  return (result as RowsResult<T>).rows;
}

type DrizzleInternals = {
  dialect: { sqlToQuery(query: SQL): { sql: string; params: unknown[] } };
  session: {
    prepareQuery(
      query: { sql: string; params: unknown[] },
      fields: undefined,
      name: string,
      isResponseInArrayMode: boolean,
    ): { execute(): Promise<unknown> };
  };
};

/**
 * `rows`, as a named prepared statement: PostgreSQL parses and plans it once per connection instead
 * of on every call. For the hottest statements only (a gate's redeem): planning a statement with a
 * few joins costs more than running it. The text under one name must never change — build it from
 * a constant template whose only variable parts are parameters. Same row shape as `rows`.
 */
export async function preparedRows<T extends Record<string, unknown>>(
  q: Queryable,
  name: string,
  query: SQL,
): Promise<T[]> {
  // Drizzle's own `execute` does exactly this with an unnamed statement (pg-core/db.js).
  const internals = q as unknown as DrizzleInternals;
  const built = internals.dialect.sqlToQuery(query);
  const result = await internals.session.prepareQuery(built, undefined, name, false).execute();
  return (result as RowsResult<T>).rows;
}
