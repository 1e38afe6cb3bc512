// 日结 — finance picks a site and a business day (yesterday at the site by default) and sees its
// settlement: whether it can be confirmed (the day over, every shift confirmed — the ones that are not
// are listed, with the way to the shift review), the totals, the figures by payment method, ticket
// type, channel and seller, free and complimentary tickets apart, the cash over and short; confirms
// it through a dialog, after which it shows as locked with who and when; the month's days and their
// state; and the adjustments made on the day, with a drawer to record one.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App as AntApp,
  Button,
  Descriptions,
  Form,
  Input,
  Modal,
  Space,
  Table,
  Tag,
  type InputRef,
  type TableColumnsType,
} from 'antd';
import { addDays } from '@admit/domain';
import type { TFunction } from 'i18next';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { SiteView } from '../../../api/catalog';
import { usePermission } from '../../../auth/session';
import { errorText } from '../../../components/errorText';
import { PageTitle } from '../../../components/PageTitle';
import { dateTimeAtSite, formatFen, localized, todayAtSite } from '../../../format';
import { useLocale } from '../../../i18n/hooks';
import { Loading, LoadError } from '../../catalog/QueryStates';
import { CounterSiteSelect, useCounterSite } from '../../sell/CounterSite';
import { AdjustmentDrawer } from './AdjustmentDrawer';
import {
  confirmSettlement,
  settlementMonthQuery,
  settlementQuery,
  settlementsQueryKey,
  type SettlementDayView,
  type SettlementView,
} from './api';

type Figures = SettlementView['figures'];
type Row = Figures['totals'] & { key: string; label: string };

const STATE_COLORS = { settled: 'green', ready: 'blue', open: 'orange', future: 'default' } as const;

export function SettlementTab() {
  const { t } = useTranslation();
  const counter = useCounterSite();
  const { sites, site } = counter;
  let body;
  if (sites.isPending) body = <Loading />;
  else if (sites.isError) body = <LoadError error={sites.error} onRetry={() => void sites.refetch()} />;
  else if (site === undefined) body = <p className="admit-muted">{t('finance.noSites')}</p>;
  else body = <SettlementOfSite key={site.id} site={site} />;
  return (
    <>
      <PageTitle
        title={t('finance.tabs.settlement')}
        extra={<CounterSiteSelect counter={counter} id="settlement-site" />}
      >
        <p className="admit-muted">{t('finance.settlement.intro')}</p>
      </PageTitle>
      {body}
    </>
  );
}

function SettlementOfSite({ site }: { site: SiteView }) {
  const { t } = useTranslation();
  const [date, setDate] = useState(() => addDays(todayAtSite(site.timeZone), -1));
  const settlement = useQuery(settlementQuery(site.id, date));
  return (
    <>
      <div className="admit-toolbar">
        <Space wrap>
          <label htmlFor="settlement-date">{t('finance.settlement.date')}</label>
          <Input
            id="settlement-date"
            type="date"
            value={date}
            onChange={(event) => {
              if (event.target.value !== '') setDate(event.target.value);
            }}
            data-testid="settlement-date"
          />
        </Space>
      </div>
      {settlement.isPending ? (
        <Loading />
      ) : settlement.isError ? (
        <LoadError error={settlement.error} onRetry={() => void settlement.refetch()} />
      ) : (
        <DaySettlement site={site} settlement={settlement.data} />
      )}
      <AdjustmentsOfDay site={site} date={date} settlement={settlement.data} />
      <MonthDays site={site} date={date} onPick={setDate} />
    </>
  );
}

