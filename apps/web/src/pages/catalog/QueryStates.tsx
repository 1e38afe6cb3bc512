// Waiting for, or failing to get, what a catalog tab shows.
import { Button, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../components/errorText';

export function Loading() {
  const { t } = useTranslation();
  return (
    <Spin description={t('common.loading')}>
      <div className="admit-spin-placeholder" />
    </Spin>
  );
}

export function LoadError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <Typography.Paragraph type="danger" role="alert">
      {errorText(error, t)}{' '}
      <Button size="small" onClick={onRetry}>
        {t('common.retry')}
      </Button>
    </Typography.Paragraph>
  );
}
