// 凭证 — finance picks a site and a range of business days (this month so far by default), generates
// the vouchers of its settled days, reads them (number, date, summary, the lines with debit and credit
// and whether the voucher balances, when it was exported and by whom) and exports them for Kingdee or
// Yonyou as xlsx or CSV. Vouchers exported before are exported again only with the re-export box
// ticked and a confirmation: importing them twice books them twice.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App as AntApp,
  Button,
  Checkbox,
  Form,
  Input,
  Modal,
  Radio,
  Space,
  Table,
  Tag,
  type TableColumnsType,
} from 'antd';
import { addDays } from '@admit/domain';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SiteView } from '../../../api/catalog';
import { ApiError } from '../../../api/client';
import { errorText } from '../../../components/errorText';
import { PageTitle } from '../../../components/PageTitle';
import { dateTimeAtSite, formatFen, localized, todayAtSite } from '../../../format';
import { useLocale } from '../../../i18n/hooks';
import { Loading, LoadError } from '../../catalog/QueryStates';
import { CounterSiteSelect, useCounterSite } from '../../sell/CounterSite';
import {
  exportVouchers,
  generateVouchers,
  vouchersQuery,
  vouchersQueryKey,
  type VoucherList,
  type VoucherRange,
  type VoucherView,
} from './api';

type Layout = 'kingdee' | 'yonyou';
type Format = 'xlsx' | 'csv';

export function VouchersTab() {
  const { t } = useTranslation();
  const counter = useCounterSite();
  const { sites, site } = counter;
  let body;
  if (sites.isPending) body = <Loading />;
  else if (sites.isError) body = <LoadError error={sites.error} onRetry={() => void sites.refetch()} />;
  else if (site === undefined) body = <p className="admit-muted">{t('finance.noSites')}</p>;
  else body = <VouchersOfSite key={site.id} site={site} />;
  return (
    <>
      <PageTitle
        title={t('finance.tabs.vouchers')}
        extra={<CounterSiteSelect counter={counter} id="vouchers-site" />}
      >
        <p className="admit-muted">{t('finance.vouchers.intro')}</p>
      </PageTitle>
      {body}
    </>
  );
}

/** This month from its first day to yesterday at the site (or the first day itself on the 1st). */
function defaultRange(timeZone: string): VoucherRange {
  // The month up to yesterday, the last day that can be settled (on the 1st: all of last month).
  const yesterday = addDays(todayAtSite(timeZone), -1);
  return { from: `${yesterday.slice(0, 7)}-01`, to: yesterday };
}

function VouchersOfSite({ site }: { site: SiteView }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const { message } = AntApp.useApp();
  const [range, setRange] = useState(() => defaultRange(site.timeZone));
  const [form] = Form.useForm<VoucherRange>();
  const vouchers = useQuery(vouchersQuery(site.id, range));
  const generate = useMutation({
    mutationFn: () => generateVouchers(site.id, range),
    onSuccess: ({ days }) => {
      void client.invalidateQueries({ queryKey: vouchersQueryKey(site.id) });
      const count = days.reduce((sum, d) => sum + (d.outcome === 'generated' ? d.numbers.length : 0), 0);
      const skipped = days.filter((d) => d.outcome === 'not_settled').map((d) => d.date);
      const text =
        count > 0 ? t('finance.vouchers.generated', { count }) : t('finance.vouchers.generatedNone');
      void message.success(
        skipped.length > 0
          ? `${text}。${t('finance.vouchers.skipped', { dates: skipped.join(', ') })}`
          : text,
      );
    },
  });
  return (
    <>
      <Form<VoucherRange>
        form={form}
        layout="inline"
        className="admit-toolbar"
        initialValues={range}
        onFinish={(values) =>
          setRange({ from: values.from, to: values.to < values.from ? values.from : values.to })
        }
      >
        <Form.Item name="from" label={t('finance.vouchers.from')}>
          <Input type="date" data-testid="vouchers-from" />
        </Form.Item>
        <Form.Item name="to" label={t('finance.vouchers.to')}>
          <Input type="date" data-testid="vouchers-to" />
        </Form.Item>
        <Form.Item>
          <Space wrap>
            <Button htmlType="submit" data-testid="vouchers-show">
              {t('finance.vouchers.show')}
            </Button>
            <Button
              type="primary"
              onClick={() => generate.mutate()}
              loading={generate.isPending}
              data-testid="vouchers-generate"
            >
              {t('finance.vouchers.generate')}
            </Button>
          </Space>
        </Form.Item>
      </Form>
      {generate.isError ? (
        <Alert
          type="error"
          showIcon
          role="alert"
          className="admit-form-alert"
          title={errorText(generate.error, t)}
        />
      ) : null}
      <ExportPanel site={site} range={range} />
      <section className="admit-section" aria-label={t('finance.vouchers.list')}>
        <h2>{t('finance.vouchers.list')}</h2>
        {vouchers.isError ? (
          <LoadError error={vouchers.error} onRetry={() => void vouchers.refetch()} />
        ) : (
          <VoucherTable site={site} list={vouchers.data} loading={vouchers.isPending} />
        )}
      </section>
    </>
  );
}

