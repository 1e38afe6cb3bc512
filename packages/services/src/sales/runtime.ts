// What the sale path keeps per process: the signer with its decrypted keys, the order-number blocks,
// the payment providers, a short-lived cache of each site's catalog (the sale path reads it on every
// sale; an edit reaches every node within `catalogCacheMs`), and the capacity strategy — the
// conditional update, replaceable only so the control tests can show what its absence does.
import { sql } from 'drizzle-orm';
import { rows, type Queryable } from '@admit/db';
import type { KeyRing } from '../keys';
import { PaymentProviders } from '../payments/provider';
import { SaleCatalogCache } from './catalog-cache';
import { conditionalTake, type TakeCapacity } from './capacity';
import { OrderNumberAllocator } from './order-numbers';
import { TicketSigner } from './signing';

export type SalesRuntime = {
  signer: TicketSigner;
  orderNumbers: OrderNumberAllocator;
  payments: PaymentProviders;
  catalog: SaleCatalogCache;
  takeCapacity: TakeCapacity;
  /** Minutes an online order holds its places waiting for the payment. */
  holdMinutes: number;
  /** Data-encryption and lookup key rings for personal data on tickets and orders. */
  ring: () => { encryption: KeyRing; lookup: KeyRing };
  /** A seller's display name for the sale's answer (cached per process). */
  sellerName: (db: Queryable, userId: string) => Promise<string | null>;
};

export function createSalesRuntime(options: {
  encryption: KeyRing;
  lookup: KeyRing;
  payments?: PaymentProviders;
  catalogCacheMs?: number;
  orderNumberBlock?: number;
  holdMinutes?: number;
}): SalesRuntime {
  const sellerNames = new Map<string, string | null>();
  return {
    signer: new TicketSigner(() => options.encryption),
    orderNumbers: new OrderNumberAllocator(options.orderNumberBlock ?? 50),
    payments: options.payments ?? new PaymentProviders({}),
    catalog: new SaleCatalogCache(options.catalogCacheMs ?? 2000),
    takeCapacity: conditionalTake,
    holdMinutes: options.holdMinutes ?? 15,
    ring: () => ({ encryption: options.encryption, lookup: options.lookup }),
    sellerName: async (db, userId) => {
      let name = sellerNames.get(userId);
      if (name === undefined) {
        const [row] = await rows<{ display_name: string }>(
          db,
          sql`select display_name from users where id = ${userId}`,
        );
        name = row?.display_name ?? null;
        if (sellerNames.size > 10_000) sellerNames.clear();
        sellerNames.set(userId, name);
      }
      return name;
    },
  };
}
