// Scaffold: replaced by the finance and reports issue.
import { useTranslation } from 'react-i18next';
import { PageTitle } from '../../../components/PageTitle';

export function AccountsTab() {
  const { t } = useTranslation();
  return <PageTitle title={t('finance.tabs.accounts')} />;
}
