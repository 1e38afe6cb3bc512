// "Users & roles": one area with two tabs, each its own address (/users, /roles) so both can be
// bookmarked and reached with the browser's back button.
import { Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { PageTitle } from '../../components/PageTitle';

export function AccessPage() {
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const active = location.pathname.startsWith('/roles') ? '/roles' : '/users';
  return (
    <>
      <PageTitle title={t('shell.nav.items.users')} />
      <Tabs
        activeKey={active}
        onChange={(key) => void navigate(key)}
        items={[
          { key: '/users', label: t('users.tab') },
          { key: '/roles', label: t('roles.tab') },
        ]}
      />
      <Outlet />
    </>
  );
}
