// Starts the product: secrets, database, migrations, job queue, HTTP. Used by `admit start`.
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { openDatabase, runMigrations, type AdmitDatabase } from '@admit/db';
import {
  anchorLogFields,
  appendAnchor,
  auditAnchorsPath,
  ensureFirstAdmin,
  registerAuditJobs,
  seedDemo,
  LocalJobQueue,
  PgBossJobQueue,
  registerMaintenanceJobs,
  registerSalesJobs,
  registerOutboxJobs,
  registerWebhookJobs,
  registerShopJobs,
  registerGroupJobs,
  registerReportJobs,
  printFontInfo,
  warmUpPrinting,
  type JobQueue,
} from '@admit/services';
import { buildApp } from './app';
import type { Config } from './config';
import { loadSecrets } from './secrets';

export type RunningServer = {
  app: FastifyInstance;
  url: string;
  database: AdmitDatabase;
  close(): Promise<void>;
};

export type StartOptions = {
  /** Where start-up messages for the operator go (the console), apart from the JSON logs. */
  say?: (line: string) => void;
};

export async function startServer(
  config: Config,
  { say = () => {} }: StartOptions = {},
): Promise<RunningServer> {
  const embedded = config.databaseUrl === null;
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const { secrets, generated } = loadSecrets(config.secretsDir, { generateMissing: embedded });
  if (generated.length > 0) {
    say(
      `Generated ${generated.length} secret keys in ${config.secretsDir} (keep this folder out of backups of the data).`,
    );
  }

  const database = await openDatabase(
    config.databaseUrl
      ? {
          engine: 'postgresql',
          url: config.databaseUrl,
          poolSize: config.dbPoolSize,
          applicationName: 'admit-server',
        }
      : { engine: 'embedded', dataDir: config.dataDir, purpose: 'admit start' },
  );
  let jobs: JobQueue | null = null;
  let app: FastifyInstance | null = null;
  try {
    say(
      `Database: ${database.engine === 'embedded' ? 'embedded PGlite at' : 'PostgreSQL'} ${database.location}`,
    );
    const report = await runMigrations(database.db, {
      onApply: (version) => say(`Applying migration ${version}…`),
    });
    if (report.applied.length > 0) say(`Applied ${report.applied.length} migration(s).`);
    if (config.demo) {
      const demo = await seedDemo(database.db);
      if (demo) say(`Loaded the demo catalog: ${demo.join(', ')} (set ADMIT_DEMO=off to start empty).`);
    }
    // The one-time password goes to the operator's console only, never through the logger.
    const firstAdmin = await ensureFirstAdmin(database.db);
    if (firstAdmin) {
      say('First administrator created. Log in and change this one-time password now:');
      say(`  login:    ${firstAdmin.loginName}`);
      say(`  password: ${firstAdmin.password}`);
    }

    jobs = config.databaseUrl ? new PgBossJobQueue(config.databaseUrl) : new LocalJobQueue(database.db);
    await registerMaintenanceJobs(jobs, database.db);

    // A rehearsal clock (ADMIT_CLOCK_OFFSET_MINUTES, never in production) for requests and jobs alike.
    const offsetMs = config.clockOffsetMinutes * 60_000;
    const clock = offsetMs === 0 ? undefined : { now: () => new Date(Date.now() + offsetMs) };
    if (clock)
      say(
        `Clock offset: ${config.clockOffsetMinutes} minutes (rehearsal; the server's time is ${clock.now().toISOString()}).`,
      );
    app = await buildApp({ config, database, secrets, jobs, ...(clock ? { clock } : {}) });
    const log = app.log;
    // Each new audit head goes to the log (shipped elsewhere) and the anchors file, so deleting the
    // newest seals and rows is detected by `admit audit verify`.
    await registerAuditJobs(jobs, database.db, secrets.auditSeal, (head) => {
      log.info(anchorLogFields(head), 'audit.head');
      try {
        appendAnchor(auditAnchorsPath(config.dataDir), head);
      } catch (error) {
        log.warn({ err: error }, 'could not append the audit head to the anchors file');
      }
    });
    const jobClock = clock ? { clock } : {};
    await registerSalesJobs(jobs, database.db, app.sales, jobClock);
    await registerOutboxJobs(jobs, database.db, app.outbox, jobClock);
    await registerWebhookJobs(jobs, database.db, { ring: () => secrets.piiEncryption, ...jobClock });
    await registerGroupJobs(jobs, database.db, app.sales, jobClock);
    await registerReportJobs(jobs, database.db, { outbox: app.outbox, ...jobClock });
    const started = app;
    await registerShopJobs(
      jobs,
      database.db,
      app.sales,
      { outbox: app.outbox, publicUrl: () => started.deps.config.publicUrl },
      jobClock,
    );
    const font = printFontInfo();
    log.info({ font: font.name, path: font.path, chinese: font.cjk, warnings: font.warnings }, 'print.font');
    // The first ticket a process prints opens the CJK font; do it now, not for the first customer.
    void warmUpPrinting().catch((error: unknown) => log.warn({ err: error }, 'print warm-up failed'));
    const queue = jobs;
    await queue.start();
    await app.listen({ host: config.host, port: config.port });
    const address = app.server.address() as AddressInfo;
    const scheme = config.tls ? 'https' : 'http';
    const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
    const url =
      config.port === 0 || !process.env.ADMIT_PUBLIC_URL
        ? `${scheme}://${host}:${address.port}/`
        : `${config.publicUrl}/`;
    // Port 0 picked a free port: the addresses given to providers and devices must carry it.
    if (config.port === 0 && !process.env.ADMIT_PUBLIC_URL) config.publicUrl = url.replace(/\/$/, '');
    const running = app;
    return {
      app: running,
      url,
      database,
      async close() {
        await running.close();
        await queue.stop();
        await database.close();
      },
    };
  } catch (error) {
    await app?.close().catch(() => {});
    await jobs?.stop().catch(() => {});
    await database.close().catch(() => {});
    throw error;
  }
}
