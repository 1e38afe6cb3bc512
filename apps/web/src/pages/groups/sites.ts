// The sites a user works at for groups: those of their site-scoped grants (an agency's portal user
// sees no catalog), or every site when a grant covers all sites (back-office staff).
import { useQuery } from '@tanstack/react-query';
import { catalogSitesQuery } from '../../api/catalog';
import { useMe } from '../../auth/session';

export type GroupSite = { id: string; nameZh: string; nameEn: string };

export function useGroupSites(): { sites: GroupSite[]; pending: boolean } {
  const me = useMe();
  const global = (me?.grants ?? []).some((g) => g.siteId === null);
  const all = useQuery({ ...catalogSitesQuery, enabled: global });
  if (global) return { sites: all.data ?? [], pending: all.isPending };
  const seen = new Map<string, GroupSite>();
  for (const g of me?.grants ?? [])
    if (g.siteId && !seen.has(g.siteId))
      seen.set(g.siteId, { id: g.siteId, nameZh: g.siteNameZh ?? '', nameEn: g.siteNameEn ?? '' });
  return { sites: [...seen.values()], pending: false };
}
