// 会计科目 — finance maps each kind of money of a site to its ledger's accounts: ticket revenue (per
// ticket type where wanted), output VAT and its rate, the money accounts per payment method, the
// agencies' receivables, deferred revenue, channel commissions, cash over and short; the voucher word
// the vouchers are numbered under; the accounts' names the exports carry. A site without a chart starts
// from the standard template. The server checks the chart and names the field at fault.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Form, Input, Space, Switch, Table } from 'antd';
import { accountCodePattern, chartAccountCodes } from '@admit/domain';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { productsQuery, type SiteView } from '../../../api/catalog';
import { ApiError } from '../../../api/client';
import { agenciesQuery } from '../../../api/sales';
import { usePermission } from '../../../auth/session';
import { errorText } from '../../../components/errorText';
import { PageTitle } from '../../../components/PageTitle';
import { dateTimeAtSite, localized } from '../../../format';
import { useLocale } from '../../../i18n/hooks';
import { Loading, LoadError } from '../../catalog/QueryStates';
import { CounterSiteSelect, useCounterSite } from '../../sell/CounterSite';
import {
  chartQuery,
  chartQueryKey,
  chartTemplateQuery,
  saveChart,
  type ChartOfAccountsInput,
  type ChartOfAccountsView,
} from './api';

const methods = ['cash', 'card', 'payment_code', 'online'] as const;

type ChartForm = {
  voucherWord: string;
  vatRate: string;
  vatAccount: string;
  revenueDefault: string;
  revenueByProduct: Record<string, string | undefined>;
  clearing: Record<(typeof methods)[number], string>;
  receivableDefault: string;
  receivableByAgency: Record<string, string | undefined>;
  deferred: string;
  commissionAccount: string;
  commissionGross: boolean;
  overShort: string;
  names: Record<string, string | undefined>;
};

const FORM_ID = 'chart-form';

/** A field of the form by its path, e.g. ['clearing', 'cash'] or ['revenueByProduct', 'ADULT']. */
type FieldName = string[];

function toForm(chart: ChartOfAccountsView, voucherWord: string): ChartForm {
  return {
    voucherWord,
    vatRate: String(chart.outputVat.rateBasisPoints / 100),
    vatAccount: chart.outputVat.account,
    revenueDefault: chart.revenue.default,
    revenueByProduct: { ...chart.revenue.byProduct },
    clearing: { ...chart.clearing },
    receivableDefault: chart.receivable.default,
    receivableByAgency: { ...chart.receivable.byAgency },
    deferred: chart.deferredRevenue,
    commissionAccount: chart.commission.account,
    commissionGross: chart.commission.bookedGross,
    overShort: chart.overShort,
    names: { ...chart.accountNames },
  };
}

/** The filled-in entries of a by-key map of codes (an empty one falls back to the default account). */
function filled(map: Record<string, string | undefined> | undefined): Record<string, string> {
  return Object.fromEntries(
    Object.entries(map ?? {})
      .map(([k, v]) => [k, (v ?? '').trim()] as const)
      .filter(([, v]) => v !== ''),
  );
}

function fromForm(values: ChartForm): { chart: ChartOfAccountsInput; voucherWord: string } {
  const chart = {
    revenue: { default: values.revenueDefault.trim(), byProduct: filled(values.revenueByProduct) },
    outputVat: {
      account: values.vatAccount.trim(),
      rateBasisPoints: Math.round(Number(values.vatRate) * 100),
    },
    clearing: {
      cash: values.clearing.cash.trim(),
      card: values.clearing.card.trim(),
      payment_code: values.clearing.payment_code.trim(),
      online: values.clearing.online.trim(),
    },
    receivable: { default: values.receivableDefault.trim(), byAgency: filled(values.receivableByAgency) },
    deferredRevenue: values.deferred.trim(),
    commission: { account: values.commissionAccount.trim(), bookedGross: values.commissionGross },
    overShort: values.overShort.trim(),
    accountNames: {} as Record<string, string>,
  };
  const used = new Set(chartAccountCodes({ ...chart, siteId: '' }));
  chart.accountNames = Object.fromEntries(
    Object.entries(filled(values.names)).filter(([code]) => used.has(code)),
  );
  return { chart, voucherWord: values.voucherWord.trim() };
}

