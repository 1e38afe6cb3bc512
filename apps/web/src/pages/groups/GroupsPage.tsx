// 团队预订: the agency portal. The agency picks the date and session, uploads its name list (the
// template comes from here), sees every row in error with its column and problem and the price, and
// confirms — with the bad rows left out if it chooses — to get the group code it hands the guide.
// Below, its groups with their status, head count and what no-shows brought back. Every control is
// a native field or button in reading order, so the page works from the keyboard alone. A check
// belongs to the agency, date and session it was made for: changing one of them asks for a new check,
// and the confirmation books exactly what was checked.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Input, Select, Space, Table, Tag, Typography, type RefSelectProps } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../components/errorText';
import { formatFen, localized, timeAtSite } from '../../format';
import { useLocale } from '../../i18n/hooks';
import { Loading, LoadError } from '../catalog/QueryStates';
import {
  bookGroup,
  fileAsBase64,
  groupOptionsQuery,
  groupsQuery,
  groupsQueryKey,
  groupTemplate,
  previewGroup,
  type GroupBookingRequest,
  type GroupPreviewView,
  type GroupView,
} from './api';
import { GroupSitePage } from './SitePage';

export function GroupsPage() {
  const { t } = useTranslation();
  return (
    <GroupSitePage title={t('shell.nav.items.groups')} intro={t('groups.intro')} pickerId="groups-site">
      {(siteId) => <SiteGroups siteId={siteId} />}
    </GroupSitePage>
  );
}

