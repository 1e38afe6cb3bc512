// 交班审核 — finance (or a supervisor) reviews the shifts of a business day: who, which terminal, when,
// the status, expected and counted cash and the difference; opens each shift report (printable), and
// confirms closed shifts, after which they count in the day's settlement.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App as AntApp, Button, Drawer, Input, Space, Table, Tag, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import {
  confirmShift,
  openRefundsQuery,
  shiftReportQuery,
  shiftsOfDayKey,
  shiftsOfDayQuery,
  type OpenRefund,
} from '../../api/afterSale';
import type { SiteView } from '../../api/catalog';
import type { ShiftView } from '../../api/sales';
import { usePermission } from '../../auth/session';
import { errorText } from '../../components/errorText';
import { PageTitle } from '../../components/PageTitle';
import { dateTimeAtSite, formatFen, todayAtSite } from '../../format';
import { Loading, LoadError } from '../catalog/QueryStates';
import { CounterSiteSelect, useCounterSite } from '../sell/CounterSite';
import { ShiftReportPrint } from '../shift/PrintShiftReport';
import { ShiftReportView } from '../shift/ShiftReportView';

const STATUS_COLORS = { open: 'blue', closed: 'orange', confirmed: 'green' } as const;

export function ShiftsPage() {
  const { t } = useTranslation();
  const counter = useCounterSite();
  const { sites, site } = counter;
  let body;
  if (sites.isPending) body = <Loading />;
  else if (sites.isError) body = <LoadError error={sites.error} onRetry={() => void sites.refetch()} />;
  else if (site === undefined) body = <p className="admit-muted">{t('sell.noSites')}</p>;
  else
    body = (
      <>
        <DayShifts key={site.id} site={site} />
        <OpenRefunds key={`refunds-${site.id}`} site={site} />
      </>
    );
  return (
    <>
      <PageTitle
        title={t('afterSale.finance.title')}
        extra={<CounterSiteSelect counter={counter} id="finance-site" />}
      >
        <p className="admit-muted">{t('afterSale.finance.intro')}</p>
      </PageTitle>
      {body}
    </>
  );
}

function DayShifts({ site }: { site: SiteView }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const { message, modal } = AntApp.useApp();
  // The settlement tab links here with the day it waits for (?date=YYYY-MM-DD).
  const [searchParams] = useSearchParams();
  const asked = searchParams.get('date');
  const [date, setDate] = useState(() =>
    asked !== null && /^\d{4}-\d{2}-\d{2}$/.test(asked) ? asked : todayAtSite(site.timeZone),
  );
  const [opened, setOpened] = useState<ShiftView | null>(null);
  const canConfirm = usePermission('finance.settle');
  const shifts = useQuery({ ...shiftsOfDayQuery(site.id, date), enabled: date !== '' });

  const confirm = useMutation({
    mutationFn: (shift: ShiftView) => confirmShift(site.id, shift.id),
    onSuccess: (shift) => {
      void message.success(t('afterSale.finance.confirmed', { name: shift.userName }));
      void client.invalidateQueries({ queryKey: shiftsOfDayKey(site.id) });
      void client.invalidateQueries({ queryKey: shiftReportQuery(site.id, shift.id).queryKey });
    },
    onError: (error) => void message.error(errorText(error, t)),
  });

  const askConfirm = (shift: ShiftView) => {
    modal.confirm({
      title: t('afterSale.finance.confirmTitle', { name: shift.userName }),
      content: t('afterSale.finance.confirmIntro'),
      okText: t('afterSale.finance.confirm'),
      cancelText: t('common.cancel'),
      onOk: () => confirm.mutateAsync(shift),
    });
  };

  const money = (fen: number | null) => (fen === null ? '—' : formatFen(fen));
  const columns: TableColumnsType<ShiftView> = [
    { key: 'seller', title: t('afterSale.finance.fields.seller'), dataIndex: 'userName' },
    { key: 'terminal', title: t('afterSale.finance.fields.terminal'), dataIndex: 'terminal' },
    {
      key: 'openedAt',
      title: t('afterSale.finance.fields.openedAt'),
      className: 'admit-nowrap',
      render: (_value, shift) => dateTimeAtSite(shift.openedAt, site.timeZone),
    },
    {
      key: 'closedAt',
      title: t('afterSale.finance.fields.closedAt'),
      className: 'admit-nowrap',
      render: (_value, shift) => dateTimeAtSite(shift.closedAt, site.timeZone) || '—',
    },
    {
      key: 'status',
      title: t('afterSale.finance.fields.status'),
      render: (_value, shift) => (
        <Tag color={STATUS_COLORS[shift.status]} data-testid={`shift-status-${shift.id}`}>
          {t(`afterSale.report.statuses.${shift.status}`)}
        </Tag>
      ),
    },
    {
      key: 'expected',
      title: t('afterSale.finance.fields.expected'),
      align: 'right',
      render: (_value, shift) => money(shift.expectedCash),
    },
    {
      key: 'counted',
      title: t('afterSale.finance.fields.counted'),
      align: 'right',
      render: (_value, shift) => money(shift.countedCash),
    },
    {
      key: 'difference',
      title: t('afterSale.finance.fields.difference'),
      align: 'right',
      render: (_value, shift) => (
        <span
          className={
            shift.difference === null || shift.difference === 0 ? undefined : 'admit-shift-difference-off'
          }
          data-testid={`shift-difference-${shift.id}`}
        >
          {money(shift.difference)}
        </span>
      ),
    },
    {
      key: 'actions',
      title: t('common.actions'),
      render: (_value, shift) => (
        <Space size={0} wrap className="admit-row-actions">
          <Button
            size="small"
            type="link"
            onClick={() => setOpened(shift)}
            aria-label={t('afterSale.finance.openOf', { name: shift.userName })}
            data-testid={`shift-open-${shift.id}`}
          >
            {t('afterSale.finance.open')}
          </Button>
          {canConfirm && shift.status === 'closed' ? (
            <Button
              size="small"
              type="link"
              onClick={() => askConfirm(shift)}
              aria-label={t('afterSale.finance.confirmOf', { name: shift.userName })}
              data-testid={`shift-confirm-${shift.id}`}
            >
              {t('afterSale.finance.confirm')}
            </Button>
          ) : null}
        </Space>
      ),
    },
  ];

  return (
    <section aria-label={t('afterSale.finance.title')}>
      <div className="admit-toolbar">
        <Space wrap>
          <label htmlFor="shifts-date">{t('afterSale.finance.date')}</label>
          <Input
            id="shifts-date"
            type="date"
            value={date}
            onChange={(event) => {
              if (event.target.value !== '') setDate(event.target.value);
            }}
            data-testid="shifts-date"
          />
        </Space>
      </div>
      {shifts.isError ? (
        <LoadError error={shifts.error} onRetry={() => void shifts.refetch()} />
      ) : (
        <Table<ShiftView>
          rowKey="id"
          size="small"
          loading={shifts.isPending}
          columns={columns}
          dataSource={shifts.data ?? []}
          pagination={false}
          scroll={{ x: 900 }}
          locale={{ emptyText: t('afterSale.finance.none') }}
          data-testid="day-shifts"
        />
      )}
      <Drawer
        open={opened !== null}
        onClose={() => setOpened(null)}
        title={t('afterSale.report.title')}
        size={820}
        destroyOnHidden
      >
        {opened === null ? null : <ReportInDrawer site={site} shiftId={opened.id} />}
      </Drawer>
    </section>
  );
}

