// One job interface for the whole product. On PostgreSQL it is pg-boss (durable, shared by every app
// node, exactly one worker per job); on the embedded engine an in-process scheduler over the
// local_jobs table (one process, so no coordination is needed, and jobs still survive a restart).
export type Job<T> = { id: string; name: string; data: T };
export type JobHandler<T> = (job: Job<T>) => Promise<void>;

export type SendOptions = {
  /** Run no earlier than this many seconds from now. */
  startAfterSeconds?: number;
  /** At most one waiting or running job per (name, singletonKey). */
  singletonKey?: string;
  /** How many times a failed job is retried before it is marked failed. */
  retryLimit?: number;
  retryDelaySeconds?: number;
};

export type JobQueue = {
  readonly kind: 'pg-boss' | 'local';
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Registers the handler for a job name; one job at a time per name per process. */
  work<T>(name: string, handler: JobHandler<T>): Promise<void>;
  /** Queues a job; returns its id, or null when a singleton of that key already waits. */
  send<T extends object>(name: string, data: T, options?: SendOptions): Promise<string | null>;
  /** Runs `name` on a cron schedule (five fields, minute precision) in the given IANA time zone. */
  schedule(name: string, cron: string, options?: { tz?: string }): Promise<void>;
};

export const jobNamePattern = /^[a-z][a-z0-9_.-]{0,99}$/;

export function assertJobName(name: string): void {
  if (!jobNamePattern.test(name)) throw new Error(`invalid job name ${JSON.stringify(name)}`);
}
