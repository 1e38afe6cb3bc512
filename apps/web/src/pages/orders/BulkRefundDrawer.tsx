// The bulk refund of a cancelled session (停航, 演出取消): its orders, then one button that starts the
// background refund, a progress bar while it runs (asked about every second), and the report —
// refunded, nothing left to refund, or failed with the reason in words.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Drawer, Progress, Table, Tag, type TableColumnsType } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  getBulkAction,
  sessionOrdersQuery,
  startBulkRefund,
  type BulkAction,
  type SessionOrder,
} from '../../api/afterSale';
import { sessionsQueryKey, type SessionView, type SiteView } from '../../api/catalog';
import { codeText, errorText } from '../../components/errorText';
import { formatFen, timeAtSite } from '../../format';
import { useLocale } from '../../i18n/hooks';
import { Loading, LoadError } from '../catalog/QueryStates';
import { bulkFinished, bulkPercent } from './bulkModel';

/** How often a running bulk refund is asked about. */
export const BULK_POLL_MS = 1000;

export function BulkRefundDrawer({
  site,
  session,
  onClose,
}: {
  site: SiteView;
  session: SessionView | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const time = session === null ? '' : timeAtSite(session.startsAt, site.timeZone);
  return (
    <Drawer
      open={session !== null}
      onClose={onClose}
      title={session === null ? '' : t('afterSale.bulk.title', { date: session.businessDate, time })}
      size={760}
      destroyOnHidden
    >
      {session === null ? null : <BulkRefund site={site} session={session} />}
    </Drawer>
  );
}

function BulkRefund({ site, session }: { site: SiteView; session: SessionView }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const client = useQueryClient();
  const { modal } = AntApp.useApp();
  const orders = useQuery(sessionOrdersQuery(site.id, session.id));
  const [action, setAction] = useState<BulkAction | null>(null);
  const [pollError, setPollError] = useState<string | null>(null);
  const start = useMutation({
    mutationFn: () => startBulkRefund(site.id, session.id),
    onSuccess: (started) => setAction(started),
  });

  // Follow the job until it is finished.
  const actionId = action?.id;
  const finished = action !== null && bulkFinished(action);
  useEffect(() => {
    if (actionId === undefined || finished) return;
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      getBulkAction(site.id, actionId, controller.signal).then(
        (next) => {
          setPollError(null);
          setAction(next);
        },
        (error: unknown) => {
          if (controller.signal.aborted) return;
          setPollError(errorText(error, t));
          setAction((current) => (current === null ? current : { ...current })); // ask again
        },
      );
    }, BULK_POLL_MS);
    return () => {
      controller.abort();
      window.clearTimeout(timer);
    };
  }, [action, actionId, finished, site.id, t]);

  useEffect(() => {
    if (!finished) return;
    void client.invalidateQueries({ queryKey: sessionOrdersQuery(site.id, session.id).queryKey });
    void client.invalidateQueries({ queryKey: sessionsQueryKey(site.id) });
  }, [finished, client, site.id, session.id]);

  if (session.status !== 'cancelled') {
    return <Alert type="info" showIcon title={t('afterSale.bulk.notCancelled')} />;
  }
  if (orders.isPending) return <Loading />;
  if (orders.isError) return <LoadError error={orders.error} onRetry={() => void orders.refetch()} />;
  const list = orders.data;
  const toRefund = list.filter((order) => order.validTickets > 0).length;

  const orderColumns: TableColumnsType<SessionOrder> = [
    {
      key: 'number',
      title: t('afterSale.bulk.fields.number'),
      dataIndex: 'number',
      className: 'admit-sell-ticket-number',
    },
    {
      key: 'status',
      title: t('afterSale.bulk.fields.status'),
      render: (_value, order) =>
        isOrderStatus(order.status) ? t(`afterSale.orderStatus.${order.status}`) : order.status,
    },
    {
      key: 'valid',
      title: t('afterSale.bulk.fields.validTickets'),
      dataIndex: 'validTickets',
      align: 'right',
    },
    {
      key: 'total',
      title: t('afterSale.bulk.fields.total'),
      align: 'right',
      render: (_value, order) => formatFen(order.total),
    },
  ];
  const reportColumns: TableColumnsType<BulkAction['report'][number]> = [
    {
      key: 'number',
      title: t('afterSale.bulk.fields.number'),
      dataIndex: 'number',
      className: 'admit-sell-ticket-number',
    },
    {
      key: 'outcome',
      title: t('afterSale.bulk.fields.outcome'),
      render: (_value, entry) => (
        <Tag color={entry.outcome === 'failed' ? 'red' : entry.outcome === 'refunded' ? 'green' : undefined}>
          {isOutcome(entry.outcome) ? t(`afterSale.bulk.outcomes.${entry.outcome}`) : entry.outcome}
        </Tag>
      ),
    },
    {
      key: 'reason',
      title: t('afterSale.bulk.fields.reason'),
      render: (_value, entry) => (entry.code === undefined ? '' : codeText(entry.code, locale)),
    },
  ];

  return (
    <div className="admit-bulk" data-testid="bulk-refund">
      <p>{t('afterSale.bulk.intro')}</p>
      {action === null ? (
        <>
          <h3 className="admit-shift-section">{t('afterSale.bulk.orders')}</h3>
          <Table<SessionOrder>
            rowKey="id"
            size="small"
            columns={orderColumns}
            dataSource={list}
            pagination={list.length > 20 ? { pageSize: 20 } : false}
            locale={{ emptyText: t('afterSale.bulk.none') }}
            data-testid="bulk-orders"
          />
          {start.isError ? (
            <Alert
              type="error"
              showIcon
              role="alert"
              title={errorText(start.error, t)}
              className="admit-sell-alert"
            />
          ) : null}
          <Button
            type="primary"
            danger
            size="large"
            disabled={toRefund === 0}
            loading={start.isPending}
            className="admit-bulk-start"
            data-testid="bulk-start"
            onClick={() => {
              modal.confirm({
                title: t('afterSale.bulk.startConfirm', { count: toRefund }),
                okText: t('afterSale.bulk.start'),
                okButtonProps: { danger: true },
                cancelText: t('common.cancel'),
                onOk: () => start.mutateAsync(),
              });
            }}
          >
            {t('afterSale.bulk.start')}
          </Button>
        </>
      ) : (
        <section aria-live="polite" data-testid="bulk-progress">
          <p data-testid="bulk-status">
            <Tag color={action.status === 'failed' ? 'red' : action.status === 'done' ? 'green' : 'blue'}>
              {t(`afterSale.bulk.statuses.${action.status}`)}
            </Tag>
            {t('afterSale.bulk.progress', {
              processed: action.done + action.failed,
              total: action.total,
              done: action.done,
              failed: action.failed,
            })}
          </p>
          <Progress
            percent={bulkPercent(action)}
            status={action.status === 'failed' ? 'exception' : finished ? 'success' : 'active'}
          />
          {pollError === null ? null : <Alert type="warning" showIcon title={pollError} />}
          <h3 className="admit-shift-section">{t('afterSale.bulk.report')}</h3>
          <Table<BulkAction['report'][number]>
            rowKey="orderId"
            size="small"
            columns={reportColumns}
            dataSource={action.report}
            pagination={action.report.length > 20 ? { pageSize: 20 } : false}
            data-testid="bulk-report"
          />
        </section>
      )}
    </div>
  );
}

const OUTCOMES = ['refunded', 'skipped', 'failed'] as const;
function isOutcome(value: string): value is (typeof OUTCOMES)[number] {
  return (OUTCOMES as readonly string[]).includes(value);
}

const ORDER_STATUSES = ['pending', 'paid', 'cancelled', 'expired', 'partially_refunded', 'refunded'] as const;
function isOrderStatus(value: string): value is (typeof ORDER_STATUSES)[number] {
  return (ORDER_STATUSES as readonly string[]).includes(value);
}
