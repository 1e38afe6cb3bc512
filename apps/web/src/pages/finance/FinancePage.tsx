// The finance area (财务): one tab per duty — shift review (交班审核), daily settlement (日结),
// reconciliation (对账), vouchers (凭证) and the chart of accounts (会计科目) — each its own address
// (/finance/settlement…) and shown only to those who hold its permission. Each tab picks its site.
import { Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { hasPermission, useMe } from '../../auth/session';

export const FINANCE_TABS = ['shifts', 'settlement', 'reconciliation', 'vouchers', 'accounts'] as const;
export type FinanceTab = (typeof FINANCE_TABS)[number];

/** Who may open each tab: finance, and for the shift review also supervisors who approve at the counter. */
export const FINANCE_TAB_PERMISSIONS: Record<FinanceTab, readonly string[]> = {
  shifts: ['finance.settle', 'orders.approve'],
  settlement: ['finance.settle'],
  reconciliation: ['finance.reconcile'],
  vouchers: ['finance.vouchers'],
  accounts: ['finance.vouchers'],
};

export function useFinanceTabs(): FinanceTab[] {
  const me = useMe();
  return FINANCE_TABS.filter((tab) => FINANCE_TAB_PERMISSIONS[tab].some((p) => hasPermission(me, p)));
}

export function FinancePage() {
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const tabs = useFinanceTabs();
  const active = FINANCE_TABS.find((tab) => location.pathname.startsWith(`/finance/${tab}`));
  if (active === undefined) return tabs[0] ? <Navigate to={`/finance/${tabs[0]}`} replace /> : null;
  return (
    <>
      <Tabs
        activeKey={active}
        onChange={(key) => void navigate(`/finance/${key}`)}
        items={tabs.map((tab) => ({ key: tab, label: t(`finance.tabs.${tab}`) }))}
        data-testid="finance-tabs"
      />
      <Outlet />
    </>
  );
}
