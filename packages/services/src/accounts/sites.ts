// The sites a user can pick when granting roles; the catalog issue adds the rest of site management.
import { asc } from 'drizzle-orm';
import { sites } from '@admit/db';
import type { ServiceContext } from '../context';
import { requireUser } from './authorize';

export async function listSites(ctx: ServiceContext) {
  requireUser(ctx);
  return ctx.db
    .select({
      id: sites.id,
      code: sites.code,
      nameZh: sites.nameZh,
      nameEn: sites.nameEn,
      timeZone: sites.timeZone,
    })
    .from(sites)
    .orderBy(asc(sites.code));
}
