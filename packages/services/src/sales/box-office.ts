// What the sell screen loads for a day: the ticket types with today's box-office price and the rule
// behind it, the sessions with places left, the session to preselect, the agencies on account.
import { businessDate, priceOrder, type SalesChannel } from '@admit/domain';
import { can, requirePermission } from '../accounts/authorize';
import type { ServiceContext } from '../context';
import { getAvailability, type Availability } from '../catalog/availability';
import { loadSessions } from '../catalog/sessions';
import { listAgencies, type AgencyRecord } from './agencies';
import type { ProductRecord } from '../catalog/products';
import type { SalesRuntime } from './runtime';

export type BoxOffice = {
  site: { id: string; code: string; nameZh: string; nameEn: string; timeZone: string };
  today: string;
  date: string;
  suggestedSessionId: string | null;
  dailyRemaining: number | null;
  sessions: (Availability['sessions'][number] & { nameZh: string; nameEn: string })[];
  products: (ProductRecord & { price: number; explanation: Record<string, unknown>; bySession: boolean })[];
  agencies: AgencyRecord[];
  canApprove: boolean;
};

export async function getBoxOffice(
  ctx: ServiceContext,
  runtime: SalesRuntime,
  siteId: string,
  date?: string,
  channel: SalesChannel = 'box_office',
): Promise<BoxOffice> {
  await requirePermission(ctx, 'orders.sell', siteId);
  const catalog = await runtime.catalog.get(ctx.db, siteId);
  const now = ctx.clock.now();
  const today = businessDate(now, catalog.site.timeZone);
  const day = date ?? today;
  const availability = await getAvailability(ctx.db, siteId, day, channel);
  const named = new Map((await loadSessions(ctx.db, siteId, { from: day, to: day })).map((s) => [s.id, s]));
  const sessions = availability.sessions.map((s) => ({
    ...s,
    nameZh: named.get(s.sessionId)?.nameZh ?? '',
    nameEn: named.get(s.sessionId)?.nameEn ?? '',
  }));
  const suggested = sessions.find(
    (s) => s.status === 'open' && s.remaining > 0 && s.endsAt.getTime() > now.getTime(),
  );
  const products = catalog.productList.filter((p) => p.active && p.channels.includes(channel));
  const quote = priceOrder(catalog.pricing, {
    date: day,
    channel,
    quantities: products.map((p) => ({ productId: p.id, quantity: 1 })),
  });
  return {
    site: {
      id: catalog.site.id,
      code: catalog.site.code,
      nameZh: catalog.site.nameZh,
      nameEn: catalog.site.nameEn,
      timeZone: catalog.site.timeZone,
    },
    today,
    date: day,
    suggestedSessionId: suggested?.sessionId ?? null,
    dailyRemaining: availability.dailyRemaining,
    sessions,
    products: products.map((p) => {
      const line = quote.lines.find((l) => l.productId === p.id)!;
      return {
        ...p,
        price: line.unitPrice,
        explanation: { ...line.explanation },
        bySession: p.validity.kind === 'session',
      };
    }),
    agencies: (await listAgencies(ctx, siteId)).filter((a) => a.active),
    canApprove: can(ctx, 'orders.approve', siteId),
  };
}
