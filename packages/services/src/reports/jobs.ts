// Scaffold: the reports' jobs (summary tables, daily summary email) are registered here.
import type { Db } from '@admit/db';
import type { Clock } from '../context';
import type { JobQueue } from '../jobs/queue';
import type { Outbox } from '../outbox/outbox';

export async function registerReportJobs(
  _queue: JobQueue,
  _db: Db,
  _options: { outbox: Outbox; clock?: Clock; cron?: string },
): Promise<void> {}