function VoucherTable({
  site,
  list,
  loading,
}: {
  site: SiteView;
  list: VoucherList | undefined;
  loading: boolean;
}) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const [folded, setFolded] = useState<ReadonlySet<string>>(() => new Set());
  const names = list?.names;
  const auxiliary = (aux: VoucherView['lines'][number]['auxiliary']) =>
    [
      aux.productCode
        ? (() => {
            const p = names?.products[aux.productCode];
            return p ? localized(locale, p.nameZh, p.nameEn) : aux.productCode;
          })()
        : null,
      aux.agencyId ? (names?.agencies[aux.agencyId]?.name ?? aux.agencyId) : null,
      aux.sellerId ? (names?.users[aux.sellerId] ?? aux.sellerId) : null,
    ]
      .filter((x) => x !== null)
      .join(' · ');
  const columns: TableColumnsType<VoucherView> = [
    { key: 'date', title: t('finance.vouchers.date'), dataIndex: 'businessDate', className: 'admit-nowrap' },
    {
      key: 'number',
      title: t('finance.vouchers.number'),
      className: 'admit-nowrap',
      render: (_, v) => <span data-testid={`voucher-number-${v.number}`}>{`${v.word}-${v.number}`}</span>,
    },
    {
      key: 'kind',
      title: t('finance.vouchers.kind'),
      render: (_, v) => t(`finance.vouchers.kinds.${v.kind}`),
    },
    { key: 'summary', title: t('finance.vouchers.summary'), dataIndex: 'summary' },
    {
      key: 'debit',
      title: t('finance.vouchers.debit'),
      align: 'right',
      render: (_, v) => formatFen(v.debitTotal),
    },
    {
      key: 'credit',
      title: t('finance.vouchers.credit'),
      align: 'right',
      render: (_, v) => formatFen(v.creditTotal),
    },
    {
      key: 'balanced',
      title: t('finance.vouchers.balanced'),
      render: (_, v) =>
        v.debitTotal === v.creditTotal ? (
          <Tag color="green">{t('finance.vouchers.balanced')}</Tag>
        ) : (
          <Tag color="red">{t('finance.vouchers.unbalanced')}</Tag>
        ),
    },
    {
      key: 'exported',
      title: t('finance.vouchers.exported'),
      render: (_, v) =>
        v.exportCount === 0 ? (
          <span className="admit-muted">{t('finance.vouchers.notExported')}</span>
        ) : (
          <span data-testid={`voucher-exported-${v.number}`}>
            {t('finance.vouchers.exportedTimes', {
              count: v.exportCount,
              at: dateTimeAtSite(v.lastExportedAt, site.timeZone),
              name: v.lastExportedByName ?? '—',
            })}
          </span>
        ),
    },
  ];
  return (
    <Table<VoucherView>
      rowKey="id"
      size="small"
      loading={loading}
      pagination={false}
      scroll={{ x: 1000 }}
      columns={columns}
      dataSource={list?.vouchers ?? []}
      locale={{ emptyText: t('finance.vouchers.none') }}
      expandable={{
        // Lines shown for every voucher unless folded away.
        expandedRowKeys: (list?.vouchers ?? []).filter((v) => !folded.has(v.id)).map((v) => v.id),
        onExpand: (expanded, v) =>
          setFolded((current) => {
            const next = new Set(current);
            if (expanded) next.delete(v.id);
            else next.add(v.id);
            return next;
          }),
        expandedRowRender: (v) => (
          <Table
            rowKey="key"
            size="small"
            pagination={false}
            columns={[
              {
                key: 'account',
                title: t('finance.vouchers.account'),
                render: (_, l) => {
                  const name = names?.accounts[l.account];
                  return name ? `${l.account} ${name}` : l.account;
                },
              },
              {
                key: 'aux',
                title: t('finance.vouchers.auxiliary'),
                render: (_, l) => auxiliary(l.auxiliary),
              },
              {
                key: 'debit',
                title: t('finance.vouchers.debit'),
                align: 'right',
                render: (_, l) => (l.debit === 0 ? '' : formatFen(l.debit)),
              },
              {
                key: 'credit',
                title: t('finance.vouchers.credit'),
                align: 'right',
                render: (_, l) => (l.credit === 0 ? '' : formatFen(l.credit)),
              },
            ]}
            dataSource={v.lines.map((l, i) => ({ ...l, key: `${v.id}-${i}` }))}
            data-testid={`voucher-lines-${v.number}`}
          />
        ),
      }}
      data-testid="vouchers-list"
    />
  );
}

