// Opening the database for a CLI command: PostgreSQL when DATABASE_URL is set, else the embedded
// folder under its exclusive lock (refused while the server runs), always closed afterwards.
import { openDatabase, type Db } from '@admit/db';
import type { Config } from '@admit/server';

export async function withDatabase<T>(
  config: Config,
  purpose: string,
  fn: (db: Db) => Promise<T>,
): Promise<T> {
  const database = await openDatabase(
    config.databaseUrl
      ? {
          engine: 'postgresql',
          url: config.databaseUrl,
          poolSize: 2,
          applicationName: purpose.replaceAll(' ', '-'),
        }
      : { engine: 'embedded', dataDir: config.dataDir, purpose },
  );
  try {
    return await fn(database.db);
  } finally {
    await database.close();
  }
}
