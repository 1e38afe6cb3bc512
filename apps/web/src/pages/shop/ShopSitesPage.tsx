// /shop — the sites selling online, as cards; with a single site the visitor goes straight to it.
import { useQuery } from '@tanstack/react-query';
import { Empty } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, Navigate } from 'react-router';
import { localized } from '../../format';
import { useLocale } from '../../i18n/hooks';
import { useShopTitle } from './ShopLayout';
import { ShopLoadFailed, ShopLoading } from './ShopStatus';
import { shopSitesQuery } from './shopApi';

export function ShopSitesPage() {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { data, error, refetch } = useQuery(shopSitesQuery);
  useShopTitle(null);

  if (error) return <ShopLoadFailed error={error} onRetry={() => void refetch()} />;
  if (!data) return <ShopLoading />;
  const [only] = data.sites;
  if (data.sites.length === 1 && only) {
    return <Navigate to={`/shop/${encodeURIComponent(only.code)}`} replace />;
  }
  return (
    <>
      <h1>{t('shop.sites.title')}</h1>
      {data.sites.length === 0 ? (
        <Empty description={t('shop.sites.empty')} />
      ) : (
        <ul className="admit-shop-site-list">
          {data.sites.map((site) => (
            <li key={site.code}>
              <Link
                to={`/shop/${encodeURIComponent(site.code)}`}
                className="admit-shop-site"
                data-testid={`shop-site-${site.code}`}
              >
                <h2>{localized(locale, site.nameZh, site.nameEn)}</h2>
                <div className="admit-shop-muted admit-shop-small">
                  {localized(locale, site.addressZh, site.addressEn)}
                </div>
                <div className="admit-shop-price">{t('shop.sites.book')} ›</div>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
