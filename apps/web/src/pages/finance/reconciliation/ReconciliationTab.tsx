// 对账 — finance imports a payment provider's statement for a site (Alipay's bill, WeChat Pay's trade
// bill, or another provider's CSV through a column mapping), sees each run with its counts per outcome,
// opens a run to go through its items (filtered by outcome, or to those still open) and resolves each
// difference with a note. The simulator's statement can be downloaded here for training.
import { useQuery } from '@tanstack/react-query';
import { Button, Space, Table, Tag, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SiteView } from '../../../api/catalog';
import { PageTitle } from '../../../components/PageTitle';
import { dateTimeAtSite } from '../../../format';
import { Loading, LoadError } from '../../catalog/QueryStates';
import { CounterSiteSelect, useCounterSite } from '../../sell/CounterSite';
import { runsQuery, type ReconciliationRunView } from './api';
import { ImportPanel } from './ImportPanel';
import { OutcomeCounts, providerName } from './Outcomes';
import { RunDetail } from './RunDetail';
import { SimulatorStatement } from './SimulatorStatement';

export function ReconciliationTab() {
  const { t } = useTranslation();
  const counter = useCounterSite();
  const { sites, site } = counter;
  let body;
  if (sites.isPending) body = <Loading />;
  else if (sites.isError) body = <LoadError error={sites.error} onRetry={() => void sites.refetch()} />;
  else if (site === undefined) body = <p className="admit-muted">{t('reconciliation.noSites')}</p>;
  else body = <SiteReconciliation key={site.id} site={site} />;
  return (
    <>
      <PageTitle
        title={t('reconciliation.title')}
        extra={<CounterSiteSelect counter={counter} id="reconciliation-site" />}
      >
        <p className="admit-muted">{t('reconciliation.intro')}</p>
      </PageTitle>
      {body}
    </>
  );
}

function SiteReconciliation({ site }: { site: SiteView }) {
  const [opened, setOpened] = useState<string | null>(null);
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <ImportPanel site={site} onImported={(runId) => setOpened(runId)} />
      <Runs site={site} opened={opened} onOpen={setOpened} />
      {opened === null ? null : (
        <RunDetail key={opened} site={site} runId={opened} onClose={() => setOpened(null)} />
      )}
      <SimulatorStatement site={site} />
    </Space>
  );
}

function Runs({
  site,
  opened,
  onOpen,
}: {
  site: SiteView;
  opened: string | null;
  onOpen: (runId: string) => void;
}) {
  const { t } = useTranslation();
  const runs = useQuery(runsQuery(site.id));
  const columns: TableColumnsType<ReconciliationRunView> = [
    {
      key: 'createdAt',
      title: t('reconciliation.runs.columns.createdAt'),
      className: 'admit-nowrap',
      render: (_, r) => dateTimeAtSite(r.createdAt, site.timeZone),
    },
    { key: 'file', title: t('reconciliation.runs.columns.file'), dataIndex: 'fileName' },
    {
      key: 'provider',
      title: t('reconciliation.runs.columns.provider'),
      render: (_, r) => providerName(t, r.provider),
    },
    {
      key: 'period',
      title: t('reconciliation.runs.columns.period'),
      className: 'admit-nowrap',
      render: (_, r) => (r.periodFrom === r.periodTo ? r.periodFrom : `${r.periodFrom} – ${r.periodTo}`),
    },
    { key: 'lines', title: t('reconciliation.runs.columns.lines'), dataIndex: 'lineCount', align: 'right' },
    {
      key: 'counts',
      title: t('reconciliation.runs.columns.counts'),
      render: (_, r) => <OutcomeCounts counts={r.counts} />,
    },
    {
      key: 'open',
      title: t('reconciliation.runs.columns.open'),
      align: 'right',
      render: (_, r) => (
        <span data-testid={`recon-run-open-count-${r.id}`}>
          {r.openCount > 0 ? <Tag color="red">{r.openCount}</Tag> : 0}
        </span>
      ),
    },
    {
      key: 'actions',
      title: t('common.actions'),
      render: (_, r) => (
        <Button
          size="small"
          type={opened === r.id ? 'primary' : 'link'}
          onClick={() => onOpen(r.id)}
          aria-label={t('reconciliation.runs.viewOf', { file: r.fileName })}
          data-testid={`recon-run-${r.id}`}
        >
          {t('reconciliation.runs.view')}
        </Button>
      ),
    },
  ];
  return (
    <section aria-label={t('reconciliation.runs.title')}>
      <h2>{t('reconciliation.runs.title')}</h2>
      {runs.isError ? (
        <LoadError error={runs.error} onRetry={() => void runs.refetch()} />
      ) : (
        <Table<ReconciliationRunView>
          rowKey="id"
          size="small"
          loading={runs.isPending}
          columns={columns}
          dataSource={runs.data ?? []}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          scroll={{ x: 900 }}
          locale={{ emptyText: t('reconciliation.runs.none') }}
          data-testid="recon-runs"
        />
      )}
    </section>
  );
}
