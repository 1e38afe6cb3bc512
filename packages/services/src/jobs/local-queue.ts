// The embedded engine's job queue: rows in local_jobs, polled by this process. PGlite has one
// connection and one process, so a plain claim-by-update is enough; SKIP LOCKED keeps the same SQL
// correct should it ever run against a server.
import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import cronParser from 'cron-parser';
import { localJobs, newId, rows, type Db } from '@admit/db';
import type { Clock } from '../context';
import { systemClock } from '../context';
import { assertJobName, type JobHandler, type JobQueue, type SendOptions } from './queue';

type Schedule = { name: string; cron: string; tz: string; nextAt: Date };

export type LocalJobQueueOptions = {
  pollIntervalMs?: number;
  clock?: Clock;
  onError?: (error: unknown, context: { job?: string }) => void;
};

export class LocalJobQueue implements JobQueue {
  readonly kind = 'local' as const;
  private readonly handlers = new Map<string, JobHandler<unknown>>();
  private readonly schedules = new Map<string, Schedule>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;
  private readonly clock: Clock;
  private readonly pollIntervalMs: number;
  private readonly onError: (error: unknown, context: { job?: string }) => void;

  constructor(
    private readonly db: Db,
    options: LocalJobQueueOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.onError = options.onError ?? (() => {});
  }

  async start(): Promise<void> {
    // One process owns the embedded database, so anything "active" at start was cut off by a crash.
    await this.db
      .update(localJobs)
      .set({ state: 'created', lastError: 'interrupted by a restart' })
      .where(eq(localJobs.state, 'active'));
    this.stopped = false;
    this.arm();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  work<T>(name: string, handler: JobHandler<T>): Promise<void> {
    assertJobName(name);
    this.handlers.set(name, handler as JobHandler<unknown>);
    return Promise.resolve();
  }

  async send<T extends object>(name: string, data: T, options: SendOptions = {}): Promise<string | null> {
    assertJobName(name);
    const now = this.clock.now();
    const inserted = await this.db
      .insert(localJobs)
      .values({
        id: newId(now.getTime()),
        name,
        data,
        state: 'created',
        startAfter: new Date(now.getTime() + (options.startAfterSeconds ?? 0) * 1000),
        retryLimit: options.retryLimit ?? 2,
        retryDelaySeconds: options.retryDelaySeconds ?? 30,
        singletonKey: options.singletonKey ?? null,
        createdAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: localJobs.id });
    return inserted[0]?.id ?? null;
  }

  schedule(name: string, cron: string, options: { tz?: string } = {}): Promise<void> {
    assertJobName(name);
    const tz = options.tz ?? 'UTC';
    this.schedules.set(name, { name, cron, tz, nextAt: nextCronTime(cron, tz, this.clock.now()) });
    return Promise.resolve();
  }

  /** Sends due scheduled jobs and runs every job that is due now; tests call it instead of waiting. */
  async drain(): Promise<number> {
    let ran = 0;
    await this.fireSchedules();
    for (const name of this.handlers.keys()) {
      // A bounded batch per name per tick, so one busy job name cannot starve the others.
      for (let i = 0; i < 100; i++) {
        if (!(await this.runOne(name))) break;
        ran += 1;
      }
    }
    return ran;
  }

  private arm(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.drain()
        .then(() => undefined)
        .catch((error: unknown) => this.onError(error, {}))
        .finally(() => {
          this.running = null;
          this.arm();
        });
    }, this.pollIntervalMs);
    this.timer.unref();
  }

  private async fireSchedules(): Promise<void> {
    const now = this.clock.now();
    for (const schedule of this.schedules.values()) {
      if (schedule.nextAt.getTime() > now.getTime()) continue;
      schedule.nextAt = nextCronTime(schedule.cron, schedule.tz, now);
      await this.send(schedule.name, {}, { singletonKey: 'schedule' });
    }
  }

  private async runOne(name: string): Promise<boolean> {
    const handler = this.handlers.get(name);
    if (!handler) return false;
    const now = this.clock.now();
    const claimed = await rows<{
      id: string;
      data: unknown;
      attempts: number;
      retry_limit: number;
      retry_delay_seconds: number;
    }>(
      this.db,
      sql`update local_jobs set state = 'active', started_at = ${now}, attempts = attempts + 1
          where id = (select id from local_jobs
                      where name = ${name} and state = 'created' and start_after <= ${now}
                      order by start_after, id limit 1 for update skip locked)
          returning id, data, attempts, retry_limit, retry_delay_seconds`,
    );
    const job = claimed[0];
    if (!job) return false;
    try {
      await handler({ id: job.id, name, data: job.data });
      await this.db
        .update(localJobs)
        .set({ state: 'completed', finishedAt: this.clock.now(), lastError: null })
        .where(eq(localJobs.id, job.id));
    } catch (error) {
      this.onError(error, { job: name });
      const retry = job.attempts <= job.retry_limit;
      const after = new Date(this.clock.now().getTime() + job.retry_delay_seconds * 1000);
      await this.db
        .update(localJobs)
        .set({
          state: retry ? 'created' : 'failed',
          startAfter: retry ? after : undefined,
          finishedAt: retry ? null : this.clock.now(),
          lastError: error instanceof Error ? error.message : String(error),
        })
        .where(eq(localJobs.id, job.id));
    }
    return true;
  }

  /** Deletes finished jobs older than the given age (called by a scheduled maintenance job). */
  async purgeFinished(olderThanDays: number): Promise<number> {
    const before = new Date(this.clock.now().getTime() - olderThanDays * 86_400_000);
    const removed = await this.db
      .delete(localJobs)
      .where(and(inArray(localJobs.state, ['completed', 'failed']), lt(localJobs.finishedAt, before)))
      .returning({ id: localJobs.id });
    return removed.length;
  }
}

export function nextCronTime(cron: string, tz: string, after: Date): Date {
  return cronParser.parseExpression(cron, { currentDate: after, tz }).next().toDate();
}
