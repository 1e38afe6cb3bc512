// An area a later release builds. Honest about it: no pretend buttons.
import { Result } from 'antd';
import { useTranslation } from 'react-i18next';
import type { NavArea } from '../shell/navigation';
import { PageTitle } from '../components/PageTitle';

export function ComingSoonPage({ area }: { area: NavArea }) {
  const { t } = useTranslation();
  return (
    <>
      <PageTitle title={t(`shell.nav.items.${area}`)} />
      <Result
        status="info"
        title={t('shell.comingSoon.title')}
        subTitle={t('shell.comingSoon.description')}
      />
    </>
  );
}