/** The form field a server-side problem (`details.field`) is about. */
function fieldOf(problem: string): FieldName {
  const [head = '', second, ...rest] = problem.split('.');
  const key = [second, ...rest].join('.');
  switch (head) {
    case 'revenue':
      return second === 'default' ? ['revenueDefault'] : ['revenueByProduct', rest.join('.')];
    case 'outputVat':
      return second === 'account' ? ['vatAccount'] : ['vatRate'];
    case 'clearing':
      return ['clearing', key];
    case 'receivable':
      return second === 'byAgency' && rest.length > 0
        ? ['receivableByAgency', rest.join('.')]
        : ['receivableDefault'];
    case 'deferredRevenue':
      return ['deferred'];
    case 'commission':
      return ['commissionAccount'];
    case 'accountNames':
      return ['names', key];
    default:
      return [head];
  }
}

export function AccountsTab() {
  const { t } = useTranslation();
  const counter = useCounterSite();
  const { sites, site } = counter;
  let body;
  if (sites.isPending) body = <Loading />;
  else if (sites.isError) body = <LoadError error={sites.error} onRetry={() => void sites.refetch()} />;
  else if (site === undefined) body = <p className="admit-muted">{t('finance.noSites')}</p>;
  else body = <ChartOfSite key={site.id} site={site} />;
  return (
    <>
      <PageTitle
        title={t('finance.tabs.accounts')}
        extra={<CounterSiteSelect counter={counter} id="accounts-site" />}
      >
        <p className="admit-muted">{t('finance.accounts.intro')}</p>
      </PageTitle>
      {body}
    </>
  );
}

function ChartOfSite({ site }: { site: SiteView }) {
  const chart = useQuery(chartQuery(site.id));
  if (chart.isPending) return <Loading />;
  if (chart.isError) return <LoadError error={chart.error} onRetry={() => void chart.refetch()} />;
  return <ChartEditor site={site} saved={chart.data} />;
}

