// What a channel partner asks most: a site's sessions on a day with the places left for each ticket
// type it may sell, and its prices — the settlement price it pays us and the suggested retail price.
import { sql } from 'drizzle-orm';
import { rows } from '@admit/db';
import { AppError, businessDate, priceOrder, saleWindowProblem } from '@admit/domain';
import type { ServiceContext } from '../context';
import { getAvailability } from '../catalog/availability';
import type { SalesRuntime } from '../sales/runtime';
import { requireScope } from './api-keys';
import { channelPricesOf } from './channels';

export type ChannelAvailability = {
  site: { code: string; nameZh: string; nameEn: string; timeZone: string };
  date: string;
  products: {
    id: string;
    code: string;
    nameZh: string;
    nameEn: string;
    category: string;
    realName: boolean;
    /** Our price for the API channel on the date. */
    price: number;
    settlementPrice: number;
    retailPrice: number;
    onSale: boolean;
  }[];
  sessions: {
    id: string;
    startsAt: Date;
    endsAt: Date;
    remaining: number;
    products: { productId: string; remaining: number }[];
  }[];
};

export async function channelAvailability(
  ctx: ServiceContext,
  runtime: SalesRuntime,
  siteCode: string,
  date: string | undefined,
): Promise<ChannelAvailability> {
  const [site] = await rows<{ id: string }>(
    ctx.db,
    sql`select id from sites where code = ${siteCode.trim().toUpperCase()} and active`,
  );
  if (!site) throw new AppError('site_not_found');
  await requireScope(ctx, 'availability.read', site.id);
  const catalog = await runtime.catalog.get(ctx.db, site.id);
  const now = ctx.clock.now();
  const day = date ?? businessDate(now, catalog.site.timeZone);
  const channelPrices = new Map(
    ctx.actor.kind === 'api_key'
      ? (await channelPricesOf(ctx.db, ctx.actor.channelId)).map((p) => [p.productId, p])
      : [],
  );
  const products = catalog.productList.filter((p) => p.active && p.channels.includes('api'));
  const quote = priceOrder(catalog.pricing, {
    date: day,
    channel: 'api',
    quantities: products.map((p) => ({ productId: p.id, quantity: 1 })),
  });
  const sold = new Set(products.map((p) => p.id));
  const availability = await getAvailability(
    ctx.db,
    site.id,
    day,
    'api',
    ctx.actor.kind === 'api_key' ? ctx.actor.channelId : null,
  );
  return {
    site: {
      code: catalog.site.code,
      nameZh: catalog.site.nameZh,
      nameEn: catalog.site.nameEn,
      timeZone: catalog.site.timeZone,
    },
    date: day,
    products: products.map((p) => {
      const price = quote.lines.find((l) => l.productId === p.id)!.unitPrice;
      const agreed = channelPrices.get(p.id);
      return {
        id: p.id,
        code: p.code,
        nameZh: p.nameZh,
        nameEn: p.nameEn,
        category: p.category,
        realName: p.realName,
        price,
        settlementPrice: agreed?.settlementPrice ?? price,
        retailPrice: agreed?.retailPrice ?? price,
        onSale: saleWindowProblem(p, 'api', day, now, catalog.site.timeZone) === null,
      };
    }),
    sessions: availability.sessions
      .filter((s) => s.status === 'open' && s.endsAt.getTime() > now.getTime())
      .map((s) => ({
        id: s.sessionId,
        startsAt: s.startsAt,
        endsAt: s.endsAt,
        remaining: s.remaining,
        products: s.products.filter((p) => sold.has(p.productId)),
      })),
  };
}