/** Saves a file the browser was handed. */
function saveFile(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  // Some browsers start the download after click() returns: let go of the file a little later.
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

function ExportPanel({ site, range }: { site: SiteView; range: VoucherRange }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const { message } = AntApp.useApp();
  const [layout, setLayout] = useState<Layout>('kingdee');
  const [format, setFormat] = useState<Format>('xlsx');
  const [reexport, setReexport] = useState(false);
  const [asking, setAsking] = useState(false);
  const exporter = useMutation({
    mutationFn: async () => {
      const blob = await exportVouchers(site.id, { ...range, layout, format, reexport });
      const name = `${t('finance.vouchers.filename')}-${site.code}-${range.from}_${range.to}-${t(`finance.vouchers.layouts.${layout}`)}.${format}`;
      saveFile(blob, name);
      return name;
    },
    onSuccess: (name) => {
      setAsking(false);
      setReexport(false);
      void client.invalidateQueries({ queryKey: vouchersQueryKey(site.id) });
      void message.success(t('finance.vouchers.exportedMessage', { file: name }));
    },
    onError: () => setAsking(false),
  });
  const already = exporter.error instanceof ApiError && exporter.error.code === 'vouchers_already_exported';
  return (
    <section className="admit-section" aria-label={t('finance.vouchers.exportTitle')}>
      <h2>{t('finance.vouchers.exportTitle')}</h2>
      <Space wrap align="center">
        <span id="vouchers-layout-label">{t('finance.vouchers.layout')}</span>
        <Radio.Group
          aria-labelledby="vouchers-layout-label"
          value={layout}
          onChange={(e) => setLayout(e.target.value as Layout)}
          optionType="button"
          options={(['kingdee', 'yonyou'] as const).map((l) => ({
            value: l,
            label: t(`finance.vouchers.layouts.${l}`),
          }))}
          data-testid="vouchers-layout"
        />
        <span id="vouchers-format-label">{t('finance.vouchers.format')}</span>
        <Radio.Group
          aria-labelledby="vouchers-format-label"
          value={format}
          onChange={(e) => setFormat(e.target.value as Format)}
          optionType="button"
          options={[
            { value: 'xlsx', label: 'Excel (xlsx)' },
            { value: 'csv', label: 'CSV' },
          ]}
          data-testid="vouchers-format"
        />
        <Checkbox
          checked={reexport}
          onChange={(e) => setReexport(e.target.checked)}
          data-testid="vouchers-reexport"
        >
          {t('finance.vouchers.reexport')}
        </Checkbox>
        <Button
          type="primary"
          loading={exporter.isPending && !asking}
          onClick={() => (reexport ? setAsking(true) : exporter.mutate())}
          data-testid="vouchers-export"
        >
          {t('finance.vouchers.export')}
        </Button>
      </Space>
      {exporter.isError ? (
        <Alert
          type={already ? 'warning' : 'error'}
          showIcon
          role="alert"
          className="admit-form-alert"
          title={already ? t('finance.vouchers.alreadyExported') : errorText(exporter.error, t)}
          data-testid="vouchers-export-error"
        />
      ) : null}
      <Modal
        open={asking}
        title={t('finance.vouchers.reexportTitle')}
        onCancel={() => setAsking(false)}
        onOk={() => exporter.mutate()}
        okText={t('finance.vouchers.reexportOk')}
        cancelText={t('common.cancel')}
        okButtonProps={{ danger: true, loading: exporter.isPending, 'data-testid': 'vouchers-reexport-ok' }}
        destroyOnHidden
      >
        <p>{t('finance.vouchers.reexportIntro')}</p>
      </Modal>
    </section>
  );
}
