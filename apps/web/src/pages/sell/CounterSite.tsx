// The site a counter works for, shared by the sell screen's neighbours (look-up, shift close, finance's
// shifts): the one remembered in this browser, else the first active one; and the picker shown in the
// page title when there is more than one.
import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { Select, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { catalogSitesQuery, type SiteView } from '../../api/catalog';
import { localized } from '../../format';
import { useLocale } from '../../i18n/hooks';
import { readStored, SITE_KEY, store } from './storage';

export type CounterSite = {
  sites: UseQueryResult<SiteView[]>;
  list: SiteView[];
  site: SiteView | undefined;
  choose: (siteId: string) => void;
};

export function useCounterSite(): CounterSite {
  const sites = useQuery(catalogSitesQuery);
  const [chosen, setChosen] = useState<string | null>(() => readStored(SITE_KEY));
  const list = (sites.data ?? []).filter((candidate) => candidate.active);
  const site = list.find((candidate) => candidate.id === chosen) ?? list[0];
  return {
    sites,
    list,
    site,
    choose: (siteId) => {
      setChosen(siteId);
      store(SITE_KEY, siteId);
    },
  };
}

/** The site picker for a page title; nothing when there is only one site. */
export function CounterSiteSelect({ counter, id }: { counter: CounterSite; id: string }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  if (counter.list.length <= 1) return null;
  return (
    <Space wrap>
      <label htmlFor={id} className="admit-inline-label">
        {t('afterSale.site')}
      </label>
      <Select
        id={id}
        data-testid={id}
        className="admit-site-picker"
        showSearch={{ optionFilterProp: 'label' }}
        value={counter.site?.id}
        onChange={(siteId: string) => counter.choose(siteId)}
        options={counter.list.map((candidate) => ({
          value: candidate.id,
          label: `${localized(locale, candidate.nameZh, candidate.nameEn)} (${candidate.code})`,
        }))}
      />
    </Space>
  );
}
