// What every catalog tab gets from the catalog page: the chosen site and whether the user may change it.
import { useOutletContext } from 'react-router';
import type { SiteView } from '../../api/catalog';

export type CatalogContext = { site: SiteView; canWrite: boolean };

export function useCatalog(): CatalogContext {
  return useOutletContext<CatalogContext>();
}
