// One run: what was imported (provider, days, lines, who), its counts per outcome, the lines that could
// not be read, and its items a page at a time — filtered by outcome or to those still waiting — each
// with both sides' amounts, our order and status, and its resolution or the button to resolve it.
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Button, Card, Checkbox, Radio, Space, Table, Tag, Tooltip, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SiteView } from '../../../api/catalog';
import { dateTimeAtSite, formatFen } from '../../../format';
import { Loading, LoadError } from '../../catalog/QueryStates';
import {
  itemsPage,
  itemsQueryKey,
  runQuery,
  type ItemFilter,
  type ReconciliationItemView,
  type ReconciliationOutcomeView,
} from './api';
import { OUTCOME_COLORS, OUTCOMES, OutcomeCounts, providerName } from './Outcomes';
import { ResolveDrawer } from './ResolveDrawer';

export function RunDetail({ site, runId, onClose }: { site: SiteView; runId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const run = useQuery(runQuery(site.id, runId));
  const [outcome, setOutcome] = useState<ReconciliationOutcomeView | null>(null);
  const [openOnly, setOpenOnly] = useState(false);
  const [resolving, setResolving] = useState<ReconciliationItemView | null>(null);
  const filter: ItemFilter = { outcome, open: openOnly };
  const items = useInfiniteQuery({
    queryKey: itemsQueryKey(site.id, runId, filter),
    queryFn: ({ pageParam }) => itemsPage(site.id, runId, filter, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next,
  });

  if (run.isPending) return <Loading />;
  if (run.isError) return <LoadError error={run.error} onRetry={() => void run.refetch()} />;
  const r = run.data;
  const money = (fen: number | null) => (fen === null ? '—' : formatFen(fen));
  const columns: TableColumnsType<ReconciliationItemView> = [
    {
      key: 'outcome',
      title: t('reconciliation.run.columns.outcome'),
      render: (_, i) => (
        <Tag color={OUTCOME_COLORS[i.outcome]} data-testid={`recon-item-outcome-${i.id}`}>
          {t(`reconciliation.outcomes.${i.outcome}`)}
        </Tag>
      ),
    },
    {
      key: 'kind',
      title: t('reconciliation.run.columns.kind'),
      render: (_, i) => t(`reconciliation.run.kinds.${i.kind}`),
    },
    {
      key: 'line',
      title: t('reconciliation.run.columns.line'),
      render: (_, i) =>
        i.statementLine === null ? (
          '—'
        ) : (
          <Tooltip title={i.statementLine.file ?? undefined}>
            <span>
              {i.statementLine.lineNumber}
              {i.statementLine.duplicateOf === null
                ? null
                : ` (${t('reconciliation.run.duplicateOf', { line: i.statementLine.duplicateOf })})`}
            </span>
          </Tooltip>
        ),
    },
    { key: 'reference', title: t('reconciliation.run.columns.reference'), dataIndex: 'reference' },
    {
      key: 'statement',
      title: t('reconciliation.run.columns.statement'),
      align: 'right',
      render: (_, i) => money(i.statementAmount),
    },
    {
      key: 'ours',
      title: t('reconciliation.run.columns.ours'),
      align: 'right',
      render: (_, i) => money(i.ourAmount),
    },
    {
      key: 'difference',
      title: t('reconciliation.run.columns.difference'),
      align: 'right',
      render: (_, i) =>
        i.amountDifference === null || i.amountDifference === 0 ? '' : money(i.amountDifference),
    },
    {
      key: 'status',
      title: t('reconciliation.run.columns.ourStatus'),
      render: (_, i) => {
        const line = i.statementLine?.status;
        const ours = i.ourStatus;
        return [line, ours]
          .map((s) => (s ? t(`reconciliation.statuses.${s}`, { defaultValue: s }) : '—'))
          .join(' / ');
      },
    },
    { key: 'order', title: t('reconciliation.run.columns.order'), render: (_, i) => i.orderNumber ?? '—' },
    {
      key: 'resolution',
      title: t('reconciliation.run.columns.resolution'),
      render: (_, i) => {
        if (!i.needsResolution) return null;
        if (i.resolution !== null)
          return (
            <Tooltip
              title={`${i.resolutionNote ?? ''}${i.resolvedBy ? ` — ${i.resolvedBy.name}` : ''}${
                i.resolvedAt ? ` ${dateTimeAtSite(i.resolvedAt, site.timeZone)}` : ''
              }`}
            >
              <Tag color="green" data-testid={`recon-item-resolution-${i.id}`}>
                {t(`reconciliation.resolutions.${i.resolution}`)}
              </Tag>
            </Tooltip>
          );
        return (
          <Button
            size="small"
            type="link"
            onClick={() => setResolving(i)}
            aria-label={t('reconciliation.run.resolveOf', { reference: i.reference })}
            data-testid={`recon-resolve-${i.id}`}
          >
            {t('reconciliation.run.resolve')}
          </Button>
        );
      },
    },
  ];
  const rows = items.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Card
      title={r.fileName}
      size="small"
      extra={
        <Button size="small" onClick={onClose} data-testid="recon-run-close">
          {t('reconciliation.run.close')}
        </Button>
      }
      data-testid="recon-run"
    >
      <p className="admit-muted">
        {t('reconciliation.run.summary', {
          provider: providerName(t, r.provider),
          from: r.periodFrom,
          to: r.periodTo,
          lines: r.lineCount,
          by: r.createdBy?.name ?? '—',
        })}
      </p>
      <OutcomeCounts counts={r.counts} />
      {r.parseErrors.length > 0 ? (
        <details className="admit-section" data-testid="recon-parse-errors">
          <summary>{t('reconciliation.run.parseErrors', { count: r.parseErrors.length })}</summary>
          <ul>
            {r.parseErrors.map((e, n) => (
              <li key={n}>
                {e.file ? `${e.file} · ` : ''}
                {t('reconciliation.run.parseErrorLine', { line: e.lineNumber })} · {e.code}
                {e.column ? ` · ${e.column}` : ''}
                {e.value ? ` · “${e.value}”` : ''}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      <div className="admit-toolbar">
        <Space wrap>
          <Radio.Group
            value={outcome ?? 'all'}
            onChange={(e) =>
              setOutcome(e.target.value === 'all' ? null : (e.target.value as ReconciliationOutcomeView))
            }
            optionType="button"
            size="small"
            options={[
              { value: 'all', label: t('reconciliation.run.all') },
              ...OUTCOMES.map((o) => ({
                value: o,
                label: `${t(`reconciliation.outcomes.${o}`)} ${r.counts[o]}`,
              })),
            ]}
            data-testid="recon-filter-outcome"
          />
          <Checkbox
            checked={openOnly}
            onChange={(e) => setOpenOnly(e.target.checked)}
            data-testid="recon-filter-open"
          >
            {t('reconciliation.run.openOnly')} ({r.openCount})
          </Checkbox>
        </Space>
      </div>
      {items.isError ? (
        <LoadError error={items.error} onRetry={() => void items.refetch()} />
      ) : (
        <Table<ReconciliationItemView>
          rowKey="id"
          size="small"
          loading={items.isPending}
          columns={columns}
          dataSource={rows}
          pagination={false}
          scroll={{ x: 1100 }}
          locale={{ emptyText: t('reconciliation.run.none') }}
          data-testid="recon-items"
        />
      )}
      {items.hasNextPage ? (
        <Button
          onClick={() => void items.fetchNextPage()}
          loading={items.isFetchingNextPage}
          data-testid="recon-items-more"
        >
          {t('reconciliation.run.more')}
        </Button>
      ) : null}
      <ResolveDrawer site={site} item={resolving} onClose={() => setResolving(null)} />
    </Card>
  );
}
