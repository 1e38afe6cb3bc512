// Order numbers without a hot counter on the sale path (DESIGN.md): each app process leases a block of
// sequence numbers per (site, business day, terminal) with one short statement of its own, outside the
// sale's transaction, and hands numbers out from memory. A process that stops leaves a gap; the
// orders' unique index is the guard.
import { sql } from 'drizzle-orm';
import { rows, type Queryable } from '@admit/db';
import { formatOrderNumber } from '@admit/domain';

type Block = { next: number; end: number };

export class OrderNumberAllocator {
  private readonly blocks = new Map<string, Block>();
  private readonly leasing = new Map<string, Promise<Block>>();

  constructor(private readonly blockSize = 50) {}

  async next(
    db: Queryable,
    site: { id: string; orderCode: string },
    businessDate: string,
    terminal: string,
  ): Promise<string> {
    const key = `${site.id}:${businessDate}:${terminal}`;
    for (;;) {
      const block = this.blocks.get(key);
      if (block && block.next < block.end) {
        const sequence = block.next++;
        return formatOrderNumber({ siteCode: site.orderCode, businessDate, terminal, sequence });
      }
      let pending = this.leasing.get(key);
      if (!pending) {
        pending = this.lease(db, site.id, businessDate, terminal).finally(() => this.leasing.delete(key));
        this.leasing.set(key, pending);
      }
      const leased = await pending;
      const current = this.blocks.get(key);
      if (!current || current.next >= current.end) this.blocks.set(key, leased);
    }
  }

  private async lease(db: Queryable, siteId: string, businessDate: string, terminal: string): Promise<Block> {
    const [row] = await rows<{ start: number }>(
      db,
      sql`insert into order_number_blocks (site_id, business_date, terminal, next_start)
          values (${siteId}, ${businessDate}, ${terminal}, ${1 + this.blockSize})
          on conflict (site_id, business_date, terminal)
            do update set next_start = order_number_blocks.next_start + ${this.blockSize}
          returning next_start - ${this.blockSize} as start`,
    );
    const start = Number(row!.start);
    return { next: start, end: start + this.blockSize };
  }
}
