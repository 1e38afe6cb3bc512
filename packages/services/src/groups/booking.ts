// Booking a tour group: the agency uploads its name list for a date and session and sees a preview —
// the valid rows, every bad row with its column and problem, and the price (visitors at the group
// ticket type's price, guides and drivers on the rule's guide ticket type with its free places) —
// then confirms, with the bad rows left out if it chooses. Nothing is kept between the two: the
// confirmation sends the same file and the list is read and checked again, so what is booked is
// exactly what the checks passed (and no personal data waits in a draft table).
//
// The booking is one sale through `sellTickets` (terminal TG, paid on the agency's account at its
// credit limit, real-name holders from the list) made as the system actor — an agency's clerk sells
// nothing at a counter, `groups.book` is what they were checked for — inside the same transaction as
// the group, its members (documents encrypted, found by keyed hash like tickets' holders), the group
// code and the audit row: a group never exists without its order, nor an order without its group.
import { randomInt } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { newId, rows } from '@admit/db';
import {
  AppError,
  businessDate,
  checkNameList,
  groupCodeFrom,
  groupSaleLines,
  maskDocument,
  nameListMessages,
  priceOrder,
  type Explanation,
  type Locale,
  type MemberRole,
  type NameListMember,
  type NameListResult,
} from '@admit/domain';
import { inTransaction, type ServiceContext } from '../context';
import { recordAudit } from '../audit/record';
import { encryptPii, piiLookup } from '../pii';
import type { SalesRuntime } from '../sales/runtime';
import type { SaleCatalog } from '../sales/catalog-cache';
import { sellTickets, type SaleInput } from '../sales/sell';
import { agencyForBooking, linkedAgency, visibleAgency } from './access';
import { requirePermission } from '../accounts/authorize';
import { getAvailability } from '../catalog/availability';
import { loadSessions } from '../catalog/sessions';
import { readNameListFile } from './files';
import { loadGroup, type GroupView } from './queries';

/** The order-number terminal of group bookings (SITE-YYMMDD-TG-NNNN). */
export const groupTerminal = 'TG';

export type GroupBookingInput = {
  /** Back-office staff name the agency; a portal user's own agency is used (null). */
  agencyId: string | null;
  visitDate: string;
  sessionId: string | null;
  /** The agency's name for the group. */
  name: string;
  /** The group ticket type, when the site has more than one group rule. */
  productId: string | null;
  file: Buffer;
};

export type GroupPreview = {
  agencyId: string;
  members: {
    row: number;
    serial: string;
    name: string;
    role: MemberRole;
    documentKind: string;
    document: string;
  }[];
  errors: (NameListResult['errors'][number] & { message: string })[];
  problems: (NameListResult['problems'][number] & { message: string })[];
  counts: { visitors: number; guides: number; drivers: number };
  quote: {
    productId: string;
    productNameZh: string;
    productNameEn: string;
    quantity: number;
    unitPrice: number;
    amount: number;
    explanation: Explanation;
  }[];
  total: number;
  /** The agency's balance plus credit limit now (what the booking may draw on). */
  available: number;
};

type Prepared = {
  agencyId: string;
  catalog: SaleCatalog;
  checked: NameListResult;
  rule: { groupProductId: string; guideProductId: string | null };
  preview: GroupPreview;
};

async function prepare(
  ctx: ServiceContext,
  runtime: SalesRuntime,
  siteId: string,
  input: GroupBookingInput,
): Promise<Prepared> {
  const agencyId = await agencyForBooking(ctx, siteId, input.agencyId);
  const catalog = await runtime.catalog.get(ctx.db, siteId);
  const today = businessDate(ctx.clock.now(), catalog.site.timeZone);
  const checked = checkNameList(await readNameListFile(input.file), today);

  const rules = catalog.pricing.groupRules.filter((g) => {
    const product = catalog.products.get(g.productId);
    return product?.active && (input.productId === null || g.productId === input.productId);
  });
  const groupRule = rules[0];
  if (!groupRule) throw new AppError('group_rule_missing', { details: { productId: input.productId } });
  const rule = { groupProductId: groupRule.productId, guideProductId: groupRule.guideProductId };

  const lines = groupSaleLines(checked.members, rule);
  const quote = priceOrder(catalog.pricing, {
    date: input.visitDate,
    channel: 'box_office',
    quantities: lines.map((l) => ({ productId: l.productId, quantity: l.members.length })),
  });
  const [agency] = await rows<{ available: number }>(
    ctx.db,
    sql`select (balance + credit_limit)::int8 as available from agencies where id = ${agencyId}`,
  );
  const locale: Locale = ctx.locale;
  const count = (role: MemberRole) => checked.members.filter((m) => m.role === role).length;
  return {
    agencyId,
    catalog,
    checked,
    rule,
    preview: {
      agencyId,
      members: checked.members.map((m) => ({
        row: m.row,
        serial: m.serial,
        name: m.name,
        role: m.role,
        documentKind: m.documentKind,
        document: maskDocument(m.documentNumber),
      })),
      errors: checked.errors.map((e) => ({ ...e, message: nameListMessages[e.code][locale] })),
      problems: checked.problems.map((p) => ({ ...p, message: nameListMessages[p.code][locale] })),
      counts: { visitors: count('visitor'), guides: count('guide'), drivers: count('driver') },
      quote: quote.lines.map((l) => {
        const product = catalog.products.get(l.productId)!;
        return {
          productId: l.productId,
          productNameZh: product.nameZh,
          productNameEn: product.nameEn,
          quantity: l.quantity,
          unitPrice: l.unitPrice,
          amount: l.amount,
          explanation: l.explanation,
        };
      }),
      total: quote.total,
      available: Number(agency?.available ?? 0),
    },
  };
}

