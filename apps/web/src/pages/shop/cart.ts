// The visitor's booking before it is sent: date, session, how many of each ticket type, the holders of
// real-name tickets, the contact phone. Pure rules — what may be bought in the chosen session, the total,
// what is still missing or wrong (the domain's identity document and mobile number checks, as at the box
// office) — and the request the shop API takes. Kept in sessionStorage so the back button loses nothing.
import {
  ageFits,
  ageOn,
  checkIdentityDocument,
  normalizeDocumentNumber,
  normalizeMobile,
  type IdentityDocumentKind,
  type IdentityProblem,
} from '@admit/domain';
import { identityDocumentKindSchema } from '@admit/contracts';
import { z } from 'zod';
import type { Locale } from '../../i18n/index';
import type { ShopOrderRequest, ShopProduct, ShopSession, ShopSite } from './shopApi';

export type HolderDraft = { name: string; documentKind: IdentityDocumentKind; documentNumber: string };

export type ShopCart = {
  /** Null until the visitor picks one: the server's suggested date applies. */
  date: string | null;
  sessionId: string | null;
  /** Tickets per ticket type (product id); absent means none. */
  quantities: Record<string, number>;
  /** Per real-name ticket type, one holder per ticket, in ticket order. */
  holders: Record<string, HolderDraft[]>;
  phone: string;
  email: string;
};

export const emptyCart: ShopCart = {
  date: null,
  sessionId: null,
  quantities: {},
  holders: {},
  phone: '',
  email: '',
};

export const emptyHolder: HolderDraft = { name: '', documentKind: 'resident_id', documentNumber: '' };

/** A session that can be booked now: not sold out, places left, not over. */
export function sessionBookable(session: ShopSession, now: Date): boolean {
  return !session.soldOut && session.remaining > 0 && new Date(session.endsAt) > now;
}

/** The chosen session if it can still be booked; the only bookable one when there is just one. */
export function chosenSession(cart: ShopCart, site: ShopSite, now: Date): ShopSession | null {
  const bookable = site.sessions.filter((session) => sessionBookable(session, now));
  const chosen = bookable.find((session) => session.id === cart.sessionId);
  if (chosen) return chosen;
  return bookable.length === 1 ? bookable[0]! : null;
}

export type Availability =
  | { available: true; max: number }
  | { available: false; reason: 'closed' | 'choose_session' | 'not_in_session' | 'sold_out' };

/** Whether a ticket type can be added in the chosen session, and up to how many. */
export function availabilityOf(
  product: ShopProduct,
  site: ShopSite,
  session: ShopSession | null,
): Availability {
  if (site.closed !== null) return { available: false, reason: 'closed' };
  let max = product.maxPerOrder;
  if (product.bySession) {
    if (session === null) {
      return { available: false, reason: site.sessions.length === 0 ? 'sold_out' : 'choose_session' };
    }
    const entry = session.products.find((p) => p.productId === product.id);
    if (!entry) return { available: false, reason: 'not_in_session' };
    max = Math.min(max, entry.remaining);
  }
  if (site.dailyRemaining !== null) max = Math.min(max, site.dailyRemaining);
  if (max <= 0 || max < product.minPerOrder) return { available: false, reason: 'sold_out' };
  return { available: true, max };
}

/** The next quantity after + or −: from none straight to the minimum per order, and back. */
export function steppedQuantity(
  current: number,
  direction: 1 | -1,
  product: Pick<ShopProduct, 'minPerOrder'>,
  max: number,
): number {
  const min = Math.max(1, product.minPerOrder);
  if (direction === 1) {
    if (current >= max) return Math.min(current, max);
    return current === 0 ? Math.min(min, max) : current + 1;
  }
  if (current > max) return max;
  return current <= min ? 0 : current - 1;
}