function ChartEditor({
  site,
  saved,
}: {
  site: SiteView;
  saved: Awaited<ReturnType<typeof saveChart>> | null;
}) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const client = useQueryClient();
  const { message, modal } = AntApp.useApp();
  const canEdit = usePermission('finance.vouchers');
  const [form] = Form.useForm<ChartForm>();
  const template = useQuery(chartTemplateQuery(site.id));
  const products = useQuery(productsQuery(site.id));
  const agencies = useQuery(agenciesQuery(site.id));
  const values = Form.useWatch([], form) as ChartForm | undefined;

  useEffect(() => {
    if (saved) form.setFieldsValue(toForm(saved.chart, saved.voucherWord));
  }, [form, saved]);

  const mutation = useMutation({
    mutationFn: (v: ChartForm) => saveChart(site.id, fromForm(v)),
    onSuccess: (chart) => {
      client.setQueryData(chartQueryKey(site.id), chart);
      void message.success(t('finance.accounts.saved'));
    },
    onError: (error) => {
      const field =
        error instanceof ApiError ? (error.details as { field?: unknown } | undefined)?.field : undefined;
      if (typeof field === 'string')
        form.setFields([{ name: fieldOf(field) as never, errors: [t('finance.accounts.invalidField')] }]);
    },
  });

  const loadTemplate = () => {
    if (!template.data) return;
    const apply = () => {
      form.setFieldsValue(toForm(template.data.chart, template.data.voucherWord));
      void message.info(t('finance.accounts.templateLoaded'));
    };
    if (saved)
      modal.confirm({
        title: t('finance.accounts.templateConfirm'),
        onOk: apply,
        okText: t('common.confirm'),
        cancelText: t('common.cancel'),
      });
    else apply();
  };

  const codeRule = (required: boolean) => ({
    validator: (_rule: unknown, value: string | undefined) => {
      const text = (value ?? '').trim();
      if (text === '')
        return required ? Promise.reject(new Error(t('finance.accounts.required'))) : Promise.resolve();
      return accountCodePattern.test(text)
        ? Promise.resolve()
        : Promise.reject(new Error(t('finance.accounts.invalidCode')));
    },
  });
  const code = (name: FieldName, label: string, testId: string, required = true) => (
    <Form.Item<ChartForm>
      key={name.join('.')}
      name={name as never}
      label={label}
      rules={[codeRule(required)]}
    >
      <Input
        autoComplete="off"
        spellCheck={false}
        maxLength={40}
        style={{ width: 180 }}
        data-testid={testId}
      />
    </Form.Item>
  );

  const usedCodes = useMemo(() => {
    if (!values) return [];
    try {
      return chartAccountCodes({ ...fromForm(values).chart, siteId: '' }).filter((c) =>
        accountCodePattern.test(c),
      );
    } catch {
      return [];
    }
  }, [values]);
  const mutationProblem =
    mutation.isError &&
    !(
      mutation.error instanceof ApiError && (mutation.error.details as { field?: unknown } | undefined)?.field
    );

  return (
    <>
      {saved ? (
        <p className="admit-muted" data-testid="accounts-updated">
          {t('finance.accounts.updated', {
            at: dateTimeAtSite(saved.updatedAt, site.timeZone),
            name: saved.updatedByName ?? '—',
          })}
        </p>
      ) : (
        <Alert
          type="info"
          showIcon
          className="admit-form-alert"
          title={t('finance.accounts.none')}
          data-testid="accounts-none"
        />
      )}
      <Space wrap className="admit-toolbar">
        <Button onClick={loadTemplate} disabled={!canEdit || !template.data} data-testid="accounts-template">
          {t('finance.accounts.fromTemplate')}
        </Button>
      </Space>
      {mutationProblem ? (
        <Alert
          type="error"
          showIcon
          role="alert"
          className="admit-form-alert"
          title={errorText(mutation.error, t)}
        />
      ) : null}
      <Form<ChartForm>
        form={form}
        id={FORM_ID}
        layout="vertical"
        disabled={!canEdit || mutation.isPending}
        initialValues={{
          voucherWord: '记',
          vatRate: '',
          vatAccount: '',
          revenueDefault: '',
          revenueByProduct: {},
          clearing: { cash: '', card: '', payment_code: '', online: '' },
          receivableDefault: '',
          receivableByAgency: {},
          deferred: '',
          commissionAccount: '',
          commissionGross: false,
          overShort: '',
          names: {},
        }}
        onFinish={(v) => mutation.mutate(v)}
      >
        <section className="admit-section" aria-label={t('finance.accounts.vat')}>
          <Space wrap align="start">
            <Form.Item
              name="voucherWord"
              label={t('finance.accounts.voucherWord')}
              extra={t('finance.accounts.voucherWordHint')}
              rules={[
                { required: true, whitespace: true, max: 4, message: t('finance.accounts.voucherWordHint') },
              ]}
            >
              <Input
                maxLength={4}
                autoComplete="off"
                autoFocus
                style={{ width: 100 }}
                data-testid="accounts-voucher-word"
              />
            </Form.Item>
            <Form.Item
              name="vatRate"
              label={t('finance.accounts.vatRate')}
              rules={[
                {
                  validator: (_rule, value: string | undefined) =>
                    /^\d{1,3}(\.\d{1,2})?$/.test((value ?? '').trim()) && Number(value) <= 100
                      ? Promise.resolve()
                      : Promise.reject(new Error(t('finance.accounts.vatRateInvalid'))),
                },
              ]}
            >
              <Input
                inputMode="decimal"
                suffix="%"
                autoComplete="off"
                style={{ width: 120 }}
                data-testid="accounts-vat-rate"
              />
            </Form.Item>
            {code(['vatAccount'], t('finance.accounts.vatAccount'), 'accounts-vat-account')}
          </Space>
        </section>

        <section className="admit-section" aria-label={t('finance.accounts.revenue')}>
          <h2>{t('finance.accounts.revenue')}</h2>
          {code(['revenueDefault'], t('finance.accounts.revenueDefault'), 'accounts-revenue-default')}
          <h3>{t('finance.accounts.revenueByType')}</h3>
          <Space wrap align="start">
            {(products.data ?? []).map((p) =>
              code(
                ['revenueByProduct', p.code],
                `${localized(locale, p.nameZh, p.nameEn)} (${p.code})`,
                `accounts-revenue-${p.code}`,
                false,
              ),
            )}
          </Space>
        </section>

        <section className="admit-section" aria-label={t('finance.accounts.clearing')}>
          <h2>{t('finance.accounts.clearing')}</h2>
          <Space wrap align="start">
            {methods.map((m) => code(['clearing', m], t(`finance.methods.${m}`), `accounts-clearing-${m}`))}
          </Space>
        </section>

        <section className="admit-section" aria-label={t('finance.accounts.receivable')}>
          <h2>{t('finance.accounts.receivable')}</h2>
          {code(
            ['receivableDefault'],
            t('finance.accounts.receivableDefault'),
            'accounts-receivable-default',
          )}
          {agencies.data && agencies.data.length > 0 ? (
            <>
              <h3>{t('finance.accounts.receivableByAgency')}</h3>
              <Space wrap align="start">
                {agencies.data.map((a) =>
                  code(
                    ['receivableByAgency', a.id],
                    `${a.name} (${a.code})`,
                    `accounts-receivable-${a.code}`,
                    false,
                  ),
                )}
              </Space>
            </>
          ) : null}
        </section>

        <section className="admit-section" aria-label={t('finance.accounts.deferred')}>
          <Space wrap align="start">
            {code(['deferred'], t('finance.accounts.deferred'), 'accounts-deferred')}
            {code(['overShort'], t('finance.accounts.overShort'), 'accounts-over-short')}
          </Space>
        </section>

        <section className="admit-section" aria-label={t('finance.accounts.commission')}>
          <Space wrap align="start">
            {code(['commissionAccount'], t('finance.accounts.commission'), 'accounts-commission')}
            <Form.Item
              name="commissionGross"
              label={t('finance.accounts.commissionGross')}
              valuePropName="checked"
            >
              <Switch data-testid="accounts-commission-gross" />
            </Form.Item>
          </Space>
        </section>

        <section className="admit-section" aria-label={t('finance.accounts.names')}>
          <h2>{t('finance.accounts.names')}</h2>
          <Table
            rowKey={(c) => c}
            size="small"
            pagination={false}
            dataSource={usedCodes}
            columns={[
              { key: 'code', title: t('finance.accounts.code'), render: (_, c) => c },
              {
                key: 'name',
                title: t('finance.accounts.name'),
                render: (_, c) => (
                  <Form.Item name={['names', c]} noStyle rules={[{ max: 80 }]}>
                    <Input
                      maxLength={80}
                      autoComplete="off"
                      aria-label={`${t('finance.accounts.name')} ${c}`}
                      data-testid={`accounts-name-${c}`}
                    />
                  </Form.Item>
                ),
              },
            ]}
            data-testid="accounts-names"
          />
        </section>

        {canEdit ? (
          <Button type="primary" htmlType="submit" loading={mutation.isPending} data-testid="accounts-save">
            {t('finance.accounts.save')}
          </Button>
        ) : null}
      </Form>
    </>
  );
}
