// Readiness: is the database reachable, and is its schema the one this code expects? A node whose
// migrations are pending must not take traffic.
import { sql } from 'drizzle-orm';
import { pendingMigrations, type Queryable } from '@admit/db';

export type Readiness = {
  ready: boolean;
  database: 'ok' | 'unreachable';
  migrations: 'current' | 'pending' | 'unknown';
  pending: string[];
};

export async function checkReadiness(db: Queryable): Promise<Readiness> {
  try {
    await db.execute(sql`select 1`);
  } catch {
    return { ready: false, database: 'unreachable', migrations: 'unknown', pending: [] };
  }
  try {
    const pending = await pendingMigrations(db);
    return {
      ready: pending.length === 0,
      database: 'ok',
      migrations: pending.length === 0 ? 'current' : 'pending',
      pending,
    };
  } catch {
    return { ready: false, database: 'ok', migrations: 'unknown', pending: [] };
  }
}