/** Sets a ticket type's quantity; a real-name type keeps one holder per ticket (entered ones kept). */
export function withQuantity(cart: ShopCart, product: ShopProduct, quantity: number): ShopCart {
  const quantities = { ...cart.quantities };
  if (quantity > 0) quantities[product.id] = quantity;
  else delete quantities[product.id];
  if (!product.realName) return { ...cart, quantities };
  const current = cart.holders[product.id] ?? [];
  const holders = Array.from({ length: quantity }, (_, i) => current[i] ?? emptyHolder);
  return { ...cart, quantities, holders: { ...cart.holders, [product.id]: holders } };
}

export function withHolder(
  cart: ShopCart,
  productId: string,
  index: number,
  change: Partial<HolderDraft>,
): ShopCart {
  const holders = [...(cart.holders[productId] ?? [])];
  holders[index] = { ...(holders[index] ?? emptyHolder), ...change };
  return { ...cart, holders: { ...cart.holders, [productId]: holders } };
}

export type CartLine = { product: ShopProduct; quantity: number };

/** The chosen tickets in the order the site lists its ticket types (add-ons after the tickets). */
export function cartLines(cart: ShopCart, products: readonly ShopProduct[]): CartLine[] {
  const ordered = [...products.filter((p) => !p.addon), ...products.filter((p) => p.addon)];
  return ordered
    .map((product) => ({ product, quantity: cart.quantities[product.id] ?? 0 }))
    .filter((line) => line.quantity > 0);
}

/** The total in fen at the date's online prices. */
export function cartTotal(cart: ShopCart, products: readonly ShopProduct[]): number {
  return cartLines(cart, products).reduce((sum, line) => sum + line.product.price * line.quantity, 0);
}

export type HolderProblem = IdentityProblem | 'document_required' | 'duplicate';

export type HolderCheck = {
  name: 'name_required' | null;
  number: HolderProblem | null;
  /** The holder's age on the visit date when it does not fit the ticket type's ages. */
  ageWarning: number | null;
};

export type CartProblem = 'closed' | 'empty' | 'session' | 'quantity' | 'holders' | 'phone' | 'email';

export type CartCheck = {
  problems: CartProblem[];
  /** Keyed `${productId}:${index}`. */
  holders: Map<string, HolderCheck>;
  /** Per product id: more than may be bought in the chosen session. */
  overMax: Map<string, number>;
  phone: 'phone_required' | 'phone_invalid' | null;
  email: 'email_invalid' | null;
};

const emailSchema = z.email();

/**
 * What is wrong with the cart. While typing (`submitting` false) only what is already certainly wrong
 * shows — a complete ID number with a wrong check character — not what is merely still missing.
 */
export function checkCart(
  cart: ShopCart,
  site: ShopSite,
  { now, submitting }: { now: Date; submitting: boolean },
): CartCheck {
  const problems = new Set<CartProblem>();
  const session = chosenSession(cart, site, now);
  const lines = cartLines(cart, site.products);
  const overMax = new Map<string, number>();
  if (site.closed !== null) problems.add('closed');
  if (lines.length === 0) problems.add('empty');
  if (lines.some((line) => line.product.bySession) && session === null) problems.add('session');
  for (const { product, quantity } of lines) {
    const availability = availabilityOf(product, site, session);
    const max = availability.available ? availability.max : 0;
    if (quantity > max && !(availability.available === false && availability.reason === 'choose_session')) {
      overMax.set(product.id, max);
      problems.add('quantity');
    }
  }

  const holders = new Map<string, HolderCheck>();
  const seen = new Set<string>();
  for (const { product, quantity } of lines) {
    if (!product.realName) continue;
    for (let index = 0; index < quantity; index++) {
      const holder = cart.holders[product.id]?.[index] ?? emptyHolder;
      const check = checkHolder(
        holder,
        product,
        { today: site.today, visitDate: site.date, submitting },
        seen,
      );
      holders.set(`${product.id}:${index}`, check);
      if (submitting && (check.name !== null || check.number !== null)) problems.add('holders');
    }
  }

  const phone =
    cart.phone.trim() === '' ? 'phone_required' : normalizeMobile(cart.phone) ? null : 'phone_invalid';
  const email =
    cart.email.trim() === '' || emailSchema.safeParse(cart.email.trim()).success ? null : 'email_invalid';
  if (phone !== null) problems.add('phone');
  if (email !== null) problems.add('email');
  return {
    problems: [...problems],
    holders,
    overMax,
    phone: phone === 'phone_required' && !submitting ? null : phone,
    email,
  };
}

