// A page about one site: the title with a site picker (when the user may see more than one; the choice
// is remembered in this browser under `storageKey`), the loading and error states of the site list,
// and the page's body for the chosen site — remounted per site, so nothing of one carries to another.
import { useQuery } from '@tanstack/react-query';
import { Empty, Select, Space } from 'antd';
import { useState, type ReactNode } from 'react';
import { catalogSitesQuery, type SiteView } from '../api/catalog';
import { localized } from '../format';
import { useLocale } from '../i18n/hooks';
import { Loading, LoadError } from '../pages/catalog/QueryStates';
import { readStored, store } from '../pages/sell/storage';
import { PageTitle } from './PageTitle';

export function SitePage({
  title,
  intro,
  storageKey,
  pickerId,
  pickerLabel,
  noSites,
  children,
}: {
  title: string;
  intro?: ReactNode;
  storageKey: string;
  /** The picker's id and test id. */
  pickerId: string;
  pickerLabel: string;
  noSites: string;
  /** The body for the chosen site. */
  children: (site: SiteView) => ReactNode;
}) {
  const { locale } = useLocale();
  const sites = useQuery(catalogSitesQuery);
  const [chosen, setChosen] = useState<string | null>(() => readStored(storageKey));
  const list = (sites.data ?? []).filter((candidate) => candidate.active);
  const site = list.find((candidate) => candidate.id === chosen) ?? list[0];

  let body;
  if (sites.isPending) body = <Loading />;
  else if (sites.isError) body = <LoadError error={sites.error} onRetry={() => void sites.refetch()} />;
  else if (site === undefined) body = <Empty description={noSites} />;
  else body = children(site);

  return (
    <>
      <PageTitle
        title={title}
        extra={
          list.length > 1 ? (
            <Space wrap>
              <label htmlFor={pickerId} className="admit-inline-label">
                {pickerLabel}
              </label>
              <Select
                id={pickerId}
                data-testid={pickerId}
                className="admit-site-picker"
                showSearch={{ optionFilterProp: 'label' }}
                value={site?.id}
                onChange={(siteId: string) => {
                  setChosen(siteId);
                  store(storageKey, siteId);
                }}
                options={list.map((candidate) => ({
                  value: candidate.id,
                  label: `${localized(locale, candidate.nameZh, candidate.nameEn)} (${candidate.code})`,
                }))}
              />
            </Space>
          ) : undefined
        }
      >
        {intro}
      </PageTitle>
      {body}
    </>
  );
}
