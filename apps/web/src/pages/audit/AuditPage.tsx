// The audit log, newest first: filter by time, action prefix, actor and outcome; load older entries
// page by page; expand an entry to see its details. Sealed entries are chained into the tamper-evident
// seal; the newest wait for the next sealing run.
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import {
  Button,
  DatePicker,
  Descriptions,
  Form,
  Input,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
  type GetProps,
  type TableColumnsType,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { auditQuery, type AuditEntry, type AuditFilters } from '../../api/audit';
import { usersQuery } from '../../api/users';
import { hasPermission, useMe } from '../../auth/session';
import { PageTitle } from '../../components/PageTitle';
import { errorText } from '../../components/errorText';
import { formatDateTime } from '../../format';
import { useLocale } from '../../i18n/hooks';

type RangeValue = GetProps<typeof DatePicker.RangePicker>['value'];
type FilterForm = {
  range?: RangeValue;
  action?: string;
  actorId?: string;
  outcome?: AuditEntry['outcome'];
};

const OUTCOME_COLORS: Record<AuditEntry['outcome'], string> = {
  success: 'green',
  failure: 'orange',
  denied: 'red',
};

export function AuditPage() {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const me = useMe();
  const canListUsers = hasPermission(me, 'users.read');
  const [form] = Form.useForm<FilterForm>();
  const [filters, setFilters] = useState<AuditFilters>({});
  const audit = useInfiniteQuery(auditQuery(filters));
  const users = useQuery({ ...usersQuery(), enabled: canListUsers });

  const userNames = useMemo(() => new Map((users.data ?? []).map((user) => [user.id, user])), [users.data]);
  const entries = useMemo(() => audit.data?.pages.flatMap((page) => page.entries) ?? [], [audit.data]);

  const columns: TableColumnsType<AuditEntry> = [
    {
      key: 'time',
      title: t('audit.fields.time'),
      render: (_value, entry) => (
        <time dateTime={entry.occurredAt}>{formatDateTime(entry.occurredAt, locale)}</time>
      ),
    },
    {
      key: 'action',
      title: t('audit.fields.action'),
      render: (_value, entry) => <code data-testid="audit-action">{entry.action}</code>,
    },
    {
      key: 'outcome',
      title: t('audit.fields.outcome'),
      render: (_value, entry) => (
        <Tag color={OUTCOME_COLORS[entry.outcome]} data-outcome={entry.outcome}>
          {t(`audit.outcome.${entry.outcome}`)}
        </Tag>
      ),
    },
    {
      key: 'actor',
      title: t('audit.fields.actor'),
      render: (_value, entry) => {
        const user = entry.actorId === null ? undefined : userNames.get(entry.actorId);
        return (
          <div data-testid="audit-actor">
            <div>
              {entry.actorName ??
                (user === undefined ? (entry.actorId ?? '—') : `${user.displayName} (${user.loginName})`)}
            </div>
            <div className="admit-muted">{entry.actorType}</div>
          </div>
        );
      },
    },
    {
      key: 'target',
      title: t('audit.fields.target'),
      render: (_value, entry) =>
        entry.targetType === null ? (
          <span className="admit-muted">—</span>
        ) : (
          <span>
            {entry.targetType}
            {entry.targetId === null ? '' : <code className="admit-muted"> {entry.targetId}</code>}
          </span>
        ),
    },
    { key: 'ip', title: t('audit.fields.ip'), render: (_value, entry) => entry.ip ?? '—' },
    {
      key: 'sealed',
      title: t('audit.fields.sealed'),
      render: (_value, entry) =>
        entry.sealed ? (
          <Tooltip title={t('audit.sealedHint')}>
            <Tag color="green" data-testid="audit-sealed">
              {t('audit.sealed')}
            </Tag>
          </Tooltip>
        ) : (
          <Tooltip title={t('audit.unsealedHint')}>
            <Tag data-testid="audit-unsealed">{t('audit.unsealed')}</Tag>
          </Tooltip>
        ),
    },
  ];

  const apply = (values: FilterForm) => {
    const [from, to] = values.range ?? [];
    setFilters({
      from: from?.toISOString(),
      to: to?.toISOString(),
      action: blankToUndefined(values.action),
      actorId: blankToUndefined(values.actorId),
      outcome: values.outcome,
    });
  };

  return (
    <>
      <PageTitle title={t('shell.nav.items.audit')}>
        <Typography.Paragraph type="secondary">{t('audit.intro')}</Typography.Paragraph>
      </PageTitle>
      <Form<FilterForm>
        form={form}
        layout="inline"
        className="admit-filters"
        onFinish={apply}
        aria-label={t('audit.filters')}
      >
        <Form.Item name="range" label={t('audit.fields.time')}>
          <DatePicker.RangePicker showTime allowEmpty={[true, true]} />
        </Form.Item>
        <Form.Item name="action" label={t('audit.fields.action')}>
          <Input placeholder={t('audit.actionPlaceholder')} allowClear data-testid="audit-filter-action" />
        </Form.Item>
        <Form.Item name="actorId" label={t('audit.fields.actor')}>
          {canListUsers ? (
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              className="admit-filter-select"
              placeholder={t('audit.anyActor')}
              data-testid="audit-filter-actor"
              options={(users.data ?? []).map((user) => ({
                value: user.id,
                label: `${user.displayName} (${user.loginName})`,
              }))}
            />
          ) : (
            <Input allowClear placeholder={t('audit.actorIdPlaceholder')} />
          )}
        </Form.Item>
        <Form.Item name="outcome" label={t('audit.fields.outcome')}>
          <Select
            allowClear
            className="admit-filter-select"
            placeholder={t('audit.anyOutcome')}
            data-testid="audit-filter-outcome"
            options={(['success', 'failure', 'denied'] as const).map((outcome) => ({
              value: outcome,
              label: t(`audit.outcome.${outcome}`),
            }))}
          />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" data-testid="audit-apply">
              {t('audit.apply')}
            </Button>
            <Button
              onClick={() => {
                form.resetFields();
                setFilters({});
              }}
            >
              {t('audit.reset')}
            </Button>
          </Space>
        </Form.Item>
      </Form>
      {audit.isError ? (
        <Typography.Paragraph type="danger" role="alert">
          {errorText(audit.error, t)}{' '}
          <Button size="small" onClick={() => void audit.refetch()}>
            {t('common.retry')}
          </Button>
        </Typography.Paragraph>
      ) : null}
      <Table<AuditEntry>
        rowKey="id"
        columns={columns}
        dataSource={entries}
        loading={audit.isPending || audit.isRefetching}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid="audit-table"
        expandable={{ expandedRowRender: (entry) => <AuditDetails entry={entry} /> }}
      />
      <div className="admit-load-more">
        {audit.hasNextPage ? (
          <Button
            onClick={() => void audit.fetchNextPage()}
            loading={audit.isFetchingNextPage}
            data-testid="audit-load-more"
          >
            {t('audit.loadMore')}
          </Button>
        ) : entries.length > 0 ? (
          <Typography.Text type="secondary">{t('audit.end')}</Typography.Text>
        ) : null}
      </div>
    </>
  );
}

function AuditDetails({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation();
  return (
    <Descriptions
      size="small"
      column={1}
      bordered
      items={[
        { key: 'id', label: t('audit.fields.id'), children: <code>{entry.id}</code> },
        {
          key: 'requestId',
          label: t('audit.fields.requestId'),
          children: <code>{entry.requestId ?? '—'}</code>,
        },
        { key: 'actorType', label: t('audit.fields.actorType'), children: entry.actorType },
        { key: 'actorId', label: t('audit.fields.actorId'), children: <code>{entry.actorId ?? '—'}</code> },
        { key: 'siteId', label: t('audit.fields.siteId'), children: <code>{entry.siteId ?? '—'}</code> },
        {
          key: 'details',
          label: t('audit.fields.details'),
          children: (
            <pre className="admit-json" data-testid="audit-details">
              {JSON.stringify(entry.details, null, 2)}
            </pre>
          ),
        },
      ]}
    />
  );
}

function blankToUndefined(value: string | undefined): string | undefined {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? undefined : trimmed;
}
