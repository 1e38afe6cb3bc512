// Travel agencies (旅行社) that buy on account (挂账) at the box office: each with its prepaid balance,
// credit limit and what it can still buy (balance + credit limit). Whoever manages channels creates and
// edits them; finance records the money an agency pays in (a deposit in advance, a payment of what it
// owes). Either may look, and read an agency's statement per period. Whoever manages users links the
// agency's portal logins (门户账号) here, and sees only that button unless they also hold one of the two.
import { useQuery } from '@tanstack/react-query';
import { App as AntApp, Button, Empty, Select, Space, Table, Tag, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { catalogSitesQuery } from '../../api/catalog';
import { agenciesQuery, type AgencyView } from '../../api/sales';
import { usePermission } from '../../auth/session';
import { PageTitle } from '../../components/PageTitle';
import { formatFen, localized } from '../../format';
import { useLocale } from '../../i18n/hooks';
import { Loading, LoadError } from '../catalog/QueryStates';
import { readStored, store } from '../sell/storage';
import { AgencyFormDrawer } from './AgencyFormDrawer';
import { DepositDrawer } from './DepositDrawer';
import { PaymentDrawer } from './PaymentDrawer';
import { PortalUsersDrawer } from './PortalUsersDrawer';
import { StatementDrawer } from './StatementDrawer';

const SITE_KEY = 'admit.agencies.site';

export function AgenciesPage() {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const sites = useQuery(catalogSitesQuery);
  const [chosenId, setChosenId] = useState<string | null>(() => readStored(SITE_KEY));
  const list = sites.data ?? [];
  const site = list.find((candidate) => candidate.id === chosenId) ?? list[0];

  let body;
  if (sites.isPending) body = <Loading />;
  else if (sites.isError) body = <LoadError error={sites.error} onRetry={() => void sites.refetch()} />;
  else if (site === undefined) body = <Empty description={t('sell.noSites')} />;
  else body = <AgencyList key={site.id} siteId={site.id} timeZone={site.timeZone} />;

  return (
    <>
      <PageTitle
        title={t('shell.nav.items.agencies')}
        extra={
          list.length > 1 ? (
            <Space wrap>
              <label htmlFor="agencies-site" className="admit-inline-label">
                {t('catalog.site.label')}
              </label>
              <Select
                id="agencies-site"
                className="admit-site-picker"
                showSearch={{ optionFilterProp: 'label' }}
                value={site?.id}
                onChange={(siteId: string) => {
                  setChosenId(siteId);
                  store(SITE_KEY, siteId);
                }}
                options={list.map((candidate) => ({
                  value: candidate.id,
                  label: `${localized(locale, candidate.nameZh, candidate.nameEn)} (${candidate.code})`,
                }))}
                data-testid="agencies-site"
              />
            </Space>
          ) : undefined
        }
      >
        <p className="admit-muted">{t('agencies.intro')}</p>
      </PageTitle>
      {body}
    </>
  );
}

function AgencyList({ siteId, timeZone }: { siteId: string; timeZone: string }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const canManage = usePermission('channels.manage');
  const canSettle = usePermission('finance.settle');
  const canManageUsers = usePermission('users.manage');
  // The statement is read with channels.manage or finance.settle (the server asks for one of them).
  const canReadStatement = canManage || canSettle;
  const agencies = useQuery(agenciesQuery(siteId));
  // undefined: closed; null: a new agency; an agency: editing it.
  const [editing, setEditing] = useState<AgencyView | null | undefined>(undefined);
  const [depositFor, setDepositFor] = useState<AgencyView | undefined>(undefined);
  const [paymentFor, setPaymentFor] = useState<AgencyView | undefined>(undefined);
  const [statementOf, setStatementOf] = useState<AgencyView | undefined>(undefined);
  const [portalUsersOf, setPortalUsersOf] = useState<AgencyView | undefined>(undefined);

  const columns: TableColumnsType<AgencyView> = [
    { key: 'code', title: t('agencies.fields.code'), dataIndex: 'code', className: 'admit-nowrap' },
    { key: 'name', title: t('agencies.fields.name'), dataIndex: 'name' },
    {
      key: 'contact',
      title: t('agencies.fields.contact'),
      render: (_value, agency) => [agency.contactName, agency.contactPhone].filter(Boolean).join(' · '),
    },
    {
      key: 'balance',
      title: t('agencies.fields.balance'),
      align: 'right',
      className: 'admit-nowrap',
      render: (_value, agency) => (
        <span className={agency.balance < 0 ? 'admit-sell-error' : undefined}>
          {formatFen(agency.balance)}
        </span>
      ),
    },
    {
      key: 'creditLimit',
      title: t('agencies.fields.creditLimit'),
      align: 'right',
      className: 'admit-nowrap',
      render: (_value, agency) => formatFen(agency.creditLimit),
    },
    {
      key: 'available',
      title: t('agencies.fields.available'),
      align: 'right',
      className: 'admit-nowrap',
      render: (_value, agency) => (
        <strong data-testid={`available-${agency.code}`}>{formatFen(agency.available)}</strong>
      ),
    },
    {
      key: 'active',
      title: t('catalog.form.status'),
      render: (_value, agency) =>
        agency.active ? (
          <Tag color="green">{t('catalog.form.active')}</Tag>
        ) : (
          <Tag>{t('catalog.form.inactive')}</Tag>
        ),
    },
  ];
  if (canManage || canSettle || canManageUsers) {
    columns.push({
      key: 'actions',
      title: t('common.actions'),
      render: (_value, agency) => (
        <Space size={0} wrap>
          {canManage ? (
            <Button
              size="small"
              type="link"
              onClick={() => setEditing(agency)}
              aria-label={t('catalog.form.editOf', { name: agency.name })}
              data-testid={`edit-agency-${agency.code}`}
            >
              {t('catalog.form.edit')}
            </Button>
          ) : null}
          {canReadStatement ? (
            <Button
              size="small"
              type="link"
              onClick={() => setStatementOf(agency)}
              aria-label={t('agencies.statement.of', { name: agency.name })}
              data-testid={`statement-agency-${agency.code}`}
            >
              {t('agencies.statement.button')}
            </Button>
          ) : null}
          {canSettle ? (
            <Button
              size="small"
              type="link"
              onClick={() => setPaymentFor(agency)}
              aria-label={t('agencies.payment.of', { name: agency.name })}
              data-testid={`payment-agency-${agency.code}`}
            >
              {t('agencies.payment.button')}
            </Button>
          ) : null}
          {canSettle ? (
            <Button
              size="small"
              type="link"
              onClick={() => setDepositFor(agency)}
              aria-label={t('agencies.deposit.of', { name: agency.name })}
              data-testid={`deposit-agency-${agency.code}`}
            >
              {t('agencies.deposit.button')}
            </Button>
          ) : null}
          {canManageUsers ? (
            <Button
              size="small"
              type="link"
              onClick={() => setPortalUsersOf(agency)}
              aria-label={t('agencies.portalUsers.of', { name: agency.name })}
              data-testid={`portal-users-agency-${agency.code}`}
            >
              {t('agencies.portalUsers.button')}
            </Button>
          ) : null}
        </Space>
      ),
    });
  }

  return (
    <section aria-label={t('shell.nav.items.agencies')}>
      {canManage ? (
        <div className="admit-toolbar">
          <span />
          <Button type="primary" onClick={() => setEditing(null)} data-testid="new-agency">
            {t('agencies.new')}
          </Button>
        </div>
      ) : null}
      {agencies.isError ? <LoadError error={agencies.error} onRetry={() => void agencies.refetch()} /> : null}
      <Table<AgencyView>
        rowKey="id"
        columns={columns}
        dataSource={agencies.data ?? []}
        loading={agencies.isPending}
        pagination={false}
        locale={{ emptyText: t('agencies.none') }}
        data-testid="agencies-table"
      />
      <AgencyFormDrawer
        siteId={siteId}
        agency={editing}
        onClose={() => setEditing(undefined)}
        onSaved={(saved) => {
          setEditing(undefined);
          void message.success(t('catalog.form.saved', { name: saved.name }));
        }}
      />
      <DepositDrawer
        siteId={siteId}
        agency={depositFor}
        onClose={() => setDepositFor(undefined)}
        onSaved={(agency, amount) => {
          setDepositFor(undefined);
          void message.success(t('agencies.deposit.done', { name: agency.name, amount: formatFen(amount) }));
        }}
      />
      <PaymentDrawer
        siteId={siteId}
        timeZone={timeZone}
        agency={paymentFor}
        onClose={() => setPaymentFor(undefined)}
        onSaved={(agency, amount) => {
          setPaymentFor(undefined);
          void message.success(t('agencies.payment.done', { name: agency.name, amount: formatFen(amount) }));
        }}
      />
      <StatementDrawer
        siteId={siteId}
        timeZone={timeZone}
        agency={statementOf}
        onClose={() => setStatementOf(undefined)}
      />
      <PortalUsersDrawer siteId={siteId} agency={portalUsersOf} onClose={() => setPortalUsersOf(undefined)} />
    </section>
  );
}