function DaySettlement({ site, settlement }: { site: SiteView; settlement: SettlementView }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { figures, names } = settlement;
  const columns = figureColumns(t);
  const productName = (code: string) => {
    const names_ = names.products[code];
    return names_ ? `${localized(locale, names_.nameZh, names_.nameEn)} (${code})` : code;
  };
  const methodRows: Row[] = figures.byPaymentMethod.map((m) => ({
    ...zeroTickets,
    ...m,
    key: m.method,
    label: t(`finance.methods.${m.method}`),
  }));
  return (
    <>
      <SettlementStatus site={site} settlement={settlement} />
      <section className="admit-section" aria-label={t('finance.settlement.totals')}>
        <h2>{t('finance.settlement.totals')}</h2>
        <Descriptions
          bordered
          size="small"
          column={{ xs: 1, sm: 2, md: 3 }}
          data-testid="settlement-totals"
          items={[
            ...(['sales', 'refunds', 'rebookings', 'adjustments', 'net', 'feesKept'] as const).map(
              (field) => ({
                key: field,
                label: t(`finance.figures.${field}`),
                children: (
                  <span data-testid={`settlement-total-${field}`}>{formatFen(figures.totals[field])}</span>
                ),
              }),
            ),
            ...(['ticketsSold', 'ticketsRefunded', 'ticketsRebooked'] as const).map((field) => ({
              key: field,
              label: t(`finance.figures.${field}`),
              children: <span data-testid={`settlement-total-${field}`}>{figures.totals[field]}</span>,
            })),
          ]}
        />
      </section>
      <FigureTable
        title={t('finance.settlement.byMethod')}
        first={t('finance.settlement.method')}
        rows={methodRows}
        columns={columns.filter((c) => moneyOnly.includes(c.key as string))}
        testId="settlement-by-method"
      />
      <FigureTable
        title={t('finance.settlement.byType')}
        first={t('finance.settlement.type')}
        rows={figures.byTicketType.map((r) => ({
          ...r,
          key: r.productCode,
          label: productName(r.productCode),
        }))}
        columns={columns.filter((c) => c.key !== 'adjustments')}
        testId="settlement-by-type"
      />
      <FigureTable
        title={t('finance.settlement.byChannel')}
        first={t('finance.settlement.channel')}
        rows={figures.byChannel.map((r) => ({
          ...r,
          key: r.channel,
          label: t(`finance.channels.${r.channel}`),
        }))}
        columns={columns.filter((c) => c.key !== 'adjustments')}
        testId="settlement-by-channel"
      />
      <FigureTable
        title={t('finance.settlement.bySeller')}
        first={t('finance.settlement.seller')}
        rows={figures.bySeller.map((r) => ({
          ...r,
          key: r.sellerId ?? 'none',
          label:
            r.sellerId === null ? t('finance.settlement.noSeller') : (names.users[r.sellerId] ?? r.sellerId),
        }))}
        columns={columns.filter((c) => c.key !== 'adjustments')}
        testId="settlement-by-seller"
      />
      <div>
        <Gifts title={t('finance.settlement.free')} figures={figures.free} testId="settlement-free" />
        <Gifts
          title={t('finance.settlement.complimentary')}
          figures={figures.complimentary}
          testId="settlement-complimentary"
        />
        <section className="admit-section" aria-label={t('finance.settlement.overShort')}>
          <h2>{t('finance.settlement.overShort')}</h2>
          <Descriptions
            bordered
            size="small"
            column={{ xs: 1, sm: 3 }}
            data-testid="settlement-over-short"
            items={[
              {
                key: 'over',
                label: t('finance.settlement.over'),
                children: formatFen(figures.overShort.over),
              },
              {
                key: 'short',
                label: t('finance.settlement.short'),
                children: formatFen(figures.overShort.short),
              },
              {
                key: 'net',
                label: t('finance.settlement.overShortNet'),
                children: formatFen(figures.overShort.net),
              },
            ]}
          />
        </section>
      </div>
    </>
  );
}

const zeroTickets = { feesKept: 0, ticketsSold: 0, ticketsRefunded: 0, ticketsRebooked: 0 };
const moneyOnly = ['sales', 'refunds', 'rebookings', 'adjustments', 'net'];

function figureColumns(t: TFunction): TableColumnsType<Row> {
  const money = (field: keyof Figures['totals']) => ({
    key: field,
    title: t(`finance.figures.${field}`),
    align: 'right' as const,
    className: 'admit-nowrap',
    render: (_: unknown, row: Row) => formatFen(row[field]),
  });
  const count = (field: keyof Figures['totals']) => ({
    key: field,
    title: t(`finance.figures.${field}`),
    align: 'right' as const,
    render: (_: unknown, row: Row) => row[field],
  });
  return [
    money('sales'),
    money('refunds'),
    money('rebookings'),
    money('adjustments'),
    money('net'),
    money('feesKept'),
    count('ticketsSold'),
    count('ticketsRefunded'),
    count('ticketsRebooked'),
  ];
}

function FigureTable({
  title,
  first,
  rows,
  columns,
  testId,
}: {
  title: string;
  first: string;
  rows: Row[];
  columns: TableColumnsType<Row>;
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <section className="admit-section" aria-label={title}>
      <h2>{title}</h2>
      <Table<Row>
        rowKey="key"
        size="small"
        pagination={false}
        scroll={{ x: 800 }}
        columns={[{ key: 'label', title: first, dataIndex: 'label' }, ...columns]}
        dataSource={rows}
        locale={{ emptyText: t('finance.settlement.none') }}
        data-testid={testId}
      />
    </section>
  );
}

