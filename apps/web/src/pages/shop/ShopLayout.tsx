// The public shop's frame (/shop/*): not the admin shell and no login. A slim header — the shop's name
// back to the list of sites, "find my order", the language — over one narrow column.
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet } from 'react-router';
import { LocaleSwitch } from '../../components/LocaleSwitch';
import './shop.css';

export function ShopLayout() {
  const { t } = useTranslation();
  return (
    <div className="admit-shop">
      <a className="admit-skip-link" href="#shop-main">
        {t('app.skipToContent')}
      </a>
      <header className="admit-shop-header">
        <nav className="admit-shop-header-inner" aria-label={t('shop.nav')}>
          <Link to="/shop" className="admit-shop-brand" data-testid="shop-home">
            {t('shop.brand')}
          </Link>
          <Link to="/shop/lookup" className="admit-shop-header-link" data-testid="shop-lookup-link">
            {t('shop.lookupLink')}
          </Link>
          <LocaleSwitch />
        </nav>
      </header>
      <main id="shop-main" className="admit-shop-main" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}

/** The browser tab's title for a shop page, in the current language. */
export function useShopTitle(name: string | null): void {
  const { t, i18n } = useTranslation();
  useEffect(() => {
    document.title = t('shop.documentTitle', { name: name ?? t('shop.brand') });
  }, [t, name, i18n.language]);
}
