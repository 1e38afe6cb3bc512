// Channel partners: who they are, the sites they may sell and their prices per ticket type
// (settlement: what they pay us; retail: what they should sell at). Managed by `channels.manage`.
import { sql } from 'drizzle-orm';
import { newId, rows, type Queryable } from '@admit/db';
import { AppError } from '@admit/domain';
import { requirePermission } from '../accounts/authorize';
import { inTransaction, type ServiceContext } from '../context';
import { recordAudit } from '../audit/record';

export type ChannelInput = {
  code: string;
  name: string;
  contactName: string;
  contactPhone: string;
  active: boolean;
  siteIds: string[];
  /**
   * Per site, the agency account the channel's API orders there draw on (at its settlement prices);
   * a site left out keeps the account it had, null removes it.
   */
  accounts?: Record<string, string | null>;
};

export type ChannelRecord = Omit<ChannelInput, 'accounts'> & {
  id: string;
  createdAt: Date;
  accounts: Record<string, string | null>;
};

export type ChannelPrice = { productId: string; settlementPrice: number; retailPrice: number };

type Row = {
  id: string;
  code: string;
  name: string;
  contact_name: string;
  contact_phone: string;
  active: boolean;
  created_at: Date | string;
  site_ids: string[] | null;
  accounts: Record<string, string | null> | null;
};

async function load(db: Queryable, id?: string): Promise<ChannelRecord[]> {
  const found = await rows<Row>(
    db,
    sql`select c.id, c.code, c.name, c.contact_name, c.contact_phone, c.active, c.created_at,
               (select array_agg(cs.site_id::text order by cs.site_id) from channel_sites cs where cs.channel_id = c.id) as site_ids,
               (select jsonb_object_agg(cs.site_id::text, cs.agency_id) from channel_sites cs where cs.channel_id = c.id) as accounts
        from channels c ${id ? sql`where c.id = ${id}` : sql``} order by c.code`,
  );
  return found.map((r) => ({
    id: r.id,
    code: r.code,
    name: r.name,
    contactName: r.contact_name,
    contactPhone: r.contact_phone,
    active: r.active,
    createdAt: new Date(r.created_at),
    siteIds: r.site_ids ?? [],
    accounts: r.accounts ?? {},
  }));
}

export async function listChannels(ctx: ServiceContext): Promise<ChannelRecord[]> {
  await requirePermission(ctx, 'channels.manage');
  return load(ctx.db);
}

export async function getChannel(ctx: ServiceContext, id: string): Promise<ChannelRecord> {
  await requirePermission(ctx, 'channels.manage');
  const [found] = await load(ctx.db, id);
  if (!found) throw new AppError('channel_not_found');
  return found;
}