function Gifts({ title, figures, testId }: { title: string; figures: Figures['free']; testId: string }) {
  const { t } = useTranslation();
  return (
    <section className="admit-section" aria-label={title}>
      <h2>{title}</h2>
      <Table
        rowKey="reason"
        size="small"
        pagination={false}
        columns={[
          { key: 'reason', title: t('finance.settlement.reason'), dataIndex: 'reason' },
          { key: 'issued', title: t('finance.settlement.issued'), dataIndex: 'issued', align: 'right' },
          { key: 'returned', title: t('finance.settlement.returned'), dataIndex: 'returned', align: 'right' },
        ]}
        dataSource={figures.byReason}
        locale={{ emptyText: t('finance.settlement.none') }}
        data-testid={testId}
      />
    </section>
  );
}

/** Confirmed (locked, who and when), or what keeps the day from being settled, with the confirm button. */
function SettlementStatus({ site, settlement }: { site: SiteView; settlement: SettlementView }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const { message } = AntApp.useApp();
  const canSettle = usePermission('finance.settle');
  const [asking, setAsking] = useState(false);
  const [form] = Form.useForm<{ note: string }>();
  const noteInput = useRef<InputRef>(null);
  const confirm = useMutation({
    mutationFn: (note: string) => confirmSettlement(site.id, settlement.date, note),
    onSuccess: (confirmed) => {
      client.setQueryData(settlementQuery(site.id, settlement.date).queryKey, confirmed);
      void client.invalidateQueries({ queryKey: settlementsQueryKey(site.id) });
      void message.success(t('finance.settlement.confirmedMessage', { date: settlement.date }));
      setAsking(false);
    },
  });
  const { confirmed, readiness } = settlement;
  if (confirmed)
    return (
      <Alert
        type="success"
        showIcon
        className="admit-form-alert"
        data-testid="settlement-confirmed"
        title={
          <Space wrap>
            <Tag color="green">{t('finance.settlement.locked')}</Tag>
            {t('finance.settlement.confirmed', {
              at: dateTimeAtSite(confirmed.confirmedAt, site.timeZone),
              name: confirmed.confirmedByName ?? '—',
            })}
          </Space>
        }
        description={
          confirmed.note === '' ? undefined : t('finance.settlement.confirmedNote', { note: confirmed.note })
        }
      />
    );
  return (
    <section aria-label={t('finance.settlement.status')} data-testid="settlement-readiness">
      {!readiness.dayOver ? (
        <Alert type="info" showIcon className="admit-form-alert" title={t('finance.settlement.notOver')} />
      ) : null}
      {readiness.unconfirmedShifts.length > 0 ? (
        <Alert
          type="warning"
          showIcon
          className="admit-form-alert"
          title={t('finance.settlement.unconfirmed')}
          description={
            <>
              <ul data-testid="settlement-unconfirmed-shifts">
                {readiness.unconfirmedShifts.map((s) => (
                  <li key={s.id}>
                    {t('finance.settlement.shiftLine', {
                      name: s.userName,
                      terminal: s.terminal,
                      status: t(`finance.settlement.shiftStatuses.${s.status}`),
                    })}
                  </li>
                ))}
              </ul>
              <Link to={`/finance/shifts?date=${settlement.date}`} data-testid="settlement-review-shifts">
                {t('finance.settlement.review')}
              </Link>
            </>
          }
        />
      ) : null}
      {readiness.ready ? (
        <Alert type="success" showIcon className="admit-form-alert" title={t('finance.settlement.ready')} />
      ) : null}
      {readiness.pending.count > 0 ? (
        <Alert
          type="info"
          className="admit-form-alert"
          title={t('finance.settlement.pending', {
            count: readiness.pending.count,
            amount: formatFen(readiness.pending.amount),
          })}
        />
      ) : null}
      {canSettle ? (
        <Button
          type="primary"
          disabled={!readiness.ready}
          onClick={() => setAsking(true)}
          data-testid="settlement-confirm"
        >
          {t('finance.settlement.confirm')}
        </Button>
      ) : null}
      <Modal
        open={asking}
        title={t('finance.settlement.confirmTitle', { date: settlement.date })}
        onCancel={() => setAsking(false)}
        destroyOnHidden
        afterOpenChange={(visible) => {
          if (visible) noteInput.current?.focus();
          else confirm.reset();
        }}
        okText={t('finance.settlement.confirmOk')}
        cancelText={t('common.cancel')}
        okButtonProps={{
          htmlType: 'submit',
          form: 'settlement-confirm-form',
          loading: confirm.isPending,
          'data-testid': 'settlement-confirm-ok',
        }}
        onOk={() => undefined}
      >
        <p>{t('finance.settlement.confirmIntro')}</p>
        {confirm.isError ? (
          <Alert
            type="error"
            showIcon
            role="alert"
            className="admit-form-alert"
            title={errorText(confirm.error, t)}
          />
        ) : null}
        <Form
          form={form}
          id="settlement-confirm-form"
          layout="vertical"
          initialValues={{ note: '' }}
          onFinish={(values) => confirm.mutate((values.note ?? '').trim())}
        >
          <Form.Item name="note" label={t('finance.settlement.note')}>
            <Input ref={noteInput} maxLength={200} autoComplete="off" data-testid="settlement-note" />
          </Form.Item>
        </Form>
      </Modal>
    </section>
  );
}

