// The app's routes. Public: the start page (at `/` while nobody is logged in), login, not-found.
// The gate screen (/gate) is a full-screen app of its own, for gate devices and gate staff.
// Everything else lives in the shell, behind the session guard and each area's permission.
import type { ReactNode } from 'react';
import { Navigate, type RouteObject } from 'react-router';
import { SessionGate } from './auth/SessionGate';
import { useMe } from './auth/session';
import { RequirePermission } from './components/RequirePermission';
import { ChangePasswordPage } from './pages/ChangePasswordPage';
import { ComingSoonPage } from './pages/ComingSoonPage';
import { HomePage } from './pages/HomePage';
import { LoginPage } from './pages/LoginPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { StartPage } from './pages/StartPage';
import { AccessPage } from './pages/access/AccessPage';
import { RolesPage } from './pages/access/RolesPage';
import { UsersPage } from './pages/access/UsersPage';
import { AgenciesPage } from './pages/agencies/AgenciesPage';
import { AuditPage } from './pages/audit/AuditPage';
import { CatalogPage } from './pages/catalog/CatalogPage';
import { ChannelsPage } from './pages/channels/ChannelsPage';
import { ExplainerTab } from './pages/catalog/explainer/ExplainerTab';
import { GatesTab } from './pages/catalog/gates/GatesTab';
import { PricesTab } from './pages/catalog/prices/PricesTab';
import { ProductsTab } from './pages/catalog/products/ProductsTab';
import { SessionsTab } from './pages/catalog/sessions/SessionsTab';
import { ShopSettingsTab } from './pages/catalog/shop/ShopSettingsTab';
import { SiteTab } from './pages/catalog/site/SiteTab';
import { DevicesPage } from './pages/devices/DevicesPage';
import { ShiftsPage } from './pages/finance/ShiftsPage';
import { FINANCE_TAB_PERMISSIONS, FinancePage, type FinanceTab } from './pages/finance/FinancePage';
import { SettlementTab } from './pages/finance/settlement/SettlementTab';
import { ReconciliationTab } from './pages/finance/reconciliation/ReconciliationTab';
import { VouchersTab } from './pages/finance/vouchers/VouchersTab';
import { AccountsTab } from './pages/finance/accounts/AccountsTab';
import { ReportsPage } from './pages/reports/ReportsPage';
import { GatePage } from './pages/gate/GatePage';
import { GroupLanePage } from './pages/groups/GroupLanePage';
import { GroupsPage } from './pages/groups/GroupsPage';
import { NotificationsPage } from './pages/notifications/NotificationsPage';
import { OrdersPage } from './pages/orders/OrdersPage';
import { PaymentsPage } from './pages/payments/PaymentsPage';
import { SellPage } from './pages/sell/SellPage';
import { shopRoutes } from './pages/shop/routes';
import { CloseShiftPage } from './pages/shift/CloseShiftPage';
import { AppShell } from './shell/AppShell';
import { navItemFor, type NavArea } from './shell/navigation';

/** Areas later issues build: reachable, permission-checked, and honest about being empty. */
const COMING_SOON: readonly NavArea[] = ['settings'];

function Shell() {
  const me = useMe();
  return me ? <AppShell me={me} /> : null;
}

function Home() {
  const me = useMe();
  return me ? <HomePage me={me} /> : null;
}

function financeTab(tab: FinanceTab, element: ReactNode) {
  return <RequirePermission anyOf={FINANCE_TAB_PERMISSIONS[tab]}>{element}</RequirePermission>;
}

function guarded(area: NavArea, element: ReactNode) {
  return <RequirePermission anyOf={navItemFor(area).anyOf}>{element}</RequirePermission>;
}

export const routes: RouteObject[] = [
  { path: '/login', element: <LoginPage /> },
  { path: '/change-password', element: <ChangePasswordPage /> },
  { path: '/gate', element: <GatePage /> },
  // The public online shop (H5), loaded on demand.
  ...shopRoutes,
  {
    path: '/',
    element: (
      <SessionGate publicIndex={<StartPage />}>
        <Shell />
      </SessionGate>
    ),
    children: [
      { index: true, element: <Home /> },
      ...COMING_SOON.map((area) => ({
        path: navItemFor(area).path.slice(1),
        element: guarded(area, <ComingSoonPage area={area} />),
      })),
      {
        path: 'catalog',
        element: guarded('catalog', <CatalogPage />),
        children: [
          // The first tab at the area's own address: no redirect, which would move the focus.
          { index: true, element: <SiteTab /> },
          { path: 'site', element: <SiteTab /> },
          { path: 'gates', element: <GatesTab /> },
          { path: 'products', element: <ProductsTab /> },
          { path: 'prices', element: <PricesTab /> },
          { path: 'sessions', element: <SessionsTab /> },
          { path: 'shop', element: <ShopSettingsTab /> },
          { path: 'explainer', element: <ExplainerTab /> },
        ],
      },
      {
        element: guarded('users', <AccessPage />),
        children: [
          { path: 'users', element: <UsersPage /> },
          { path: 'roles', element: <RolesPage /> },
        ],
      },
      { path: 'devices', element: guarded('devices', <DevicesPage />) },
      { path: 'payments', element: guarded('payments', <PaymentsPage />) },
      { path: 'channels', element: guarded('channels', <ChannelsPage />) },
      { path: 'notifications', element: guarded('notifications', <NotificationsPage />) },
      { path: 'audit', element: guarded('audit', <AuditPage />) },
      { path: 'sell', element: guarded('boxOffice', <SellPage />) },
      {
        path: 'sell/close-shift',
        element: (
          <RequirePermission anyOf={['shifts.operate']}>
            <CloseShiftPage />
          </RequirePermission>
        ),
      },
      { path: 'orders', element: guarded('orders', <OrdersPage />) },
      {
        path: 'finance',
        element: guarded('finance', <FinancePage />),
        children: [
          { index: true, element: null },
          { path: 'shifts', element: financeTab('shifts', <ShiftsPage />) },
          { path: 'settlement', element: financeTab('settlement', <SettlementTab />) },
          { path: 'reconciliation', element: financeTab('reconciliation', <ReconciliationTab />) },
          { path: 'vouchers', element: financeTab('vouchers', <VouchersTab />) },
          { path: 'accounts', element: financeTab('accounts', <AccountsTab />) },
        ],
      },
      { path: 'reports', element: guarded('reports', <ReportsPage />) },
      // The area's address before the sell screen existed.
      { path: 'box-office', element: <Navigate to="/sell" replace /> },
      { path: 'agencies', element: guarded('agencies', <AgenciesPage />) },
      { path: 'groups', element: guarded('groups', <GroupsPage />) },
      { path: 'group-lane', element: guarded('groupLane', <GroupLanePage />) },
    ],
  },
  { path: '*', element: <NotFoundPage /> },
];
