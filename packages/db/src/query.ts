// Raw SQL results have a different shape per driver (node-postgres QueryResult, PGlite Results); both
// carry `rows`. This is the one place that bridges them.
import type { SQL } from 'drizzle-orm';
import type { Queryable } from './open';

type RowsResult<T> = { rows: T[] };

export async function rows<T extends Record<string, unknown>>(q: Queryable, query: SQL): Promise<T[]> {
  const result: unknown = await q.execute(query);
  return (result as RowsResult<T>).rows;
}