/** Reads and checks the list and prices it; changes nothing. */
export async function previewGroupBooking(
  ctx: ServiceContext,
  runtime: SalesRuntime,
  siteId: string,
  input: GroupBookingInput,
): Promise<GroupPreview> {
  return (await prepare(ctx, runtime, siteId, input)).preview;
}

function uniqueViolation(error: unknown, constraint: string): boolean {
  for (
    let e = error as { code?: string; constraint?: string; cause?: unknown } | undefined;
    e;
    e = e.cause as typeof e
  )
    if (
      e.code === '23505' &&
      (e.constraint === constraint || String((e as Error).message ?? '').includes(constraint))
    )
      return true;
  return false;
}

/**
 * Books the group with the list's valid rows. Refused while the list as a whole cannot be used, and
 * while some rows are bad unless `acceptErrors` (the agency goes ahead without them).
 */
export async function bookGroup(
  ctx: ServiceContext,
  runtime: SalesRuntime,
  siteId: string,
  input: GroupBookingInput & { acceptErrors: boolean },
): Promise<GroupView> {
  const { agencyId, catalog, checked, rule, preview } = await prepare(ctx, runtime, siteId, input);
  if (checked.problems.length > 0 || checked.members.length === 0)
    throw new AppError('group_list_invalid', { details: { problems: preview.problems } });
  if (checked.errors.length > 0 && !input.acceptErrors)
    throw new AppError('group_list_has_errors', { details: { errors: preview.errors } });

  // Sale lines: visitors, then guides and drivers (guides first, so the free places are theirs first).
  const saleLines: { productId: string; members: NameListMember[]; reason: string }[] = [];
  for (const line of groupSaleLines(checked.members, rule)) {
    if (line.role === 'visitor')
      saleLines.push({ productId: line.productId, members: line.members, reason: '' });
    else
      for (const role of ['guide', 'driver'] as const) {
        const members = line.members.filter((m) => m.role === role);
        if (members.length > 0) saleLines.push({ productId: line.productId, members, reason: role });
      }
  }
  const guide = checked.members.find((m) => m.role === 'guide')!;
  const sale: SaleInput = {
    visitDate: input.visitDate,
    sessionId: input.sessionId,
    terminal: groupTerminal,
    channel: 'box_office',
    lines: saleLines.map((l) => {
      const product = catalog.products.get(l.productId)!;
      return {
        productId: l.productId,
        quantity: l.members.length,
        holders: l.members.map((m) => ({
          documentKind: m.documentKind,
          documentNumber: m.documentNumber,
          name: m.name,
        })),
        // A guide ticket type asks for the guide's card; drivers travel on it too (the reason says so).
        discountDocument: product.requiredDocuments[0] ?? null,
        discountReason: l.reason,
      };
    }),
    payments: preview.total === 0 ? [] : [{ method: 'on_account', amount: preview.total, agencyId }],
    guide: { name: guide.name, licence: guide.guideLicence ?? '' },
    approval: null,
    contactPhone: '',
  };

  const rings = runtime.ring();
  const now = ctx.clock.now();
  const bookedBy = ctx.actor.kind === 'user' ? ctx.actor.userId : null;
  const groupId = await inTransaction(ctx, async (tx) => {
    const sold = await sellTickets(
      { ...tx, actor: { kind: 'system', name: 'groups.booking' } },
      runtime,
      siteId,
      sale,
    );
    const order = sold.order;
    const groupId = newId(now.getTime());
    const counts = preview.counts;
    for (let attempt = 0; ; attempt++) {
      const code = groupCodeFrom(String(randomInt(0, 10_000_000)).padStart(7, '0'));
      try {
        await inTransaction(tx, (inner) =>
          inner.db.execute(
            sql`insert into tour_groups (id, site_id, agency_id, code, name, visit_date, session_id, order_id, product_id,
                                         visitors, guides, drivers, status, booked_by, created_at, updated_at)
                values (${groupId}, ${siteId}, ${agencyId}, ${code}, ${input.name.trim()}, ${input.visitDate},
                        ${input.sessionId}, ${order.id}, ${rule.groupProductId}, ${counts.visitors}, ${counts.guides},
                        ${counts.drivers}, 'booked', ${bookedBy}, ${now}, ${now})`,
          ),
        );
        break;
      } catch (error) {
        if (attempt < 5 && uniqueViolation(error, 'tour_groups_code_uq')) continue;
        throw error;
      }
    }
    // Tickets come back in the order of the sale's lines and holders: the same order as the members.
    const members = saleLines.flatMap((l) => l.members);
    const values = members.map((m, i) => {
      const ticket = order.tickets[i]!;
      return sql`(${newId(now.getTime())}, ${groupId}, ${m.row}, ${m.name}, ${m.role}, ${m.documentKind},
                  ${encryptPii(rings.encryption, m.documentNumber)}, ${piiLookup(rings.lookup, m.documentNumber)},
                  ${ticket.id}, ${now})`;
    });
    await tx.db.execute(
      sql`insert into tour_group_members (id, group_id, row_number, name, role, document_kind, document_encrypted,
                                          document_lookup, ticket_id, created_at)
          values ${sql.join(values, sql`, `)}`,
    );
    await recordAudit(tx, {
      action: 'groups.group.booked',
      siteId,
      target: { type: 'tour_group', id: groupId },
      details: {
        agencyId,
        orderId: order.id,
        orderNumber: order.number,
        visitDate: input.visitDate,
        sessionId: input.sessionId,
        ...counts,
        rowsLeftOut: [...new Set(checked.errors.map((e) => e.row))].length,
        total: preview.total,
      },
    });
    return groupId;
  });
  return loadGroup(ctx, runtime, siteId, groupId, { skipAccessCheck: true });
}

