// Housekeeping jobs every installation runs, registered on whichever job queue the engine has.
import { sweepIdempotencyKeys } from './idempotency';
import { systemContext } from './context';
import type { JobQueue } from './jobs/queue';
import type { Db } from '@admit/db';

export const maintenanceJobs = {
  sweepIdempotencyKeys: 'maintenance.idempotency-sweep',
} as const;

export async function registerMaintenanceJobs(queue: JobQueue, db: Db): Promise<void> {
  await queue.work(maintenanceJobs.sweepIdempotencyKeys, async () => {
    await sweepIdempotencyKeys(systemContext(db, maintenanceJobs.sweepIdempotencyKeys));
  });
  await queue.schedule(maintenanceJobs.sweepIdempotencyKeys, '17 * * * *');
}