function SiteGroups({ siteId }: { siteId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [date, setDate] = useState<string | null>(null);
  const options = useQuery(groupOptionsQuery(siteId, date));
  const groups = useQuery(groupsQuery(siteId));
  const [agencyId, setAgencyId] = useState<string | null>(null);
  const [sessionId, setSessionId] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<GroupPreviewView | null>(null);
  const [booked, setBooked] = useState<GroupView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // One Idempotency-Key per booking: the same booking sent again (a retry after a lost answer) keeps
  // it and is booked once; a different one (another file, date or agency) gets a new key.
  const attempt = useRef<{ body: string; key: string } | null>(null);
  const agencyRef = useRef<RefSelectProps>(null);

  if (options.isPending) return <Loading />;
  if (options.isError) return <LoadError error={options.error} onRetry={() => void options.refetch()} />;
  const o = options.data;
  const day = date ?? o.date;
  const session = o.sessions.find((s) => s.id === sessionId) ?? o.sessions[0];

  async function request(acceptErrors: boolean): Promise<GroupBookingRequest | null> {
    if (!file) return null;
    return {
      agencyId: o.agency ? null : agencyId,
      visitDate: day,
      sessionId: session?.id ?? null,
      name,
      fileName: file.name,
      contentBase64: await fileAsBase64(file),
      acceptErrors,
    };
  }

  async function check() {
    setError(null);
    setBooked(null);
    if (o.agency === null && agencyId === null) {
      setError(t('groups.chooseAgency'));
      agencyRef.current?.focus();
      return;
    }
    setBusy(true);
    try {
      const body = await request(false);
      if (body) setPreview(await previewGroup(siteId, body));
    } catch (e) {
      setPreview(null);
      setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  }

  async function confirm() {
    setError(null);
    setBusy(true);
    try {
      const body = await request(preview !== null && preview.errors.length > 0);
      if (!body) return;
      const json = JSON.stringify(body);
      if (attempt.current?.body !== json) attempt.current = { body: json, key: crypto.randomUUID() };
      const group = await bookGroup(siteId, body, attempt.current.key);
      attempt.current = null;
      setBooked(group);
      setPreview(null);
      await queryClient.invalidateQueries({ queryKey: groupsQueryKey });
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  }

  async function download(format: 'xlsx' | 'csv') {
    setError(null);
    try {
      const blob = await groupTemplate(siteId, format);
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = `${t('groups.templateFile')}.${format}`;
      a.click();
      URL.revokeObjectURL(url);
    } catch (e) {
      setError(errorText(e, t));
    }
  }

  const column = (c: string) => t(`groups.listColumns.${c}` as 'groups.listColumns.name');
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card title={t('groups.newTitle')}>
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Space wrap>
            <Button onClick={() => void download('xlsx')}>{t('groups.templateXlsx')}</Button>
            <Button onClick={() => void download('csv')}>{t('groups.templateCsv')}</Button>
          </Space>
          {o.agency === null ? (
            <Space>
              <label htmlFor="group-agency">{t('groups.fields.agency')}</label>
              <Select
                id="group-agency"
                ref={agencyRef}
                style={{ minWidth: 240 }}
                showSearch={{ optionFilterProp: 'label' }}
                value={agencyId ?? undefined}
                onChange={(id: string) => {
                  setAgencyId(id);
                  setPreview(null);
                }}
                options={o.agencies.map((a) => ({ value: a.id, label: `${a.name} (${a.code})` }))}
              />
            </Space>
          ) : (
            <Typography.Text>
              {t('groups.fields.agency')}: {o.agency.name}
            </Typography.Text>
          )}
          <Space wrap>
            <label htmlFor="group-date">{t('groups.fields.date')}</label>
            <Input
              id="group-date"
              type="date"
              min={o.today}
              value={day}
              onChange={(e) => {
                setDate(e.target.value || null);
                setSessionId(null);
                setPreview(null);
              }}
              style={{ width: 170 }}
            />
            <label htmlFor="group-session">{t('groups.fields.session')}</label>
            {o.sessions.length === 0 ? (
              <Typography.Text type="warning">{t('groups.noSessions')}</Typography.Text>
            ) : (
              <Select
                id="group-session"
                style={{ minWidth: 200 }}
                value={session?.id}
                onChange={(id: string) => {
                  setSessionId(id);
                  setPreview(null);
                }}
                options={o.sessions.map((s) => ({
                  value: s.id,
                  label: t('groups.sessionOption', {
                    time: `${timeAtSite(s.startsAt, o.timeZone)}–${timeAtSite(s.endsAt, o.timeZone)}`,
                    remaining: s.remaining,
                  }),
                }))}
              />
            )}
          </Space>
          <Space wrap>
            <label htmlFor="group-name">{t('groups.fields.name')}</label>
            <Input
              id="group-name"
              value={name}
              maxLength={100}
              onChange={(e) => setName(e.target.value)}
              style={{ width: 260 }}
            />
          </Space>
          <Space wrap>
            <label htmlFor="group-file">{t('groups.fields.file')}</label>
            <input
              id="group-file"
              type="file"
              accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
              onChange={(e) => {
                setFile(e.target.files?.[0] ?? null);
                setPreview(null);
              }}
              data-testid="group-file"
            />
            <Button type="primary" disabled={!file || busy} loading={busy} onClick={() => void check()}>
              {t('groups.preview')}
            </Button>
          </Space>
          {error ? <Alert type="error" showIcon title={error} role="alert" /> : null}
          {preview ? (
            <PreviewResult preview={preview} column={column} busy={busy} onConfirm={() => void confirm()} />
          ) : null}
          {booked ? (
            <Alert
              type="success"
              showIcon
              role="status"
              title={t('groups.booked', { code: booked.code })}
              description={
                <span>
                  {t('groups.bookedCode')}:{' '}
                  <strong data-testid="group-code" style={{ fontSize: 24 }}>
                    {booked.code}
                  </strong>{' '}
                  · {booked.orderNumber} · {formatFen(booked.total)}
                </span>
              }
            />
          ) : null}
        </Space>
      </Card>
      <Card title={t('shell.nav.items.groups')}>
        {groups.isPending ? (
          <Loading />
        ) : groups.isError ? (
          <LoadError error={groups.error} onRetry={() => void groups.refetch()} />
        ) : (
          <Table
            rowKey="id"
            size="small"
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            dataSource={groups.data}
            locale={{ emptyText: t('groups.none') }}
            data-testid="groups-table"
            columns={[
              {
                key: 'code',
                title: t('groups.columns.code'),
                render: (_, g) => <span data-testid={`group-${g.code}`}>{g.code}</span>,
              },
              { key: 'name', title: t('groups.columns.name'), dataIndex: 'name' },
              { key: 'agency', title: t('groups.columns.agency'), dataIndex: 'agencyName' },
              { key: 'date', title: t('groups.columns.date'), dataIndex: 'visitDate' },
              {
                key: 'session',
                title: t('groups.columns.session'),
                render: (_, g) => (g.sessionStartsAt ? timeAtSite(g.sessionStartsAt, g.timeZone) : '—'),
              },
              {
                key: 'people',
                title: t('groups.columns.people'),
                render: (_, g) => `${g.admittedCount ?? '—'} / ${g.visitors + g.guides + g.drivers}`,
              },
              {
                key: 'status',
                title: t('groups.columns.status'),
                render: (_, g) => <Tag>{t(`groups.status.${g.status}`)}</Tag>,
              },
              { key: 'order', title: t('groups.columns.order'), dataIndex: 'orderNumber' },
              { key: 'total', title: t('groups.columns.total'), render: (_, g) => formatFen(g.total) },
              { key: 'noShows', title: t('groups.columns.noShows'), dataIndex: 'noShows' },
              {
                key: 'refund',
                title: t('groups.columns.refund'),
                render: (_, g) => formatFen(g.noShowRefund),
              },
            ]}
          />
        )}
      </Card>
    </Space>
  );
}

function PreviewResult({
  preview,
  column,
  busy,
  onConfirm,
}: {
  preview: GroupPreviewView;
  column: (c: string) => string;
  busy: boolean;
  onConfirm: () => void;
}) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const usable = preview.problems.length === 0 && preview.members.length > 0;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="group-preview">
      <Typography.Title level={5}>{t('groups.previewTitle')}</Typography.Title>
      {preview.problems.length > 0 ? (
        <Alert
          type="error"
          showIcon
          title={t('groups.problems')}
          description={preview.problems
            .map((p) => `${p.message}${p.column ? `（${column(p.column)}）` : ''}`)
            .join('；')}
        />
      ) : null}
      <Typography.Text>
        {t('groups.validRows', { count: preview.members.length, ...preview.counts })}
      </Typography.Text>
      {preview.errors.length > 0 ? (
        <>
          <Typography.Text type="danger">
            {t('groups.errorRows', { count: preview.errors.length })}
          </Typography.Text>
          <Table
            rowKey={(e) => `${e.row}-${e.column}-${e.code}`}
            size="small"
            pagination={false}
            dataSource={preview.errors}
            data-testid="group-errors"
            columns={[
              { key: 'row', title: t('groups.columns.row'), dataIndex: 'row' },
              { key: 'column', title: t('groups.columns.column'), render: (_, e) => column(e.column) },
              { key: 'problem', title: t('groups.columns.problem'), dataIndex: 'message' },
            ]}
          />
        </>
      ) : null}
      <Table
        rowKey={(l) => `${l.productId}-${l.unitPrice}`}
        size="small"
        pagination={false}
        dataSource={preview.quote}
        data-testid="group-quote"
        columns={[
          {
            key: 'product',
            title: t('groups.columns.product'),
            render: (_, l) => localized(locale, l.productNameZh, l.productNameEn),
          },
          { key: 'quantity', title: t('groups.columns.quantity'), dataIndex: 'quantity' },
          {
            key: 'unitPrice',
            title: t('groups.columns.unitPrice'),
            render: (_, l) => formatFen(l.unitPrice),
          },
          { key: 'amount', title: t('groups.columns.amount'), render: (_, l) => formatFen(l.amount) },
        ]}
      />
      <Typography.Text strong>
        {t('groups.total', { total: formatFen(preview.total), available: formatFen(preview.available) })}
      </Typography.Text>
      {usable ? (
        <Button type="primary" loading={busy} onClick={onConfirm} data-testid="group-confirm">
          {preview.errors.length > 0 ? t('groups.confirmWithout') : t('groups.confirm')}
        </Button>
      ) : null}
    </Space>
  );
}
