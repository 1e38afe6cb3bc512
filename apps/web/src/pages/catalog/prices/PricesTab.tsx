// Prices: the price versions with their rules, group rules, the site's peak dates and seasons, and the
// national holiday calendar. Which rule wins on a given day is shown by the price explainer tab.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { productsQuery } from '../../../api/catalog';
import { useCatalog } from '../context';
import { Loading, LoadError } from '../QueryStates';
import { CalendarCard } from './CalendarCard';
import { GroupRulesCard } from './GroupRulesCard';
import { HolidayImportCard } from './HolidayImportCard';
import { PriceVersionsCard } from './PriceVersionsCard';

export function PricesTab() {
  const { t } = useTranslation();
  const { site, canWrite } = useCatalog();
  const products = useQuery(productsQuery(site.id));
  if (products.isPending) return <Loading />;
  if (products.isError) return <LoadError error={products.error} onRetry={() => void products.refetch()} />;
  return (
    <section aria-label={t('catalog.tabs.prices')} className="admit-stack">
      <PriceVersionsCard site={site} products={products.data} canWrite={canWrite} />
      <GroupRulesCard site={site} products={products.data} canWrite={canWrite} />
      <div className="admit-catalog-columns">
        <CalendarCard site={site} canWrite={canWrite} />
        {canWrite ? <HolidayImportCard /> : null}
      </div>
    </section>
  );
}
