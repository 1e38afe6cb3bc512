// The sessions of one day: times at the site, ticket types, what is sold and held, and the admin's
// actions — change the capacity (never below sold + held), close to new sales, reopen, or cancel for
// good (after a confirmation); a cancelled session's orders are then refunded in bulk.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  App as AntApp,
  Button,
  InputNumber,
  Space,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  sessionsQueryKey,
  updateSession,
  type ProductView,
  type SessionStatus,
  type SessionView,
  type SiteView,
} from '../../../api/catalog';
import { usePermission } from '../../../auth/session';
import { errorText } from '../../../components/errorText';
import { localized, timeAtSite } from '../../../format';
import { useLocale } from '../../../i18n/hooks';
import { BulkRefundDrawer } from '../../orders/BulkRefundDrawer';
import { sessionTone } from './month';

const STATUS_COLORS: Record<SessionStatus, string | undefined> = {
  open: 'green',
  closed: undefined,
  cancelled: 'red',
};

export function DaySessions({
  site,
  date,
  sessions,
  products,
  canWrite,
}: {
  site: SiteView;
  date: string;
  sessions: readonly SessionView[];
  products: readonly ProductView[];
  canWrite: boolean;
}) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const client = useQueryClient();
  const { message, modal } = AntApp.useApp();
  const canRefund = usePermission('orders.refund');
  const [refunding, setRefunding] = useState<SessionView | null>(null);
  const names = new Map(
    products.map((product) => [product.id, localized(locale, product.nameZh, product.nameEn)]),
  );

  const status = useMutation({
    mutationFn: ({ session, next }: { session: SessionView; next: SessionStatus }) =>
      updateSession(site.id, session.id, { status: next }),
    onSuccess: (session, { next }) => {
      void message.success(
        t(`catalog.sessions.actions.${next}Done`, { time: timeAtSite(session.startsAt, site.timeZone) }),
      );
      void client.invalidateQueries({ queryKey: sessionsQueryKey(site.id) });
    },
    onError: (error) => void message.error(errorText(error, t)),
  });

  const confirmStatus = (session: SessionView, next: 'closed' | 'cancelled') => {
    const time = timeAtSite(session.startsAt, site.timeZone);
    modal.confirm({
      title: t(`catalog.sessions.actions.${next}Confirm`, { date, time }),
      content: t(`catalog.sessions.actions.${next}ConfirmHint`),
      okText: t('common.confirm'),
      cancelText: t('common.cancel'),
      okButtonProps: { danger: next === 'cancelled' },
      onOk: () => status.mutate({ session, next }),
    });
  };

  const columns: TableColumnsType<SessionView> = [
    {
      key: 'time',
      title: t('catalog.sessions.fields.time'),
      className: 'admit-nowrap',
      render: (_value, session) => (
        <span className={`admit-tone-text admit-tone-${sessionTone(session)}`}>
          {timeAtSite(session.startsAt, site.timeZone)}–{timeAtSite(session.endsAt, site.timeZone)}
        </span>
      ),
    },
    {
      key: 'name',
      title: t('catalog.sessions.fields.session'),
      render: (_value, session) => (
        <div>
          <div>
            {localized(locale, session.nameZh, session.nameEn) || t(`catalog.sessions.kinds.${session.kind}`)}
            {session.routeFrom !== null && session.routeTo !== null
              ? ` · ${session.routeFrom} → ${session.routeTo}`
              : ''}
          </div>
          <div className="admit-muted admit-small">
            {session.productIds.map((id) => names.get(id) ?? id).join(t('catalog.listSeparator'))}
          </div>
        </div>
      ),
    },
    {
      key: 'status',
      title: t('catalog.form.status'),
      render: (_value, session) => (
        <Tag color={STATUS_COLORS[session.status]}>{t(`catalog.sessions.status.${session.status}`)}</Tag>
      ),
    },
    {
      key: 'capacity',
      title: t('catalog.sessions.fields.capacity'),
      render: (_value, session) =>
        canWrite && session.status !== 'cancelled' ? (
          <CapacityEditor site={site} session={session} />
        ) : (
          session.capacity
        ),
    },
    {
      key: 'sold',
      title: t('catalog.sessions.fields.sold'),
      align: 'right',
      className: 'admit-nowrap',
      dataIndex: 'sold',
    },
    {
      key: 'held',
      title: t('catalog.sessions.fields.held'),
      align: 'right',
      className: 'admit-nowrap',
      dataIndex: 'held',
    },
    {
      key: 'remaining',
      title: t('catalog.sessions.fields.remaining'),
      align: 'right',
      className: 'admit-nowrap',
      render: (_value, session) => <span data-testid={`remaining-${session.id}`}>{session.remaining}</span>,
    },
  ];
  if (canWrite || canRefund) {
    columns.push({
      key: 'actions',
      title: t('common.actions'),
      render: (_value, session) => {
        const time = timeAtSite(session.startsAt, site.timeZone);
        if (session.status === 'cancelled') {
          return canRefund ? (
            <Button
              size="small"
              type="link"
              danger
              onClick={() => setRefunding(session)}
              aria-label={t('afterSale.bulk.buttonOf', { time })}
              data-testid={`bulk-refund-${session.id}`}
            >
              {t('afterSale.bulk.button')}
            </Button>
          ) : null;
        }
        if (!canWrite) return null;
        return (
          <Space size={0} wrap className="admit-row-actions">
            {session.status === 'open' ? (
              <Button
                size="small"
                type="link"
                onClick={() => confirmStatus(session, 'closed')}
                aria-label={t('catalog.sessions.actions.closeOf', { time })}
              >
                {t('catalog.sessions.actions.close')}
              </Button>
            ) : (
              <Button
                size="small"
                type="link"
                onClick={() => status.mutate({ session, next: 'open' })}
                aria-label={t('catalog.sessions.actions.reopenOf', { time })}
              >
                {t('catalog.sessions.actions.reopen')}
              </Button>
            )}
            <Button
              size="small"
              type="link"
              danger
              onClick={() => confirmStatus(session, 'cancelled')}
              aria-label={t('catalog.sessions.actions.cancelOf', { time })}
            >
              {t('catalog.sessions.actions.cancel')}
            </Button>
          </Space>
        );
      },
    });
  }

  return (
    <section aria-labelledby="day-sessions-heading" className="admit-day-sessions">
      <Typography.Title level={2} id="day-sessions-heading" className="admit-section-heading">
        {t('catalog.sessions.dayTitle', { date })}
      </Typography.Title>
      <Table<SessionView>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={[...sessions]}
        pagination={false}
        scroll={{ x: 900 }}
        locale={{ emptyText: t('catalog.sessions.noneOnDay') }}
        data-testid="day-sessions"
      />
      <BulkRefundDrawer site={site} session={refunding} onClose={() => setRefunding(null)} />
    </section>
  );
}

