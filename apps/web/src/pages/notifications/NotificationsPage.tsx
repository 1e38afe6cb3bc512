// 短信与邮件 — what went out to visitors by SMS and email for a site: one-time codes, e-tickets, refund
// and cancellation notices, with their status. Failures are what an administrator acts on, so the page
// opens on them when there are any and counts them on their filter. Below, with the log channel
// (development, training), the messages themselves as the phone or inbox shows them.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Radio, Select, Space, Table, Tag, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SiteView } from '../../api/catalog';
import { SitePage } from '../../components/SitePage';
import { dateTimeAtSite } from '../../format';
import { LoadError } from '../catalog/QueryStates';
import { NotificationLog } from './NotificationLog';
import { providerText, templateText } from './notificationLabels';
import {
  notificationsQueryKey,
  siteNotificationsQuery,
  type Notification,
  type NotificationStatus,
} from './notificationsApi';

const SITE_KEY = 'admit.notifications.site';

type Filter = NotificationStatus | 'all';
const FILTERS: readonly Filter[] = ['all', 'failed', 'pending', 'sent'];
const LIMITS = [50, 100, 200, 500] as const;
/** How many failures are counted on the filter (the server's most per request). */
const FAILED_COUNTED = 500;

const STATUS_COLORS: Record<NotificationStatus, string> = {
  failed: 'red',
  pending: 'gold',
  sent: 'green',
};

export function NotificationsPage() {
  const { t } = useTranslation();
  return (
    <SitePage
      title={t('shell.nav.items.notifications')}
      intro={<p className="admit-muted">{t('shopAdmin.notifications.intro')}</p>}
      storageKey={SITE_KEY}
      pickerId="notifications-site"
      pickerLabel={t('shopAdmin.notifications.site')}
      noSites={t('gate.picker.noSites')}
    >
      {(site) => (
        <div className="admit-stack">
          <SiteNotifications key={site.id} site={site} />
          <NotificationLog />
        </div>
      )}
    </SitePage>
  );
}

function SiteNotifications({ site }: { site: SiteView }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [chosen, setChosen] = useState<Filter | null>(null);
  const [limit, setLimit] = useState<number>(100);
  const failed = useQuery(siteNotificationsQuery(site.id, { status: 'failed', limit: FAILED_COUNTED }));
  const failedCount = failed.data?.length ?? 0;
  // Until the user picks a filter: the failures when there are any, otherwise everything.
  const filter: Filter = chosen ?? (failedCount > 0 ? 'failed' : 'all');
  const listed = useQuery({
    ...siteNotificationsQuery(site.id, { status: filter === 'all' ? undefined : filter, limit }),
    // The failures are already here; and the first filter is known once they are.
    enabled: filter !== 'failed' && (chosen !== null || !failed.isPending),
  });
  const shown = filter === 'failed' ? failed : listed;
  const rows = filter === 'failed' ? (failed.data ?? []).slice(0, limit) : (listed.data ?? []);

  const columns: TableColumnsType<Notification> = [
    {
      key: 'createdAt',
      title: t('shopAdmin.notifications.columns.createdAt'),
      className: 'admit-nowrap',
      render: (_value, row) => (
        <time dateTime={row.createdAt}>{dateTimeAtSite(row.createdAt, site.timeZone)}</time>
      ),
    },
    {
      key: 'channel',
      title: t('shopAdmin.notifications.columns.channel'),
      className: 'admit-nowrap',
      render: (_value, row) => t(`shopAdmin.notifications.channels.${row.channel}`),
    },
    {
      key: 'template',
      title: t('shopAdmin.notifications.columns.template'),
      className: 'admit-nowrap',
      render: (_value, row) => templateText(t, row.template),
    },
    {
      key: 'recipient',
      title: t('shopAdmin.notifications.columns.recipient'),
      className: 'admit-nowrap',
      render: (_value, row) => row.recipient,
    },
    {
      key: 'status',
      title: t('shopAdmin.notifications.columns.status'),
      className: 'admit-nowrap',
      render: (_value, row) => (
        <Tag color={STATUS_COLORS[row.status]} data-status={row.status}>
          {t(`shopAdmin.notifications.statuses.${row.status}`)}
        </Tag>
      ),
    },
    {
      key: 'attempts',
      title: t('shopAdmin.notifications.columns.attempts'),
      align: 'right',
      render: (_value, row) => row.attempts,
    },
    {
      key: 'provider',
      title: t('shopAdmin.notifications.columns.provider'),
      className: 'admit-nowrap',
      render: (_value, row) => providerText(t, row.provider),
    },
    {
      key: 'sentAt',
      title: t('shopAdmin.notifications.columns.sentAt'),
      className: 'admit-nowrap',
      render: (_value, row) =>
        row.sentAt === null ? null : (
          <time dateTime={row.sentAt}>{dateTimeAtSite(row.sentAt, site.timeZone)}</time>
        ),
    },
    {
      key: 'error',
      title: t('shopAdmin.notifications.columns.error'),
      render: (_value, row) =>
        row.lastErrorCode === null && row.lastError === null ? null : (
          <span data-testid={`notification-error-${row.id}`}>
            {row.lastErrorCode === null ? null : <code>{row.lastErrorCode}</code>} {row.lastError}
          </span>
        ),
    },
  ];

  return (
    <section aria-label={t('shell.nav.items.notifications')} data-testid="notifications" data-site={site.id}>
      <Space wrap className="admit-filters">
        <Radio.Group
          optionType="button"
          value={filter}
          onChange={(event) => setChosen(event.target.value as Filter)}
          aria-label={t('shopAdmin.notifications.filter')}
          data-testid="notification-filter"
          options={FILTERS.map((value) => ({
            value,
            label:
              value === 'failed' && failedCount > 0 ? (
                <Space size={4}>
                  {t('shopAdmin.notifications.filters.failed')}
                  <Badge
                    count={failedCount}
                    overflowCount={FAILED_COUNTED - 1}
                    title={t('shopAdmin.notifications.failedCount', { count: failedCount })}
                    data-testid="failed-count"
                    data-count={failedCount}
                  />
                </Space>
              ) : (
                t(`shopAdmin.notifications.filters.${value}`)
              ),
          }))}
        />
        <label htmlFor="notifications-limit" className="admit-inline-label">
          {t('shopAdmin.notifications.limit')}
        </label>
        <Select
          id="notifications-limit"
          value={limit}
          onChange={setLimit}
          options={LIMITS.map((count) => ({
            value: count,
            label: t('shopAdmin.notifications.limitOption', { count }),
          }))}
          className="admit-select-small"
        />
        <Button onClick={() => void client.invalidateQueries({ queryKey: notificationsQueryKey })}>
          {t('shopAdmin.notifications.refresh')}
        </Button>
      </Space>
      {shown.isError ? <LoadError error={shown.error} onRetry={() => void shown.refetch()} /> : null}
      <Table<Notification>
        rowKey="id"
        columns={columns}
        dataSource={rows}
        loading={failed.isPending || shown.isFetching}
        pagination={false}
        scroll={{ x: 1000 }}
        locale={{
          emptyText:
            filter === 'failed'
              ? t('shopAdmin.notifications.emptyFailed')
              : t('shopAdmin.notifications.empty'),
        }}
        data-testid="notifications-table"
        data-filter={filter}
      />
    </section>
  );
}
