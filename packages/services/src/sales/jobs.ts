// The sale path's background jobs: payment codes left pending (the seller closed the screen, the
// network dropped) are queried at the provider every minute and settled, or reversed and their orders
// cancelled after ten minutes, so their places return to sale; provider refunds that are pending or
// failed are tried again with backoff until the provider confirms them; online orders whose hold ran
// out are closed at the provider and expire (payments/online.ts), and online payments whose
// notification never came are queried every minute until final.
import type { Db } from '@admit/db';
import { systemContext, type Clock } from '../context';
import type { JobQueue } from '../jobs/queue';
import type { SalesRuntime } from './runtime';
import { sweepPendingPayments } from './settle';
import { retryProviderRefunds } from './refunds';
import { runBulkRefund } from './bulk';
import { rollBackExpiredAuthorizations } from '../gate/turnstile';
import { expireHolds, queryPendingOnlinePayments } from '../payments/online';
import { releaseDueAllocations } from '../channels/allocations';

export const salesJobs = {
  pendingPayments: 'sales.pending-payments',
  providerRefunds: 'sales.provider-refunds',
  bulkRefund: 'sales.bulk-refund',
  turnstileRollback: 'gate.turnstile-rollback',
  expireHolds: 'payments.expire-holds',
  onlinePayments: 'payments.query-online',
  releaseAllocations: 'channels.release-allocations',
} as const;

export async function registerSalesJobs(
  queue: JobQueue,
  db: Db,
  runtime: SalesRuntime,
  options: { clock?: Clock; cron?: string } = {},
): Promise<void> {
  await queue.work(salesJobs.pendingPayments, async () => {
    const ctx = systemContext(db, salesJobs.pendingPayments, options.clock ? { clock: options.clock } : {});
    await sweepPendingPayments(ctx, runtime);
  });
  await queue.schedule(salesJobs.pendingPayments, options.cron ?? '* * * * *');
  await queue.work(salesJobs.providerRefunds, async () => {
    const ctx = systemContext(db, salesJobs.providerRefunds, options.clock ? { clock: options.clock } : {});
    await retryProviderRefunds(ctx, runtime);
  });
  await queue.schedule(salesJobs.providerRefunds, options.cron ?? '* * * * *');
  await queue.work(salesJobs.turnstileRollback, async () => {
    const ctx = systemContext(db, salesJobs.turnstileRollback, options.clock ? { clock: options.clock } : {});
    await rollBackExpiredAuthorizations(ctx);
  });
  await queue.schedule(salesJobs.turnstileRollback, options.cron ?? '* * * * *');
  await queue.work(salesJobs.expireHolds, async () => {
    const ctx = systemContext(db, salesJobs.expireHolds, options.clock ? { clock: options.clock } : {});
    await expireHolds(ctx, runtime);
  });
  await queue.schedule(salesJobs.expireHolds, options.cron ?? '* * * * *');
  await queue.work(salesJobs.onlinePayments, async () => {
    const ctx = systemContext(db, salesJobs.onlinePayments, options.clock ? { clock: options.clock } : {});
    await queryPendingOnlinePayments(ctx, runtime);
  });
  await queue.schedule(salesJobs.onlinePayments, options.cron ?? '* * * * *');
  // Channels' allocations whose time has come go back to general sale (channels/allocations.ts).
  await queue.work(salesJobs.releaseAllocations, async () => {
    const ctx = systemContext(
      db,
      salesJobs.releaseAllocations,
      options.clock ? { clock: options.clock } : {},
    );
    await releaseDueAllocations(ctx);
  });
  await queue.schedule(salesJobs.releaseAllocations, options.cron ?? '* * * * *');
  await queue.work<{ id: string }>(salesJobs.bulkRefund, async (job) => {
    await runBulkRefund(db, runtime, job.data.id, options.clock ? { clock: options.clock } : {});
  });
}