function AdjustmentsOfDay({
  site,
  date,
  settlement,
}: {
  site: SiteView;
  date: string;
  settlement: SettlementView | undefined;
}) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const canSettle = usePermission('finance.settle');
  const [open, setOpen] = useState(false);
  const adjustments = settlement?.adjustments ?? [];
  return (
    <section className="admit-section" aria-label={t('finance.adjustments.title')}>
      <h2>{t('finance.adjustments.title')}</h2>
      <p className="admit-muted">{t('finance.adjustments.intro')}</p>
      {canSettle ? (
        <Button onClick={() => setOpen(true)} data-testid="settlement-adjustment-add">
          {t('finance.adjustments.add')}
        </Button>
      ) : null}
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        scroll={{ x: 800 }}
        columns={[
          { key: 'correctsDate', title: t('finance.adjustments.corrects'), dataIndex: 'correctsDate' },
          {
            key: 'method',
            title: t('finance.adjustments.method'),
            render: (_, a) =>
              a.agencyName
                ? `${t(`finance.methods.${a.method}`)} · ${a.agencyName}`
                : t(`finance.methods.${a.method}`),
          },
          {
            key: 'amount',
            title: t('finance.adjustments.amount'),
            align: 'right',
            render: (_, a) => formatFen(a.amount),
          },
          { key: 'reason', title: t('finance.adjustments.reason'), dataIndex: 'reason' },
          {
            key: 'by',
            title: t('finance.adjustments.by'),
            render: (_, a) => `${a.createdByName ?? '—'} · ${dateTimeAtSite(a.createdAt, site.timeZone)}`,
          },
        ]}
        dataSource={adjustments}
        locale={{ emptyText: t('finance.adjustments.none') }}
        data-testid="settlement-adjustments"
      />
      <AdjustmentDrawer
        site={site}
        open={open}
        correctsDate={settlement?.confirmed ? date : ''}
        onClose={() => setOpen(false)}
        onSaved={() => {
          setOpen(false);
          void message.success(t('finance.adjustments.saved'));
        }}
      />
    </section>
  );
}

function MonthDays({ site, date, onPick }: { site: SiteView; date: string; onPick: (date: string) => void }) {
  const { t } = useTranslation();
  const month = date.slice(0, 7);
  const days = useQuery(settlementMonthQuery(site.id, month));
  const columns: TableColumnsType<SettlementDayView> = [
    {
      key: 'date',
      title: t('finance.settlement.monthDay'),
      render: (_, d) => (
        <Button
          type="link"
          size="small"
          onClick={() => onPick(d.date)}
          aria-current={d.date === date ? 'date' : undefined}
          data-testid={`settlement-day-${d.date}`}
        >
          {d.date}
        </Button>
      ),
    },
    {
      key: 'state',
      title: t('finance.settlement.dayState'),
      render: (_, d) => (
        <Tag color={STATE_COLORS[d.state]} data-testid={`settlement-day-state-${d.date}`}>
          {t(`finance.settlement.states.${d.state}`)}
        </Tag>
      ),
    },
    {
      key: 'net',
      title: t('finance.settlement.dayNet'),
      align: 'right',
      render: (_, d) => (d.net === null ? '' : formatFen(d.net)),
    },
    {
      key: 'shifts',
      title: t('finance.settlement.dayShifts'),
      align: 'right',
      render: (_, d) => (d.unconfirmedShifts > 0 ? `${d.shifts} (${d.unconfirmedShifts})` : d.shifts),
    },
  ];
  return (
    <section className="admit-section" aria-label={t('finance.settlement.month')}>
      <h2>{t('finance.settlement.month')}</h2>
      {days.isError ? (
        <LoadError error={days.error} onRetry={() => void days.refetch()} />
      ) : (
        <Table<SettlementDayView>
          rowKey="date"
          size="small"
          loading={days.isPending}
          pagination={false}
          columns={columns}
          dataSource={(days.data ?? []).filter((d) => d.state !== 'future')}
          data-testid="settlement-month"
        />
      )}
    </section>
  );
}