function checkHolder(
  holder: HolderDraft,
  product: ShopProduct,
  { today, visitDate, submitting }: { today: string; visitDate: string; submitting: boolean },
  seen: Set<string>,
): HolderCheck {
  const name = holder.name.trim() === '' && submitting ? 'name_required' : null;
  const number = normalizeDocumentNumber(holder.documentNumber);
  if (number === '') return { name, number: submitting ? 'document_required' : null, ageWarning: null };
  // An ID number is judged once complete (or when sending), not while it is being typed.
  const complete = holder.documentKind !== 'resident_id' || number.length >= 18 || submitting;
  const result = checkIdentityDocument(holder.documentKind, number, today);
  if (typeof result === 'string') return { name, number: complete ? result : null, ageWarning: null };
  const key = `${holder.documentKind}:${result.number}`;
  if (seen.has(key)) return { name, number: 'duplicate', ageWarning: null };
  seen.add(key);
  if (result.birthDate === null) return { name, number: null, ageWarning: null };
  const age = ageOn(result.birthDate, visitDate);
  return { name, number: null, ageWarning: ageFits(age, product) ? null : age };
}

/** The order request for a cart that passed `checkCart` when submitting. */
export function orderRequest(cart: ShopCart, site: ShopSite, locale: Locale, now: Date): ShopOrderRequest {
  const lines = cartLines(cart, site.products);
  const session = chosenSession(cart, site, now);
  return {
    visitDate: site.date,
    sessionId: lines.some((line) => line.product.bySession) ? (session?.id ?? null) : null,
    lines: lines.map(({ product, quantity }) => ({
      productId: product.id,
      quantity,
      holders: product.realName
        ? (cart.holders[product.id] ?? []).slice(0, quantity).map((holder) => ({
            documentKind: holder.documentKind,
            documentNumber: normalizeDocumentNumber(holder.documentNumber),
            name: holder.name.trim(),
          }))
        : [],
    })),
    contactPhone: normalizeMobile(cart.phone) ?? cart.phone.trim(),
    contactEmail: cart.email.trim() === '' ? null : cart.email.trim(),
    locale,
  };
}

const holderSchema = z.object({
  name: z.string().max(60),
  documentKind: identityDocumentKindSchema,
  documentNumber: z.string().max(40),
});

const storedCartSchema = z.object({
  date: z.iso.date().nullable(),
  sessionId: z.string().nullable(),
  quantities: z.record(z.string(), z.number().int().min(0).max(50)),
  holders: z.record(z.string(), z.array(holderSchema).max(50)),
  phone: z.string().max(40),
  email: z.string().max(200),
});

const cartKey = (siteCode: string) => `admit.shop.cart.${siteCode}`;

function session(): Storage | undefined {
  try {
    return typeof window === 'undefined' ? undefined : window.sessionStorage;
  } catch {
    return undefined;
  }
}

/** The cart this tab kept for a site (lost with the tab, never shared with other tabs). */
export function loadCart(siteCode: string, storage: Storage | undefined = session()): ShopCart {
  try {
    const raw = storage?.getItem(cartKey(siteCode));
    if (!raw) return emptyCart;
    const parsed = storedCartSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : emptyCart;
  } catch {
    return emptyCart;
  }
}

export function saveCart(siteCode: string, cart: ShopCart, storage: Storage | undefined = session()): void {
  try {
    storage?.setItem(cartKey(siteCode), JSON.stringify(cart));
  } catch {
    // Storage full or blocked: the cart lasts as long as the page.
  }
}

export function clearCart(siteCode: string, storage: Storage | undefined = session()): void {
  try {
    storage?.removeItem(cartKey(siteCode));
  } catch {
    // Nothing kept.
  }
}
