// The reports' jobs: the summary tables brought up to date every minute (summaries.ts), and the daily
// summary e-mails of the sites whose send hour has come (daily-summary.ts), checked every minute.
import type { Db } from '@admit/db';
import { systemContext, type Clock } from '../context';
import type { JobQueue } from '../jobs/queue';
import type { Outbox } from '../outbox/outbox';
import { sendDueDailySummaries } from './daily-summary';
import { refreshReportSummaries } from './summaries';

export const reportJobs = {
  summaries: 'reports.summaries',
  dailySummary: 'reports.daily-summary',
} as const;

export async function registerReportJobs(
  queue: JobQueue,
  db: Db,
  options: { outbox: Outbox; clock?: Clock; cron?: string },
): Promise<void> {
  const context = (name: string) => systemContext(db, name, options.clock ? { clock: options.clock } : {});
  await queue.work(reportJobs.summaries, async () => {
    await refreshReportSummaries(context(reportJobs.summaries));
  });
  await queue.schedule(reportJobs.summaries, options.cron ?? '* * * * *');
  await queue.work(reportJobs.dailySummary, async () => {
    await sendDueDailySummaries(context(reportJobs.dailySummary), options.outbox);
  });
  await queue.schedule(reportJobs.dailySummary, options.cron ?? '* * * * *');
}
