// Builds the real Fastify app for route tests (driven with inject), on a test database, with secrets
// generated into a temporary folder and logs silenced.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp, loadConfig, loadSecrets, type AppDeps, type Config } from '@admit/server';
import { usePasswordHashingCostForTests, type Clock } from '@admit/services';
import { testDatabase, type TestDatabase } from './database';

export type TestApp = {
  app: FastifyInstance;
  database: TestDatabase;
  config: Config;
  close(): Promise<void>;
};

export async function testApp(
  options: {
    env?: Record<string, string>;
    database?: TestDatabase;
    clock?: Clock;
    extraRoutes?: AppDeps['extraRoutes'];
  } = {},
): Promise<TestApp> {
  usePasswordHashingCostForTests();
  const folder = mkdtempSync(join(tmpdir(), 'admit-app-'));
  const config = loadConfig({
    ADMIT_LOG_LEVEL: 'silent',
    ADMIT_DATA_DIR: join(folder, 'data'),
    ADMIT_SECRETS_DIR: join(folder, 'secrets'),
    ADMIT_WEB_DIST: join(folder, 'web'),
    ...options.env,
  });
  const { secrets } = loadSecrets(config.secretsDir, { generateMissing: true });
  const database = options.database ?? (await testDatabase());
  const app = await buildApp({
    config,
    database,
    secrets,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.extraRoutes ? { extraRoutes: options.extraRoutes } : {}),
  });
  return {
    app,
    database,
    config,
    async close() {
      await app.close();
      if (!options.database) await database.dispose();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