/** The capacity of one session, saved with Enter or the button; the server's refusal shows below. */
function CapacityEditor({ site, session }: { site: SiteView; session: SessionView }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const { message } = AntApp.useApp();
  const [value, setValue] = useState<number | null>(session.capacity);
  const time = timeAtSite(session.startsAt, site.timeZone);
  const mutation = useMutation({
    mutationFn: (capacity: number) => updateSession(site.id, session.id, { capacity }),
    onSuccess: (saved) => {
      void message.success(t('catalog.sessions.capacitySaved', { time, capacity: saved.capacity }));
      void client.invalidateQueries({ queryKey: sessionsQueryKey(site.id) });
    },
  });
  const changed = value !== null && value !== session.capacity;
  const save = () => {
    if (changed) mutation.mutate(value);
  };
  const errorId = `capacity-error-${session.id}`;
  return (
    <div>
      <Space.Compact>
        <InputNumber
          min={0}
          precision={0}
          value={value}
          onChange={(next) => {
            setValue(next);
            mutation.reset();
          }}
          onPressEnter={save}
          status={mutation.isError ? 'error' : undefined}
          aria-label={t('catalog.sessions.capacityOf', { time })}
          aria-invalid={mutation.isError}
          aria-describedby={mutation.isError ? errorId : undefined}
          className="admit-capacity-input"
          data-testid={`capacity-${session.id}`}
        />
        <Button onClick={save} disabled={!changed} loading={mutation.isPending}>
          {t('common.save')}
        </Button>
      </Space.Compact>
      {mutation.isError ? (
        <div id={errorId} role="alert" className="admit-field-error">
          {errorText(mutation.error, t)}
        </div>
      ) : null}
    </div>
  );
}
