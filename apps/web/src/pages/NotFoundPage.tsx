// Any path the app does not know (the server falls back to index.html for client-side routes).
import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { LocaleSwitch } from '../components/LocaleSwitch';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <main className="admit-not-found">
      <Result
        status="404"
        title={<h1 className="admit-not-found-title">{t('notFound.title')}</h1>}
        subTitle={t('notFound.description')}
        extra={[
          <Button key="home" type="primary" href="/">
            {t('notFound.backHome')}
          </Button>,
          <LocaleSwitch key="locale" />,
        ]}
      />
    </main>
  );
}
