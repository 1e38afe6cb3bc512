// The catalog area (票务配置): pick a site (remembered for the next visit), then one tab per part of its
// configuration. Each tab is its own address (/catalog/products…) so it can be bookmarked and reached
// with the browser's back button; the tabs read the chosen site from the outlet context.
import { useQuery } from '@tanstack/react-query';
import { Button, Empty, Select, Space, Tabs } from 'antd';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { catalogSitesQuery, type SiteView } from '../../api/catalog';
import { usePermission } from '../../auth/session';
import { PageTitle } from '../../components/PageTitle';
import { localized } from '../../format';
import { useLocale } from '../../i18n/hooks';
import type { CatalogContext } from './context';
import { Loading, LoadError } from './QueryStates';
import { SiteFormDrawer } from './site/SiteFormDrawer';

export const CATALOG_TABS = ['site', 'gates', 'products', 'prices', 'sessions', 'shop', 'explainer'] as const;
export type CatalogTab = (typeof CATALOG_TABS)[number];

function tabLabel(t: TFunction, tab: CatalogTab): string {
  // The online shop's texts live with the rest of its admin screens.
  return tab === 'shop' ? t('shopAdmin.tab') : t(`catalog.tabs.${tab}`);
}

const SITE_STORAGE_KEY = 'admit.catalog.site';

function storedSiteId(): string | null {
  try {
    return window.localStorage.getItem(SITE_STORAGE_KEY);
  } catch {
    return null;
  }
}

function storeSiteId(siteId: string): void {
  try {
    window.localStorage.setItem(SITE_STORAGE_KEY, siteId);
  } catch {
    // Private browsing: the choice holds until the page is reloaded.
  }
}

export function CatalogPage() {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const location = useLocation();
  const navigate = useNavigate();
  const canWrite = usePermission('catalog.write');
  const sites = useQuery(catalogSitesQuery);
  const [chosenId, setChosenId] = useState<string | null>(storedSiteId);
  const [creating, setCreating] = useState(false);

  const list = sites.data ?? [];
  // A remembered site that is gone (or none chosen yet): the first one stands in.
  const site: SiteView | undefined = list.find((candidate) => candidate.id === chosenId) ?? list[0];
  const tab = CATALOG_TABS.find((key) => location.pathname.startsWith(`/catalog/${key}`)) ?? 'site';

  const choose = (siteId: string) => {
    setChosenId(siteId);
    storeSiteId(siteId);
  };

  const newSiteButton = canWrite ? (
    <Button onClick={() => setCreating(true)} data-testid="new-site">
      {t('catalog.site.new')}
    </Button>
  ) : null;

  let body;
  if (sites.isPending) body = <Loading />;
  else if (sites.isError) body = <LoadError error={sites.error} onRetry={() => void sites.refetch()} />;
  else if (site === undefined) body = <Empty description={t('catalog.site.none')}>{newSiteButton}</Empty>;
  else {
    const context: CatalogContext = { site, canWrite };
    body = (
      <>
        <Tabs
          activeKey={tab}
          onChange={(key) => void navigate(`/catalog/${key}`)}
          items={CATALOG_TABS.map((key) => ({ key, label: tabLabel(t, key) }))}
        />
        {/* A fresh subtree per site: nothing typed for one site shows up for the next. */}
        <Outlet key={site.id} context={context} />
      </>
    );
  }

  return (
    <>
      <PageTitle
        title={t('shell.nav.items.catalog')}
        extra={
          list.length > 0 ? (
            <Space wrap>
              <label htmlFor="catalog-site" className="admit-inline-label">
                {t('catalog.site.label')}
              </label>
              <Select
                id="catalog-site"
                data-testid="catalog-site"
                className="admit-site-picker"
                showSearch={{ optionFilterProp: 'label' }}
                value={site?.id}
                onChange={choose}
                options={list.map((candidate) => ({
                  value: candidate.id,
                  label: `${localized(locale, candidate.nameZh, candidate.nameEn)} (${candidate.code})`,
                }))}
              />
              {newSiteButton}
            </Space>
          ) : undefined
        }
      />
      {body}
      <SiteFormDrawer
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(created) => {
          setCreating(false);
          choose(created.id);
          void navigate('/catalog/site');
        }}
      />
    </>
  );
}