function ReportInDrawer({ site, shiftId }: { site: SiteView; shiftId: string }) {
  const report = useQuery(shiftReportQuery(site.id, shiftId));
  if (report.isPending) return <Loading />;
  if (report.isError) return <LoadError error={report.error} onRetry={() => void report.refetch()} />;
  return (
    <>
      <ShiftReportView report={report.data} site={site} />
      <ShiftReportPrint report={report.data} site={site} />
    </>
  );
}

/** Refunds the provider has not confirmed yet (retried by a job) and cash awaiting collection. */
function OpenRefunds({ site }: { site: SiteView }) {
  const { t } = useTranslation();
  const canSee = usePermission('finance.settle');
  const refunds = useQuery({ ...openRefundsQuery(site.id), enabled: canSee });
  if (!canSee) return null;
  const columns: TableColumnsType<OpenRefund> = [
    { title: t('afterSale.openRefunds.order'), dataIndex: 'orderNumber', key: 'order' },
    {
      title: t('afterSale.openRefunds.method'),
      key: 'method',
      render: (_, r) => (r.provider ? `${r.method} (${r.provider})` : r.method),
    },
    {
      title: t('afterSale.openRefunds.amount'),
      key: 'amount',
      align: 'right',
      render: (_, r) => formatFen(r.amount),
    },
    {
      title: t('afterSale.openRefunds.status'),
      key: 'status',
      render: (_, r) => (
        <Tag color={r.status === 'failed' ? 'red' : 'orange'}>
          {t(`afterSale.openRefunds.statuses.${r.status}`)}
        </Tag>
      ),
    },
    { title: t('afterSale.openRefunds.attempts'), dataIndex: 'attempts', key: 'attempts', align: 'right' },
    { title: t('afterSale.openRefunds.lastError'), key: 'lastError', render: (_, r) => r.lastError ?? '' },
    {
      title: t('afterSale.openRefunds.createdAt'),
      key: 'createdAt',
      render: (_, r) => dateTimeAtSite(r.createdAt, site.timeZone),
    },
  ];
  return (
    <section aria-label={t('afterSale.openRefunds.title')} className="admit-section">
      <h2>{t('afterSale.openRefunds.title')}</h2>
      <p className="admit-muted">{t('afterSale.openRefunds.intro')}</p>
      {refunds.isError ? (
        <LoadError error={refunds.error} onRetry={() => void refunds.refetch()} />
      ) : (
        <Table<OpenRefund>
          rowKey="id"
          size="small"
          loading={refunds.isPending}
          columns={columns}
          dataSource={refunds.data ?? []}
          pagination={false}
          locale={{ emptyText: t('afterSale.openRefunds.none') }}
          data-testid="open-refunds"
        />
      )}
    </section>
  );
}
