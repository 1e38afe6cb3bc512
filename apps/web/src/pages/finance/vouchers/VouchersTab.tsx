// Scaffold: replaced by the finance and reports issue.
import { useTranslation } from 'react-i18next';
import { PageTitle } from '../../../components/PageTitle';

export function VouchersTab() {
  const { t } = useTranslation();
  return <PageTitle title={t('finance.tabs.vouchers')} />;
}
