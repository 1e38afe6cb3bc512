// A bulk refund's progress as the drawer shows it. Pure: tested on its own.
import type { BulkAction } from '../../api/afterSale';

/** The job has worked through every order (done or failed) and stopped. */
export function bulkFinished(action: Pick<BulkAction, 'status'>): boolean {
  return action.status === 'done' || action.status === 'failed';
}

/** Orders processed, in whole percent; a finished job with nothing to do is 100. */
export function bulkPercent(action: Pick<BulkAction, 'status' | 'total' | 'done' | 'failed'>): number {
  if (action.total === 0) return bulkFinished(action) ? 100 : 0;
  return Math.min(100, Math.floor(((action.done + action.failed) * 100) / action.total));
}
