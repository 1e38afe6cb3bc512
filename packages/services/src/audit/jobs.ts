// The sealer job: every minute, seal whatever audit rows have committed since the last run and hand
// the new head to the caller, who writes it to the log and the anchors file (anchors.ts). On
// PostgreSQL pg-boss runs it on one node at a time; the sealer's advisory lock makes any overlap
// harmless anyway.
import type { Db } from '@admit/db';
import { systemContext, type Clock } from '../context';
import type { JobQueue } from '../jobs/queue';
import type { KeyRing } from '../keys';
import { sealAll, type SealHead } from './seal';

export const auditJobs = {
  seal: 'audit.seal',
} as const;

export async function registerAuditJobs(
  queue: JobQueue,
  db: Db,
  key: KeyRing,
  /** Called with the newest head after a run that sealed something (not on idle runs). */
  onHead: (head: SealHead) => void,
  options: { clock?: Clock; cron?: string } = {},
): Promise<void> {
  await queue.work(auditJobs.seal, async () => {
    const ctx = systemContext(db, auditJobs.seal, options.clock ? { clock: options.clock } : {});
    const { head } = await sealAll(ctx, key);
    if (head) onHead(head);
  });
  await queue.schedule(auditJobs.seal, options.cron ?? '* * * * *');
}
