// A channel's allocations (预留库存): places of each session (or each day's maximum) reserved for the
// channel over a date range, given back to general sale a set time before the session. The list shows
// per allocation what is reserved, sold and left, and when it goes (or went) back — from a chosen day
// on, today by default, so past ones do not bury the current ones; "release now" gives one back at once
// after a confirmation. Dates and times are the site's, whatever the browser's zone. The API is the
// allocations part of apps/server/src/routes/channels.ts.
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App as AntApp,
  Button,
  Drawer,
  Form,
  Input,
  InputNumber,
  Radio,
  Select,
  Space,
  Table,
  Tag,
  type RefSelectProps,
  type TableColumnsType,
} from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { addDays } from '@admit/domain';
import { allocationResultSchema, allocationViewSchema, type allocationInputSchema } from '@admit/contracts';
import type { SiteView } from '../../api/catalog';
import { apiGet, apiRequest } from '../../api/client';
import { withQuery } from '../../api/query-string';
import { errorText } from '../../components/errorText';
import { dateTimeAtSite, localized, todayAtSite } from '../../format';
import { useLocale } from '../../i18n/hooks';
import { LoadError } from '../catalog/QueryStates';
import { channelsQueryKey, type ChannelView } from './api';

export type AllocationView = z.infer<typeof allocationViewSchema>;
type AllocationInput = z.input<typeof allocationInputSchema>;

function allocationsQueryKey(channelId: string) {
  return [...channelsQueryKey, channelId, 'allocations'] as const;
}

function allocationsQuery(channelId: string, from: string) {
  return queryOptions({
    queryKey: [...allocationsQueryKey(channelId), from],
    queryFn: ({ signal }) =>
      apiGet(
        withQuery(`/api/v1/channels/${channelId}/allocations`, { from }),
        z.array(allocationViewSchema),
        { signal },
      ),
  });
}

type AllocationForm = {
  siteId: string;
  from: string;
  to: string;
  scope: 'session' | 'day';
  quantity: number;
  releaseMinutesBefore: number;
};

const FORM_ID = 'allocation-form';
const BROWSER_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;

