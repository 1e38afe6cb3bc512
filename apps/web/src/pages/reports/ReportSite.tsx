// The sites the reports cover: one site, or all of them added up when the user may see more than one
// (the server then covers every site where they may read reports). The choice is remembered in this
// browser; without one, a user of several sites starts with all of them.
import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { Select, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { catalogSitesQuery, type SiteView } from '../../api/catalog';
import { localized } from '../../format';
import { useLocale } from '../../i18n/hooks';
import { readStored, store } from '../sell/storage';

const SITE_KEY = 'admit.reports.site';
const ALL = 'all';

export type ReportSite = {
  sites: UseQueryResult<SiteView[]>;
  list: SiteView[];
  /** undefined: all the user's sites. */
  siteId: string | undefined;
  site: SiteView | undefined;
  /** The zone whose calendar "today" and the default dates follow: the site's, or the first site's. */
  timeZone: string;
  choose: (siteId: string | undefined) => void;
};

export function useReportSite(): ReportSite {
  const sites = useQuery(catalogSitesQuery);
  const [chosen, setChosen] = useState<string | null>(() => readStored(SITE_KEY));
  const list = (sites.data ?? []).filter((candidate) => candidate.active);
  const site =
    list.length === 1 ? list[0] : list.find((candidate) => candidate.id === chosen && chosen !== ALL);
  return {
    sites,
    list,
    siteId: site?.id,
    site,
    timeZone: site?.timeZone ?? list[0]?.timeZone ?? 'Asia/Shanghai',
    choose: (siteId) => {
      setChosen(siteId ?? ALL);
      store(SITE_KEY, siteId ?? ALL);
    },
  };
}

/** The picker for the page title; nothing when the user sees one site only. */
export function ReportSiteSelect({ reportSite }: { reportSite: ReportSite }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  if (reportSite.list.length <= 1) return null;
  return (
    <Space wrap>
      <label htmlFor="reports-site" className="admit-inline-label">
        {t('reports.site')}
      </label>
      <Select
        id="reports-site"
        data-testid="reports-site"
        className="admit-site-picker"
        showSearch={{ optionFilterProp: 'label' }}
        value={reportSite.siteId ?? ALL}
        onChange={(value: string) => reportSite.choose(value === ALL ? undefined : value)}
        options={[
          { value: ALL, label: t('reports.allSites') },
          ...reportSite.list.map((candidate) => ({
            value: candidate.id,
            label: `${localized(locale, candidate.nameZh, candidate.nameEn)} (${candidate.code})`,
          })),
        ]}
      />
    </Space>
  );
}