/** Creates a channel (id null) or replaces one's details and sites. */
export async function saveChannel(
  ctx: ServiceContext,
  id: string | null,
  input: ChannelInput,
): Promise<ChannelRecord> {
  await requirePermission(ctx, 'channels.manage');
  const now = ctx.clock.now();
  const channelId = id ?? newId(now.getTime());
  await inTransaction(ctx, async (tx) => {
    const [taken] = await rows<{ id: string }>(
      tx.db,
      sql`select id from channels where code = ${input.code} and id <> ${channelId}`,
    );
    if (taken) throw new AppError('channel_code_taken');
    if (id) {
      const changed = await rows<{ id: string }>(
        tx.db,
        sql`update channels set code = ${input.code}, name = ${input.name}, contact_name = ${input.contactName},
                                contact_phone = ${input.contactPhone}, active = ${input.active}, updated_at = ${now}
            where id = ${id} returning id`,
      );
      if (changed.length === 0) throw new AppError('channel_not_found');
    } else {
      await tx.db.execute(
        sql`insert into channels (id, code, name, contact_name, contact_phone, active, created_at, updated_at)
            values (${channelId}, ${input.code}, ${input.name}, ${input.contactName}, ${input.contactPhone},
                    ${input.active}, ${now}, ${now})`,
      );
    }
    const siteIds = [...new Set(input.siteIds)];
    if (siteIds.length > 0) {
      const found = await rows<{ id: string }>(
        tx.db,
        sql`select id from sites where id in (${sql.join(
          siteIds.map((s) => sql`${s}`),
          sql`, `,
        )})`,
      );
      if (found.length !== siteIds.length) throw new AppError('site_not_found');
    }
    const accounts = input.accounts ?? {};
    for (const [siteId, agencyId] of Object.entries(accounts)) {
      if (!siteIds.includes(siteId))
        throw new AppError('validation_failed', { details: { accounts: 'only for the channel’s sites' } });
      if (agencyId === null) continue;
      const [agency] = await rows<{ id: string }>(
        tx.db,
        sql`select id from agencies where id = ${agencyId} and site_id = ${siteId}`,
      );
      if (!agency) throw new AppError('agency_not_found');
    }
    await tx.db.execute(
      siteIds.length === 0
        ? sql`delete from channel_sites where channel_id = ${channelId}`
        : sql`delete from channel_sites where channel_id = ${channelId} and site_id not in (${sql.join(
            siteIds.map((s) => sql`${s}`),
            sql`, `,
          )})`,
    );
    for (const siteId of siteIds) {
      const account = accounts[siteId];
      await tx.db.execute(
        account === undefined
          ? sql`insert into channel_sites (channel_id, site_id) values (${channelId}, ${siteId}) on conflict do nothing`
          : sql`insert into channel_sites (channel_id, site_id, agency_id) values (${channelId}, ${siteId}, ${account})
                on conflict (channel_id, site_id) do update set agency_id = excluded.agency_id`,
      );
    }
    await recordAudit(tx, {
      action: id ? 'channels.channel.updated' : 'channels.channel.created',
      target: { type: 'channel', id: channelId },
      details: { code: input.code, active: input.active, siteIds, ...(input.accounts ? { accounts } : {}) },
    });
  });
  return (await load(ctx.db, channelId))[0]!;
}

export async function listChannelPrices(ctx: ServiceContext, channelId: string): Promise<ChannelPrice[]> {
  await requirePermission(ctx, 'channels.manage');
  return channelPricesOf(ctx.db, channelId);
}

export async function channelPricesOf(db: Queryable, channelId: string): Promise<ChannelPrice[]> {
  const found = await rows<{ product_id: string; settlement_price: number; retail_price: number }>(
    db,
    sql`select product_id, settlement_price, retail_price from channel_prices where channel_id = ${channelId}
        order by product_id`,
  );
  return found.map((r) => ({
    productId: r.product_id,
    settlementPrice: Number(r.settlement_price),
    retailPrice: Number(r.retail_price),
  }));
}

/** Replaces a channel's prices; each ticket type must be at one of the channel's sites. */
export async function setChannelPrices(
  ctx: ServiceContext,
  channelId: string,
  prices: ChannelPrice[],
): Promise<ChannelPrice[]> {
  await requirePermission(ctx, 'channels.manage');
  await inTransaction(ctx, async (tx) => {
    const [channel] = await rows<{ id: string }>(tx.db, sql`select id from channels where id = ${channelId}`);
    if (!channel) throw new AppError('channel_not_found');
    const productIds = [...new Set(prices.map((p) => p.productId))];
    if (productIds.length !== prices.length)
      throw new AppError('validation_failed', { details: { prices: 'one price per ticket type' } });
    if (productIds.length > 0) {
      const sold = await rows<{ id: string }>(
        tx.db,
        sql`select p.id from products p join channel_sites cs on cs.site_id = p.site_id and cs.channel_id = ${channelId}
            where p.id in (${sql.join(
              productIds.map((p) => sql`${p}`),
              sql`, `,
            )})`,
      );
      if (sold.length !== productIds.length) throw new AppError('product_not_found');
    }
    await tx.db.execute(sql`delete from channel_prices where channel_id = ${channelId}`);
    for (const p of prices)
      await tx.db.execute(
        sql`insert into channel_prices (channel_id, product_id, settlement_price, retail_price)
            values (${channelId}, ${p.productId}, ${p.settlementPrice}, ${p.retailPrice})`,
      );
    await recordAudit(tx, {
      action: 'channels.prices.updated',
      target: { type: 'channel', id: channelId },
      details: { prices },
    });
  });
  return channelPricesOf(ctx.db, channelId);
}