export function Allocations({ channel, sites }: { channel: ChannelView; sites: readonly SiteView[] }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { message, modal } = AntApp.useApp();
  const client = useQueryClient();
  const channelSites = sites.filter((s) => channel.siteIds.includes(s.id));
  // "Today" of the channel's first site (its sites are normally in one zone).
  const today = todayAtSite(channelSites[0]?.timeZone ?? BROWSER_ZONE);
  const [from, setFrom] = useState(today);
  const list = useQuery(allocationsQuery(channel.id, from));
  const [adding, setAdding] = useState(false);
  const [form] = Form.useForm<AllocationForm>();
  const siteSelect = useRef<RefSelectProps>(null);
  const siteOf = (id: string) => sites.find((s) => s.id === id);
  const siteName = (id: string) => {
    const site = siteOf(id);
    return site ? localized(locale, site.nameZh, site.nameEn) : id;
  };
  const zoneOf = (id: string) => siteOf(id)?.timeZone ?? BROWSER_ZONE;
  const when = (a: AllocationView) =>
    a.sessionStartsAt
      ? dateTimeAtSite(a.sessionStartsAt, zoneOf(a.siteId))
      : `${a.businessDate} ${t('channels.allocations.wholeDay')}`;

  const create = useMutation({
    mutationFn: (values: AllocationForm) => {
      const body: AllocationInput = {
        siteId: values.siteId,
        from: values.from,
        to: values.to,
        scope: values.scope,
        quantity: values.quantity,
        releaseMinutesBefore: values.releaseMinutesBefore,
      };
      return apiRequest(`/api/v1/channels/${channel.id}/allocations`, allocationResultSchema, {
        method: 'POST',
        body,
      });
    },
    onSuccess: (result) => {
      void client.invalidateQueries({ queryKey: allocationsQueryKey(channel.id) });
      setAdding(false);
      const counts = { created: result.created.length, skipped: result.skipped.length };
      if (result.created.length === 0) void message.warning(t('channels.allocations.noneCreated', counts));
      else void message.success(t('channels.allocations.created', counts));
    },
  });
  const release = useMutation({
    mutationFn: (a: AllocationView) =>
      apiRequest(`/api/v1/channels/${channel.id}/allocations/${a.id}/release`, allocationViewSchema, {
        method: 'POST',
      }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: allocationsQueryKey(channel.id) });
      void message.success(t('channels.allocations.releasedNow'));
    },
  });

  const confirmRelease = (a: AllocationView) => {
    modal.confirm({
      title: t('channels.allocations.releaseConfirm', { when: when(a) }),
      content: t('channels.allocations.releaseWarning'),
      okText: t('channels.allocations.release'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () => release.mutateAsync(a).catch((error: unknown) => void message.error(errorText(error, t))),
    });
  };

  const columns: TableColumnsType<AllocationView> = [
    {
      key: 'when',
      title: t('channels.allocations.when'),
      className: 'admit-nowrap',
      render: (_, a) => <span data-testid={`allocation-when-${a.id}`}>{when(a)}</span>,
    },
    { key: 'site', title: t('channels.fields.sites'), render: (_, a) => siteName(a.siteId) },
    { key: 'quantity', title: t('channels.allocations.quantity'), dataIndex: 'quantity', align: 'right' },
    { key: 'sold', title: t('channels.allocations.sold'), dataIndex: 'sold', align: 'right' },
    {
      key: 'left',
      title: t('channels.allocations.left'),
      align: 'right',
      render: (_, a) => (a.releasedAt ? 0 : Math.max(0, a.capacity - a.sold - a.held)),
    },
    {
      key: 'release',
      title: t('channels.allocations.releaseAt'),
      className: 'admit-nowrap',
      render: (_, a) =>
        a.releasedAt ? (
          <Tag>
            {t('channels.allocations.released', { time: dateTimeAtSite(a.releasedAt, zoneOf(a.siteId)) })}
          </Tag>
        ) : (
          dateTimeAtSite(a.releaseAt, zoneOf(a.siteId))
        ),
    },
    {
      key: 'actions',
      title: t('common.actions'),
      render: (_, a) =>
        a.releasedAt ? null : (
          <Button
            size="small"
            danger
            onClick={() => confirmRelease(a)}
            loading={release.isPending && release.variables?.id === a.id}
            aria-label={t('channels.allocations.releaseOf', { when: when(a) })}
            data-testid={`allocation-release-${a.id}`}
          >
            {t('channels.allocations.release')}
          </Button>
        ),
    },
  ];

  return (
    <>
      <p className="admit-toolbar-text">{t('channels.allocations.intro')}</p>
      <div className="admit-toolbar">
        <Space wrap>
          <label htmlFor="allocations-from" className="admit-inline-label">
            {t('channels.allocations.listFrom')}
          </label>
          <Input
            id="allocations-from"
            type="date"
            value={from}
            onChange={(e) => setFrom(e.target.value)}
            style={{ width: 170 }}
          />
        </Space>
        <Button
          type="primary"
          onClick={() => setAdding(true)}
          disabled={channelSites.length === 0}
          data-testid="allocation-new"
        >
          {t('channels.allocations.new')}
        </Button>
      </div>
      {channelSites.length === 0 ? <p className="admit-muted">{t('channels.allocations.noSites')}</p> : null}
      {list.isError ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<AllocationView>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={list.data ?? []}
          loading={list.isPending}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: t('channels.allocations.none') }}
          data-testid="allocations"
        />
      )}
      <Drawer
        open={adding}
        title={t('channels.allocations.newTitle', { name: channel.name })}
        size={480}
        onClose={() => setAdding(false)}
        destroyOnHidden
        afterOpenChange={(visible) => {
          // The drawer takes the focus when it opens; hand it to the first field.
          if (visible) siteSelect.current?.focus();
          else create.reset();
        }}
        footer={
          <Space>
            <Button
              type="primary"
              htmlType="submit"
              form={FORM_ID}
              loading={create.isPending}
              data-testid="allocation-submit"
            >
              {t('channels.allocations.submit')}
            </Button>
            <Button onClick={() => setAdding(false)}>{t('common.cancel')}</Button>
          </Space>
        }
      >
        {create.isError ? (
          <Alert
            type="error"
            showIcon
            role="alert"
            className="admit-form-alert"
            title={errorText(create.error, t)}
          />
        ) : null}
        <Form<AllocationForm>
          form={form}
          id={FORM_ID}
          layout="vertical"
          disabled={create.isPending}
          initialValues={{
            siteId: channelSites[0]?.id,
            from: addDays(today, 1),
            to: addDays(today, 1),
            scope: 'session',
            quantity: 50,
            releaseMinutesBefore: 120,
          }}
          onFinish={(values) => create.mutate(values)}
        >
          <Form.Item
            name="siteId"
            label={t('channels.allocations.site')}
            rules={[{ required: true, message: t('channels.allocations.siteRequired') }]}
          >
            <Select
              ref={siteSelect}
              autoFocus
              options={channelSites.map((s) => ({ value: s.id, label: `${siteName(s.id)} (${s.code})` }))}
            />
          </Form.Item>
          <Space wrap align="start">
            <Form.Item
              name="from"
              label={t('channels.allocations.from')}
              rules={[{ required: true, message: t('channels.allocations.datesRequired') }]}
            >
              <Input type="date" min={today} />
            </Form.Item>
            <Form.Item
              name="to"
              label={t('channels.allocations.to')}
              dependencies={['from']}
              rules={[
                { required: true, message: t('channels.allocations.datesRequired') },
                ({ getFieldValue }) => ({
                  validator: (_rule, value: string | undefined) => {
                    const start = getFieldValue('from') as string | undefined;
                    return !value || !start || value >= start
                      ? Promise.resolve()
                      : Promise.reject(new Error(t('channels.allocations.toBeforeFrom')));
                  },
                }),
              ]}
            >
              <Input type="date" min={today} />
            </Form.Item>
          </Space>
          <Form.Item name="scope" label={t('channels.allocations.scope')}>
            <Radio.Group
              options={[
                { value: 'session', label: t('channels.allocations.scopes.session') },
                { value: 'day', label: t('channels.allocations.scopes.day') },
              ]}
            />
          </Form.Item>
          <Form.Item
            name="quantity"
            label={t('channels.allocations.quantity')}
            extra={t('channels.allocations.quantityHint')}
            rules={[
              {
                required: true,
                type: 'integer',
                min: 1,
                message: t('channels.allocations.quantityRequired'),
              },
            ]}
          >
            <InputNumber min={1} max={100000} precision={0} />
          </Form.Item>
          <Form.Item
            name="releaseMinutesBefore"
            label={t('channels.allocations.releaseMinutesBefore')}
            extra={t('channels.allocations.releaseHint')}
            rules={[
              {
                required: true,
                type: 'integer',
                min: 0,
                max: 14 * 24 * 60,
                message: t('channels.allocations.releaseRequired'),
              },
            ]}
          >
            <InputNumber
              min={0}
              max={14 * 24 * 60}
              precision={0}
              suffix={t('channels.allocations.minutes')}
            />
          </Form.Item>
          <button type="submit" hidden aria-hidden="true" tabIndex={-1} />
        </Form>
      </Drawer>
    </>
  );
}
