// Looking an order up from another phone or after losing the link: phone number and order number,
// then a six-digit code sent by SMS to that phone (through the outbox). The answer to "send a code" is
// the same whether or not such an order exists; a code lives five minutes, allows five tries and is
// used once; only its HMAC is stored.
import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { newId, rows } from '@admit/db';
import { AppError, normalizeMobile } from '@admit/domain';
import { inTransaction, type ServiceContext } from '../context';
import { recordAudit } from '../audit/record';
import { enqueueNotification } from '../outbox/outbox';
import { piiLookup } from '../pii';
import type { SalesRuntime } from '../sales/runtime';
import { orderAccessToken } from './access';
import type { ShopNotices } from './notices';

export const lookupCodeMinutes = 5;
export const lookupCodeAttempts = 5;

function codeHash(runtime: SalesRuntime, otpId: string, code: string): string {
  return createHmac('sha256', runtime.ring().lookup.current)
    .update(`shop-otp:${otpId}:${code}`)
    .digest('base64url');
}

async function orderByPhone(
  ctx: ServiceContext,
  runtime: SalesRuntime,
  phone: string,
  orderNumber: string,
): Promise<{ id: string; site_id: string; locale: string | null; phoneLookup: string } | null> {
  const normalized = normalizeMobile(phone);
  if (!normalized) throw new AppError('phone_invalid');
  const phoneLookup = piiLookup(runtime.ring().lookup, normalized);
  const [order] = await rows<{ id: string; site_id: string; locale: string | null }>(
    ctx.db,
    sql`select id, site_id, locale from orders
        where number = ${orderNumber.trim().toUpperCase()} and contact_phone_lookup = ${phoneLookup}`,
  );
  return order ? { ...order, phoneLookup } : null;
}

export async function sendLookupCode(
  ctx: ServiceContext,
  runtime: SalesRuntime,
  notices: ShopNotices | null,
  input: { phone: string; orderNumber: string; locale: 'zh-CN' | 'en' },
): Promise<{ sent: true; expiresAt: Date }> {
  const now = ctx.clock.now();
  const expiresAt = new Date(now.getTime() + lookupCodeMinutes * 60_000);
  const order = await orderByPhone(ctx, runtime, input.phone, input.orderNumber);
  if (!order || !notices) return { sent: true, expiresAt };
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const id = newId(now.getTime());
  await inTransaction(ctx, async (tx) => {
    await tx.db.execute(
      sql`insert into shop_otps (id, order_id, phone_lookup, code_hash, expires_at, created_at)
          values (${id}, ${order.id}, ${order.phoneLookup}, ${codeHash(runtime, id, code)}, ${expiresAt}, ${now})`,
    );
    await enqueueNotification(
      tx.db,
      notices.outbox,
      {
        siteId: order.site_id,
        orderId: order.id,
        channel: 'sms',
        to: normalizeMobile(input.phone)!,
        template: 'one_time_code',
        locale: input.locale,
        params: { code, minutes: String(lookupCodeMinutes) },
      },
      now,
    );
  });
  return { sent: true, expiresAt };
}

/** Checks a code; the order's access token when right, lookup_code_invalid otherwise. */
export async function verifyLookupCode(
  ctx: ServiceContext,
  runtime: SalesRuntime,
  input: { phone: string; orderNumber: string; code: string },
): Promise<{ token: string }> {
  const order = await orderByPhone(ctx, runtime, input.phone, input.orderNumber);
  if (!order) throw new AppError('lookup_code_invalid');
  const now = ctx.clock.now();
  const ok = await inTransaction(ctx, async (tx) => {
    const [otp] = await rows<{ id: string; code_hash: string }>(
      tx.db,
      sql`select id, code_hash from shop_otps
          where order_id = ${order.id} and phone_lookup = ${order.phoneLookup} and used_at is null
            and expires_at > ${now} and attempts < ${lookupCodeAttempts}
          order by created_at desc limit 1 for update`,
    );
    if (!otp) return false;
    const expected = Buffer.from(otp.code_hash, 'base64url');
    const given = Buffer.from(codeHash(runtime, otp.id, input.code.trim()), 'base64url');
    if (!timingSafeEqual(expected, given)) {
      await tx.db.execute(sql`update shop_otps set attempts = attempts + 1 where id = ${otp.id}`);
      return false;
    }
    await tx.db.execute(sql`update shop_otps set used_at = ${now} where id = ${otp.id}`);
    await recordAudit(tx, {
      action: 'orders.order.looked_up',
      siteId: order.site_id,
      target: { type: 'order', id: order.id },
      details: { by: 'one_time_code' },
    });
    return true;
  });
  if (!ok) throw new AppError('lookup_code_invalid');
  return { token: orderAccessToken(runtime.ring().lookup, order.id) };
}
