// The shop's waiting and failure states, inside its own column.
import { Button, Result, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../../i18n/hooks';
import { shopErrorText } from './display';

export function ShopLoading() {
  const { t } = useTranslation();
  return (
    <div className="admit-shop-section" role="status" aria-live="polite" data-testid="shop-loading">
      <Spin description={t('shop.loading')}>
        <div className="admit-status-placeholder" />
      </Spin>
    </div>
  );
}

export function ShopLoadFailed({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  return (
    <Result
      status="warning"
      title={<h1 className="admit-result-title">{t('shop.loadFailed')}</h1>}
      subTitle={<span role="alert">{shopErrorText(error, t, locale)}</span>}
      extra={
        <Button type="primary" onClick={onRetry}>
          {t('shop.retry')}
        </Button>
      }
    />
  );
}
