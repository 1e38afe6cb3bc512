// The logged-in frame: side navigation filtered by the user's permissions, a header with the user,
// language, shortcuts help and logout, and the current page.
import { Button, Layout, Menu, Space, Typography, type MenuProps } from 'antd';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { pathWithNext } from '../auth/redirect';
import type { MeResponse } from '../auth/session';
import { useLogout } from '../auth/useLogout';
import { LocaleSwitch } from '../components/LocaleSwitch';
import { activeNavItem, navShortcutDigit, visibleNavItems } from './navigation';
import { ShortcutHelp } from './ShortcutHelp';

export function AppShell({ me }: { me: MeResponse }) {
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const { logout, pending } = useLogout();
  const items = useMemo(() => visibleNavItems(me.permissions), [me.permissions]);
  const selected = activeNavItem(location.pathname)?.path ?? (location.pathname === '/' ? '/' : undefined);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const digit = navShortcutDigit(event);
      if (digit === undefined || event.repeat) return;
      const item = items.find((candidate) => candidate.shortcut === digit);
      if (item === undefined) return;
      event.preventDefault();
      void navigate(item.path);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [items, navigate]);

  // Move focus to the new page's content so screen readers and keyboard users start there.
  useEffect(() => {
    document.getElementById('main')?.focus({ preventScroll: true });
  }, [location.pathname]);

  const menuItems: MenuProps['items'] = items.map((item) => {
    const label = t(`shell.nav.items.${item.area}`);
    const shortcut = item.shortcut === null ? undefined : `Alt+${item.shortcut}`;
    return {
      key: item.path,
      label: (
        <Link
          to={item.path}
          title={shortcut === undefined ? undefined : t('shell.shortcuts.navHint', { shortcut })}
          aria-keyshortcuts={shortcut}
          data-testid={`nav-${item.area}`}
          className="admit-nav-link"
        >
          <span className="admit-nav-label">{label}</span>
          {shortcut === undefined ? null : (
            <kbd className="admit-nav-kbd" aria-hidden="true">
              {shortcut}
            </kbd>
          )}
        </Link>
      ),
    };
  });

  return (
    <Layout className="admit-shell">
      <a className="admit-skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <Layout.Sider width={232} theme="light" className="admit-sider" breakpoint="lg" collapsedWidth={0}>
        <div className="admit-sider-brand">
          {t('app.product')} <span className="admit-subtitle">{t('app.subtitle')}</span>
        </div>
        <nav aria-label={t('shell.nav.label')}>
          <Menu
            mode="inline"
            selectedKeys={selected === undefined ? [] : [selected]}
            items={menuItems}
            onClick={({ key, domEvent }) => {
              // A click lands on the link itself; Enter on a menu item chosen with the arrow keys does not.
              if (domEvent.type === 'keydown') void navigate(key);
            }}
          />
        </nav>
      </Layout.Sider>
      <Layout>
        <Layout.Header className="admit-shell-header">
          <Typography.Text className="admit-shell-user" data-testid="current-user">
            {me.displayName}
            <span className="admit-shell-login"> ({me.loginName})</span>
          </Typography.Text>
          <Space wrap>
            <ShortcutHelp
              items={items}
              onSellScreen={activeNavItem(location.pathname)?.area === 'boxOffice'}
            />
            <Button
              onClick={() => void navigate(pathWithNext('/change-password', location.pathname))}
              data-testid="change-password"
            >
              {t('shell.changePassword')}
            </Button>
            <LocaleSwitch />
            <Button onClick={logout} loading={pending} data-testid="logout">
              {t('auth.logout')}
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content id="main" className="admit-shell-content" tabIndex={-1}>
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