export type GroupBookingOptions = {
  timeZone: string;
  today: string;
  date: string;
  agency: { id: string; code: string; name: string; available: number } | null;
  agencies: { id: string; code: string; name: string; available: number }[];
  sessions: { id: string; startsAt: Date; endsAt: Date; nameZh: string; nameEn: string; remaining: number }[];
};

/**
 * What the booking form offers for a date: the agency (a portal user's own; staff choose from the
 * site's active agencies), and the open sessions selling the group ticket type with places left.
 */
export async function groupBookingOptions(
  ctx: ServiceContext,
  runtime: SalesRuntime,
  siteId: string,
  date: string | null,
): Promise<GroupBookingOptions> {
  await requirePermission(ctx, 'groups.book', siteId);
  const linked = await linkedAgency(ctx);
  if (linked && linked.siteId !== siteId) throw new AppError('agency_not_found');
  // Someone who may only book (no selling, reading orders or admitting) books for their own agency:
  // unlinked, they see no agency's credit (visibleAgency refuses them the same way).
  if (!linked) await visibleAgency(ctx, siteId);
  const catalog = await runtime.catalog.get(ctx.db, siteId);
  const now = ctx.clock.now();
  const today = businessDate(now, catalog.site.timeZone);
  const day = date ?? today;
  const agencies = await rows<{ id: string; code: string; name: string; available: number }>(
    ctx.db,
    sql`select id, code, name, (balance + credit_limit)::int8 as available from agencies
        where site_id = ${siteId} and active ${linked ? sql`and id = ${linked.agencyId}` : sql``}
        order by code`,
  );
  const present = (a: (typeof agencies)[number]) => ({ ...a, available: Number(a.available) });
  const groupProducts = new Set(catalog.pricing.groupRules.map((g) => g.productId));
  const availability = await getAvailability(ctx.db, siteId, day, 'box_office');
  const named = new Map((await loadSessions(ctx.db, siteId, { from: day, to: day })).map((s) => [s.id, s]));
  return {
    timeZone: catalog.site.timeZone,
    today,
    date: day,
    agency: linked ? (agencies[0] ? present(agencies[0]) : null) : null,
    agencies: linked ? [] : agencies.map(present),
    sessions: availability.sessions
      .filter(
        (s) =>
          s.status === 'open' &&
          s.endsAt.getTime() > now.getTime() &&
          s.products.some((p) => groupProducts.has(p.productId)),
      )
      .map((s) => ({
        id: s.sessionId,
        startsAt: s.startsAt,
        endsAt: s.endsAt,
        nameZh: named.get(s.sessionId)?.nameZh ?? '',
        nameEn: named.get(s.sessionId)?.nameEn ?? '',
        remaining: Math.min(
          s.remaining,
          ...s.products.filter((p) => groupProducts.has(p.productId)).map((p) => p.remaining),
        ),
      })),
  };
}
