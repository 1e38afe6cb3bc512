// Whole-page states: waiting for the server, or it could not be asked.
import { Button, Result, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorText } from './errorText';

export function LoadingScreen() {
  const { t } = useTranslation();
  return (
    <div className="admit-center-screen" role="status" aria-live="polite">
      <Spin size="large" description={t('common.loading')}>
        <div className="admit-spin-placeholder" />
      </Spin>
    </div>
  );
}

export function LoadFailedScreen({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <main className="admit-center-screen">
      <Result
        status="error"
        title={<h1 className="admit-result-title">{t('common.loadFailed')}</h1>}
        subTitle={errorText(error, t)}
        extra={
          <Button type="primary" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        }
      />
    </main>
  );
}
