// A provider's asynchronous notification, handled exactly once. Providers send them late, twice, or
// never (Alipay retries 8 times over 25 hours, WeChat Pay 15 times over 24 hours, and wants an answer
// within 5 seconds), and anyone can post to the address. So: the adapter verifies the signature;
// here the merchant, the order and the amount are checked against ours; the state change is the
// conditional update of settle.ts (`where status = 'pending'`), so however many copies arrive — at
// the same moment too — one changes the order and the rest find it final. Every notification is
// logged; a rejected one (forged, wrong amount, wrong merchant, unknown order) changes nothing and is
// a security event in the audit log.
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { newId, rows } from '@admit/db';
import { inTransaction, type ServiceContext } from '../context';
import { recordAudit } from '../audit/record';
import { completeProviderPaymentIn, failProviderPayment } from '../sales/settle';
import type { SalesRuntime } from '../sales/runtime';
import type { NotificationAnswer, NotificationInput, PaymentNotification, PaymentProvider } from './provider';
import { accountAdapter } from './accounts';
import { settleLatePayment } from './online';

export type NotificationOutcome = 'applied' | 'duplicate' | 'ignored' | 'rejected';

export type NotificationResult = {
  outcome: NotificationOutcome;
  reason: string | null;
  answer: NotificationAnswer;
};

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Our refund ids go to providers without dashes (out_refund_no); back to a uuid. */
function refundUuid(providerRefundId: string): string | null {
  if (!/^[0-9a-f]{32}$/i.test(providerRefundId)) return null;
  const h = providerRefundId.toLowerCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

type PaymentRow = {
  id: string;
  site_id: string;
  status: 'pending' | 'succeeded' | 'failed' | 'cancelled';
  amount: number;
  provider: string | null;
  account_id: string | null;
};

export async function handlePaymentNotification(
  ctx: ServiceContext,
  runtime: SalesRuntime,
  /** An account id, or 'simulator' for the installation's simulator. */
  accountKey: string,
  input: NotificationInput & { ip: string | null },
): Promise<NotificationResult> {
  const started = performance.now();
  const receivedAt = ctx.clock.now();
  let provider: PaymentProvider | null = null;
  let accountId: string | null = null;
  if (accountKey === 'simulator') provider = runtime.payments.byName('simulator');
  else if (uuidPattern.test(accountKey)) {
    const adapter = await accountAdapter(ctx.db, runtime, accountKey);
    if (adapter?.enabled) {
      provider = adapter.provider;
      accountId = accountKey;
    }
  }
  type Extra = { notification?: PaymentNotification; payment?: PaymentRow | null };
  /** The notification's log row; in the caller's transaction when it changed something. */
  const logRow = (outcome: NotificationOutcome, reason: string | null, extra: Extra) => {
    const n = extra.notification;
    return sql`insert into payment_notifications (id, account_id, provider, received_at, outcome, reason, provider_order_id,
                                               payment_id, amount, body_sha256, ip, duration_ms, details)
            values (${newId(receivedAt.getTime())}, ${accountId}, ${provider?.name ?? accountKey.slice(0, 40)},
                    ${receivedAt}, ${outcome}, ${reason}, ${n?.providerOrderId ?? null}, ${extra.payment?.id ?? null},
                    ${n?.amount ?? null}, ${createHash('sha256').update(input.body).digest('hex')}, ${input.ip},
                    ${Math.round(performance.now() - started)},
                    ${JSON.stringify(n ? { type: n.type, state: n.state, merchantId: n.merchantId } : {})}::jsonb)`;
  };
  const answer = (outcome: NotificationOutcome, reason: string | null): NotificationResult => ({
    outcome,
    reason,
    answer: provider
      ? provider.notificationAnswer(outcome !== 'rejected')
      : { status: 404, contentType: 'text/plain', body: 'unknown account' },
  });
  const log = async (
    outcome: NotificationOutcome,
    reason: string | null,
    extra: Extra = {},
  ): Promise<NotificationResult> => {
    if (outcome !== 'rejected') {
      await ctx.db.execute(logRow(outcome, reason, extra));
      return answer(outcome, reason);
    }
    const n = extra.notification;
    await inTransaction(ctx, async (tx) => {
      await tx.db.execute(logRow(outcome, reason, extra));
      await recordAudit(tx, {
        action: 'payments.notification.rejected',
        outcome: 'denied',
        siteId: extra.payment?.site_id ?? null,
        target: extra.payment ? { type: 'payment', id: extra.payment.id } : undefined,
        details: {
          reason,
          provider: provider?.name ?? null,
          accountKey: accountKey.slice(0, 40),
          providerOrderId: n?.providerOrderId ?? null,
          amount: n?.amount ?? null,
          ip: input.ip,
        },
      });
    });
    return answer(outcome, reason);
  };

  if (!provider) return log('rejected', 'unknown_account');
  const verified = await provider.verifyNotification({ headers: input.headers, body: input.body });
  if (!verified.ok) return log('rejected', verified.reason);
  const n = verified.notification;
  if (n.merchantId !== provider.merchantId) return log('rejected', 'wrong_merchant', { notification: n });

  const [payment] = await rows<PaymentRow>(
    ctx.db,
    sql`select id, site_id, status, amount, provider, account_id from payments
        where provider_order_id = ${n.providerOrderId}`,
  );
  // The order must be one we sent to this provider account.
  if (!payment || payment.provider !== provider.name || payment.account_id !== accountId)
    return log('rejected', 'unknown_order', { notification: n, payment: null });

  if (n.type === 'refund') return handleRefund(ctx, n, payment, log);

  if (n.amount !== Number(payment.amount))
    return log('rejected', 'amount_mismatch', { notification: n, payment });
  if (n.state === 'pending') return log('ignored', 'not_final', { notification: n, payment });
  if (n.state === 'succeeded') {
    // The change and its log row in one commit.
    if (
      payment.status === 'pending' &&
      (await inTransaction(ctx, async (tx) => {
        if (
          !(await completeProviderPaymentIn(tx, payment.id, n.providerReference, { notifiedAt: receivedAt }))
        )
          return false;
        await tx.db.execute(logRow('applied', null, { notification: n, payment }));
        return true;
      }))
    )
      return answer('applied', null);
    // Final already — or it just became final under a concurrent copy: read what it is now.
    const [now] = await rows<{ status: PaymentRow['status'] }>(
      ctx.db,
      sql`select status from payments where id = ${payment.id}`,
    );
    if (now?.status === 'cancelled' || now?.status === 'failed') {
      const late = await settleLatePayment(ctx, runtime, payment.id, n.providerReference);
      return log(
        late === 'duplicate' ? 'duplicate' : 'applied',
        late === 'duplicate' ? null : `late_${late}`,
        {
          notification: n,
          payment,
        },
      );
    }
    return log('duplicate', null, { notification: n, payment });
  }
  // Closed or failed at the provider: the order is cancelled and its places go back (once).
  if (payment.status === 'pending' && (await failProviderPayment(ctx, payment.id, `provider_${n.state}`)))
    return log('applied', null, { notification: n, payment });
  return log('duplicate', null, { notification: n, payment });
}

async function handleRefund(
  ctx: ServiceContext,
  n: Extract<PaymentNotification, { type: 'refund' }>,
  payment: PaymentRow,
  log: (
    outcome: NotificationOutcome,
    reason: string | null,
    extra: { notification?: PaymentNotification; payment?: PaymentRow | null },
  ) => Promise<NotificationResult>,
): Promise<NotificationResult> {
  const refundId = refundUuid(n.refundId);
  const [refund] = refundId
    ? await rows<{ id: string; amount: number; status: string }>(
        ctx.db,
        sql`select id, amount, status from refunds where id = ${refundId} and payment_id = ${payment.id}`,
      )
    : [];
  if (!refund) return log('rejected', 'unknown_refund', { notification: n, payment });
  if (n.amount !== Number(refund.amount))
    return log('rejected', 'amount_mismatch', { notification: n, payment });
  if (n.state !== 'succeeded') return log('ignored', `refund_${n.state}`, { notification: n, payment });
  const changed = await rows<{ id: string }>(
    ctx.db,
    sql`update refunds set status = 'succeeded', provider_refund_id = ${n.providerReference},
                           completed_at = ${ctx.clock.now()}, next_attempt_at = null, last_error = null
        where id = ${refund.id} and status <> 'succeeded' returning id`,
  );
  return log(changed.length > 0 ? 'applied' : 'duplicate', null, { notification: n, payment });
}
