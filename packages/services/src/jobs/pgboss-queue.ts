// The PostgreSQL engine's job queue: pg-boss 10 in its own schema, so every app node shares one
// queue and each job is worked once.
import PgBoss from 'pg-boss';
import { assertJobName, type JobHandler, type JobQueue, type SendOptions } from './queue';

export class PgBossJobQueue implements JobQueue {
  readonly kind = 'pg-boss' as const;
  private readonly boss: PgBoss;
  private readonly queues = new Set<string>();

  constructor(
    connectionString: string,
    options: { onError?: (error: unknown) => void; schema?: string } = {},
  ) {
    this.boss = new PgBoss({
      connectionString,
      max: 2,
      schema: options.schema ?? 'pgboss',
      application_name: 'admit-jobs',
    });
    this.boss.on('error', options.onError ?? (() => {}));
  }

  async start(): Promise<void> {
    await this.boss.start();
  }

  async stop(): Promise<void> {
    await this.boss.stop({ graceful: true, timeout: 10_000, wait: true });
  }

  private async ensureQueue(name: string): Promise<void> {
    assertJobName(name);
    if (this.queues.has(name)) return;
    await this.boss.createQueue(name);
    this.queues.add(name);
  }

  async work<T>(name: string, handler: JobHandler<T>): Promise<void> {
    await this.ensureQueue(name);
    await this.boss.work<T>(name, { batchSize: 1 }, async (jobs) => {
      for (const job of jobs) await handler({ id: job.id, name: job.name, data: job.data });
    });
  }

  async send<T extends object>(name: string, data: T, options: SendOptions = {}): Promise<string | null> {
    await this.ensureQueue(name);
    return this.boss.send(name, data, {
      ...(options.startAfterSeconds ? { startAfter: options.startAfterSeconds } : {}),
      ...(options.singletonKey ? { singletonKey: options.singletonKey } : {}),
      retryLimit: options.retryLimit ?? 2,
      retryDelay: options.retryDelaySeconds ?? 30,
    });
  }

  async schedule(name: string, cron: string, options: { tz?: string } = {}): Promise<void> {
    await this.ensureQueue(name);
    await this.boss.schedule(name, cron, {}, { tz: options.tz ?? 'UTC' });
  }
}
