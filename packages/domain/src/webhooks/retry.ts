// When a webhook delivery that failed is tried again: after 1 minute, 5 minutes, 30 minutes, 2 hours
// and 6 hours — about 8.5 hours in all, long enough to ride out a partner's deploy or a night's outage,
// short enough that a redemption callback is still useful — and then it is marked failed (an admin can
// resend it from the delivery log).
export const webhookRetryDelaysMinutes = [1, 5, 30, 120, 360] as const;

/** Attempts in all: the first one and one per delay. */
export const maxWebhookAttempts = webhookRetryDelaysMinutes.length + 1;

/**
 * When to try again after the `attempts`-th attempt (1-based) failed at `failedAt`, or null when that
 * was the last one and the delivery is failed.
 */
export function nextWebhookAttempt(attempts: number, failedAt: Date): Date | null {
  if (!Number.isInteger(attempts) || attempts < 1) throw new RangeError(`attempts must be >= 1: ${attempts}`);
  const delay = webhookRetryDelaysMinutes[attempts - 1];
  if (delay === undefined) return null;
  return new Date(failedAt.getTime() + delay * 60_000);
}
