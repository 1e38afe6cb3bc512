// Raw SQL results have a different shape per driver (node-postgres QueryResult, PGlite Results); both
// carry `rows`. This is the one place that bridges them.
import type { SQL } from 'drizzle-orm';
import type { Queryable } from './open';

export async function rows<T extends Record<string, unknown>>(q: Queryable, query: SQL): Promise<T[]> {
  const result = (await q.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
