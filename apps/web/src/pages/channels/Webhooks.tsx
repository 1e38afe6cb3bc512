// A channel's webhooks (回调通知): its endpoints — URL and events, on or off, the signing secret shown
// once in a dialog when an endpoint is added or its secret replaced — and the delivery log, newest first,
// with each delivery's status, attempts, last HTTP status or error, its body, and resend (重新发送).
// The API is apps/server/src/routes/webhooks.ts; docs/webhooks.md tells the partner how to verify.
import { useMutation, useQuery, useQueryClient, queryOptions } from '@tanstack/react-query';
import {
  Alert,
  App as AntApp,
  Button,
  Checkbox,
  Drawer,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import {
  webhookDeliveryViewSchema,
  webhookEndpointViewSchema,
  webhookEndpointWithSecretSchema,
  webhookEventSchema,
  type webhookDeliveryStatusSchema,
} from '@admit/contracts';
import { apiGet, apiRequest, noContent } from '../../api/client';
import { errorText } from '../../components/errorText';
import { formatDateTime } from '../../format';
import { useLocale } from '../../i18n/hooks';
import { LoadError } from '../catalog/QueryStates';
import { channelsQueryKey, type ChannelView } from './api';

export type WebhookEndpointView = z.infer<typeof webhookEndpointViewSchema>;
export type WebhookDeliveryView = z.infer<typeof webhookDeliveryViewSchema>;
export type WebhookEvent = z.infer<typeof webhookEventSchema>;
type DeliveryStatus = z.infer<typeof webhookDeliveryStatusSchema>;
type EndpointWithSecret = z.infer<typeof webhookEndpointWithSecretSchema>;

const webhookEvents: readonly WebhookEvent[] = webhookEventSchema.options;

/** The message key of each event's explanation (i18next keys cannot hold dots). */
const eventMessageKey = {
  'order.paid': 'orderPaid',
  'order.refunded': 'orderRefunded',
  'ticket.redeemed': 'ticketRedeemed',
} as const satisfies Record<WebhookEvent, string>;

const statusColor: Record<DeliveryStatus, string> = { pending: 'blue', delivered: 'green', failed: 'red' };

const webhooksKey = (channelId: string) => [...channelsQueryKey, channelId, 'webhooks'] as const;

const endpointsQuery = (channelId: string) =>
  queryOptions({
    queryKey: [...webhooksKey(channelId), 'endpoints'],
    queryFn: ({ signal }) =>
      apiGet(`/api/v1/channels/${channelId}/webhooks`, z.array(webhookEndpointViewSchema), { signal }),
  });

const deliveriesQuery = (channelId: string, status: DeliveryStatus | 'all') =>
  queryOptions({
    queryKey: [...webhooksKey(channelId), 'deliveries', status],
    queryFn: ({ signal }) =>
      apiGet(
        `/api/v1/channels/${channelId}/webhook-deliveries${status === 'all' ? '' : `?status=${status}`}`,
        z.array(webhookDeliveryViewSchema),
        { signal },
      ),
  });

export function Webhooks({ channel }: { channel: ChannelView }) {
  const { t } = useTranslation();
  const { message, modal } = AntApp.useApp();
  const client = useQueryClient();
  const endpoints = useQuery(endpointsQuery(channel.id));
  const [adding, setAdding] = useState(false);
  // The secret of an endpoint just added or rotated: shown once, forgotten when the dialog closes.
  const [shown, setShown] = useState<EndpointWithSecret | null>(null);
  const refresh = () => void client.invalidateQueries({ queryKey: webhooksKey(channel.id) });
  const base = `/api/v1/channels/${channel.id}/webhooks`;

  const toggle = useMutation({
    mutationFn: (endpoint: WebhookEndpointView) =>
      apiRequest(`${base}/${endpoint.id}`, webhookEndpointViewSchema, {
        method: 'PATCH',
        body: { active: !endpoint.active },
      }),
    onSuccess: (endpoint) => {
      refresh();
      void message.success(
        t(endpoint.active ? 'channels.webhooks.enabled' : 'channels.webhooks.disabled', {
          url: endpoint.url,
        }),
      );
    },
    onError: (error) => void message.error(errorText(error, t)),
  });
  const rotate = useMutation({
    mutationFn: (endpoint: WebhookEndpointView) =>
      apiRequest(`${base}/${endpoint.id}/rotate-secret`, webhookEndpointWithSecretSchema, { method: 'POST' }),
    onSuccess: (answer) => {
      refresh();
      setShown(answer);
    },
    onError: (error) => void message.error(errorText(error, t)),
  });
  const remove = useMutation({
    mutationFn: (endpoint: WebhookEndpointView) =>
      apiRequest(`${base}/${endpoint.id}`, noContent, { method: 'DELETE' }).then(() => endpoint),
    onSuccess: (endpoint) => {
      refresh();
      void message.success(t('channels.webhooks.deleted', { url: endpoint.url }));
    },
    onError: (error) => void message.error(errorText(error, t)),
  });

  const columns: TableColumnsType<WebhookEndpointView> = [
    {
      key: 'url',
      title: t('channels.webhooks.url'),
      render: (_value, endpoint) => (
        <Typography.Text code data-testid={`webhook-url-${endpoint.id}`}>
          {endpoint.url}
        </Typography.Text>
      ),
    },
    {
      key: 'events',
      title: t('channels.webhooks.events'),
      render: (_value, endpoint) => (
        <Space size={[0, 4]} wrap>
          {endpoint.events.map((event) => (
            <Tag key={event} title={t(`channels.webhooks.eventNames.${eventMessageKey[event]}`)}>
              {event}
            </Tag>
          ))}
        </Space>
      ),
    },
    {
      key: 'status',
      title: t('channels.webhooks.status'),
      render: (_value, endpoint) =>
        endpoint.active ? (
          <Tag color="green">{t('channels.webhooks.active')}</Tag>
        ) : (
          <Tag>{t('channels.webhooks.inactive')}</Tag>
        ),
    },
    {
      key: 'actions',
      title: t('common.actions'),
      render: (_value, endpoint) => (
        <Space size={0} wrap>
          <Button
            size="small"
            type="link"
            onClick={() => toggle.mutate(endpoint)}
            aria-label={t(endpoint.active ? 'channels.webhooks.disableOf' : 'channels.webhooks.enableOf', {
              url: endpoint.url,
            })}
            data-testid={`toggle-webhook-${endpoint.id}`}
          >
            {t(endpoint.active ? 'channels.webhooks.disable' : 'channels.webhooks.enable')}
          </Button>
          <Button
            size="small"
            type="link"
            onClick={() => {
              modal.confirm({
                title: t('channels.webhooks.rotateConfirm', { url: endpoint.url }),
                content: t('channels.webhooks.rotateWarning'),
                okText: t('channels.webhooks.rotate'),
                cancelText: t('common.cancel'),
                onOk: () => rotate.mutateAsync(endpoint),
              });
            }}
            aria-label={t('channels.webhooks.rotateOf', { url: endpoint.url })}
            data-testid={`rotate-webhook-${endpoint.id}`}
          >
            {t('channels.webhooks.rotate')}
          </Button>
          <Button
            size="small"
            type="link"
            danger
            onClick={() => {
              modal.confirm({
                title: t('channels.webhooks.deleteConfirm', { url: endpoint.url }),
                content: t('channels.webhooks.deleteWarning'),
                okText: t('channels.webhooks.delete'),
                okButtonProps: { danger: true },
                cancelText: t('common.cancel'),
                onOk: () => remove.mutateAsync(endpoint),
              });
            }}
            aria-label={t('channels.webhooks.deleteOf', { url: endpoint.url })}
            data-testid={`delete-webhook-${endpoint.id}`}
          >
            {t('channels.webhooks.delete')}
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <section aria-label={t('channels.tabs.webhooks')}>
      <p className="admit-muted">{t('channels.webhooks.intro')}</p>
      <div className="admit-toolbar">
        <span />
        <Button type="primary" onClick={() => setAdding(true)} data-testid="add-webhook">
          {t('channels.webhooks.add')}
        </Button>
      </div>
      {endpoints.isError ? (
        <LoadError error={endpoints.error} onRetry={() => void endpoints.refetch()} />
      ) : null}
      <Table<WebhookEndpointView>
        rowKey="id"
        columns={columns}
        dataSource={endpoints.data ?? []}
        loading={endpoints.isPending}
        pagination={false}
        locale={{ emptyText: t('channels.webhooks.none') }}
        data-testid="webhooks-table"
      />
      <AddEndpointDrawer
        channel={channel}
        open={adding}
        onClose={() => setAdding(false)}
        onAdded={(answer) => {
          setAdding(false);
          refresh();
          setShown(answer);
        }}
      />
      <SecretModal shown={shown} onClose={() => setShown(null)} />
      <DeliveryLog channel={channel} />
    </section>
  );
}

type AddForm = { url: string; events: WebhookEvent[] };

const ADD_FORM_ID = 'webhook-form';

function AddEndpointDrawer({
  channel,
  open,
  onClose,
  onAdded,
}: {
  channel: ChannelView;
  open: boolean;
  onClose: () => void;
  onAdded: (answer: EndpointWithSecret) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<AddForm>();
  const mutation = useMutation({
    mutationFn: (values: AddForm) =>
      apiRequest(`/api/v1/channels/${channel.id}/webhooks`, webhookEndpointWithSecretSchema, {
        method: 'POST',
        body: {
          url: values.url.trim(),
          events: webhookEvents.filter((event) => values.events.includes(event)),
        },
      }),
    onSuccess: onAdded,
  });

  return (
    <Drawer
      open={open}
      title={t('channels.webhooks.addTitle', { name: channel.name })}
      size={520}
      onClose={onClose}
      destroyOnHidden
      afterOpenChange={(visible) => {
        if (!visible) mutation.reset();
      }}
      footer={
        <Space>
          <Button
            type="primary"
            htmlType="submit"
            form={ADD_FORM_ID}
            loading={mutation.isPending}
            data-testid="webhook-submit"
          >
            {t('channels.webhooks.add')}
          </Button>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
        </Space>
      }
    >
      {mutation.isError ? (
        <Alert
          type="error"
          showIcon
          role="alert"
          className="admit-form-alert"
          title={errorText(mutation.error, t)}
        />
      ) : null}
      {open ? (
        <Form<AddForm>
          form={form}
          id={ADD_FORM_ID}
          layout="vertical"
          disabled={mutation.isPending}
          initialValues={{ url: '', events: [...webhookEvents] }}
          onFinish={(values) => mutation.mutate(values)}
        >
          <Form.Item
            name="url"
            label={t('channels.webhooks.url')}
            extra={t('channels.webhooks.urlHint')}
            rules={[
              { required: true, whitespace: true, message: t('channels.webhooks.urlRequired') },
              { pattern: /^\s*https?:\/\/\S+\s*$/i, message: t('channels.webhooks.urlInvalid') },
            ]}
          >
            <Input maxLength={2000} autoFocus autoComplete="off" placeholder="https://" />
          </Form.Item>
          <Form.Item
            name="events"
            label={t('channels.webhooks.events')}
            rules={[
              { required: true, type: 'array', min: 1, message: t('channels.webhooks.eventsRequired') },
            ]}
          >
            <Checkbox.Group>
              <Space orientation="vertical" size={4}>
                {webhookEvents.map((event) => (
                  <Checkbox key={event} value={event} data-testid={`event-${event}`}>
                    <Typography.Text code>{event}</Typography.Text>{' '}
                    {t(`channels.webhooks.eventNames.${eventMessageKey[event]}`)}
                  </Checkbox>
                ))}
              </Space>
            </Checkbox.Group>
          </Form.Item>
          <button type="submit" hidden aria-hidden="true" tabIndex={-1} />
        </Form>
      ) : null}
    </Drawer>
  );
}

/** The signing secret, once: closing the dialog forgets it. */
function SecretModal({ shown, onClose }: { shown: EndpointWithSecret | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      open={shown !== null}
      title={t('channels.webhooks.secretTitle', { url: shown?.endpoint.url ?? '' })}
      onCancel={onClose}
      mask={{ closable: false }}
      destroyOnHidden
      footer={
        <Button type="primary" onClick={onClose} data-testid="webhook-secret-done">
          {t('channels.keys.done')}
        </Button>
      }
    >
      {shown === null ? null : (
        <div data-testid="webhook-secret-dialog">
          <Alert type="warning" showIcon title={t('channels.webhooks.secretOnce')} />
          <div className="admit-temporary-password">
            <Typography.Text
              code
              copyable={{ text: shown.secret, tooltips: [t('common.copy'), t('common.copied')] }}
            >
              <span data-testid="webhook-secret">{shown.secret}</span>
            </Typography.Text>
          </div>
          <Typography.Paragraph type="secondary">{t('channels.webhooks.secretHint')}</Typography.Paragraph>
        </div>
      )}
    </Modal>
  );
}

function DeliveryLog({ channel }: { channel: ChannelView }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { message } = AntApp.useApp();
  const client = useQueryClient();
  const [status, setStatus] = useState<DeliveryStatus | 'all'>('all');
  const deliveries = useQuery(deliveriesQuery(channel.id, status));
  const [viewing, setViewing] = useState<WebhookDeliveryView | null>(null);

  const resend = useMutation({
    mutationFn: (delivery: WebhookDeliveryView) =>
      apiRequest(
        `/api/v1/channels/${channel.id}/webhook-deliveries/${delivery.id}/resend`,
        webhookDeliveryViewSchema,
        { method: 'POST' },
      ),
    onSuccess: (delivery) => {
      void client.invalidateQueries({ queryKey: [...webhooksKey(channel.id), 'deliveries'] });
      void message.success(t('channels.webhooks.resent', { event: delivery.event }));
    },
    onError: (error) => void message.error(errorText(error, t)),
  });

  const columns: TableColumnsType<WebhookDeliveryView> = [
    {
      key: 'createdAt',
      title: t('channels.webhooks.createdAt'),
      className: 'admit-nowrap',
      render: (_value, delivery) => formatDateTime(delivery.createdAt, locale, 'short'),
    },
    {
      key: 'event',
      title: t('channels.webhooks.event'),
      render: (_value, delivery) => (
        <Typography.Text code title={t(`channels.webhooks.eventNames.${eventMessageKey[delivery.event]}`)}>
          {delivery.event}
        </Typography.Text>
      ),
    },
    {
      key: 'status',
      title: t('channels.webhooks.status'),
      render: (_value, delivery) => (
        <Tag color={statusColor[delivery.status]} data-testid={`delivery-status-${delivery.id}`}>
          {t(`channels.webhooks.statuses.${delivery.status}`)}
        </Tag>
      ),
    },
    {
      key: 'attempts',
      title: t('channels.webhooks.attempts'),
      align: 'right',
      dataIndex: 'attempts',
    },
    {
      key: 'last',
      title: t('channels.webhooks.lastResult'),
      render: (_value, delivery) => (
        <span data-testid={`delivery-last-${delivery.id}`}>
          {delivery.lastStatus === null ? null : <Tag>HTTP {delivery.lastStatus}</Tag>}
          {delivery.lastError === null ? null : (
            <Typography.Text type="danger">{delivery.lastError}</Typography.Text>
          )}
          {delivery.lastStatus === null && delivery.lastError === null ? (
            <span className="admit-muted">—</span>
          ) : null}
        </span>
      ),
    },
    {
      key: 'when',
      title: t('channels.webhooks.when'),
      className: 'admit-nowrap',
      render: (_value, delivery) =>
        delivery.status === 'delivered' && delivery.deliveredAt !== null
          ? t('channels.webhooks.deliveredAt', {
              time: formatDateTime(delivery.deliveredAt, locale, 'short'),
            })
          : delivery.status === 'pending' && delivery.nextAttemptAt !== null
            ? t('channels.webhooks.nextAttemptAt', {
                time: formatDateTime(delivery.nextAttemptAt, locale, 'short'),
              })
            : null,
    },
    {
      key: 'actions',
      title: t('common.actions'),
      render: (_value, delivery) => (
        <Space size={0} wrap>
          <Button
            size="small"
            type="link"
            onClick={() => setViewing(delivery)}
            aria-label={t('channels.webhooks.viewPayloadOf', { event: delivery.event })}
            data-testid={`view-delivery-${delivery.id}`}
          >
            {t('channels.webhooks.viewPayload')}
          </Button>
          {delivery.status === 'pending' ? null : (
            <Button
              size="small"
              type="link"
              onClick={() => resend.mutate(delivery)}
              loading={resend.isPending && resend.variables.id === delivery.id}
              aria-label={t('channels.webhooks.resendOf', { event: delivery.event })}
              data-testid={`resend-delivery-${delivery.id}`}
            >
              {t('channels.webhooks.resend')}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <section aria-label={t('channels.webhooks.log')} className="admit-section">
      <div className="admit-toolbar">
        <Typography.Title level={5}>{t('channels.webhooks.log')}</Typography.Title>
        <Space>
          <Select<DeliveryStatus | 'all'>
            value={status}
            onChange={setStatus}
            aria-label={t('channels.webhooks.statusFilter')}
            data-testid="delivery-status-filter"
            className="admit-select-medium"
            options={[
              { value: 'all', label: t('channels.webhooks.statuses.all') },
              { value: 'failed', label: t('channels.webhooks.statuses.failed') },
              { value: 'pending', label: t('channels.webhooks.statuses.pending') },
              { value: 'delivered', label: t('channels.webhooks.statuses.delivered') },
            ]}
          />
          <Button onClick={() => void deliveries.refetch()} data-testid="deliveries-refresh">
            {t('channels.webhooks.refresh')}
          </Button>
        </Space>
      </div>
      {deliveries.isError ? (
        <LoadError error={deliveries.error} onRetry={() => void deliveries.refetch()} />
      ) : null}
      <Table<WebhookDeliveryView>
        rowKey="id"
        columns={columns}
        dataSource={deliveries.data ?? []}
        loading={deliveries.isPending}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        rowClassName={(delivery) => (delivery.status === 'failed' ? 'admit-row-duplicate' : '')}
        locale={{ emptyText: t('channels.webhooks.noDeliveries') }}
        data-testid="deliveries-table"
      />
      <Modal
        open={viewing !== null}
        title={t('channels.webhooks.payloadTitle', { event: viewing?.event ?? '' })}
        onCancel={() => setViewing(null)}
        footer={
          <Button type="primary" onClick={() => setViewing(null)} data-testid="payload-close">
            {t('channels.webhooks.close')}
          </Button>
        }
        width={720}
      >
        {viewing === null ? null : (
          <Typography.Paragraph copyable={{ text: JSON.stringify(viewing.payload, null, 2) }}>
            <pre className="admit-json" data-testid="delivery-payload">
              {JSON.stringify(viewing.payload, null, 2)}
            </pre>
          </Typography.Paragraph>
        )}
      </Modal>
    </section>
  );
}
