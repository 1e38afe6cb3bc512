import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { catalogIds, catalogRoutes } from '../../test/catalogFixtures';
import { adminMe } from '../../test/fixtures';
import { renderPage, type Handler } from '../../test/render';
import type { ChannelView } from './api';
import { Webhooks, type WebhookDeliveryView, type WebhookEndpointView } from './Webhooks';

const channelId = '0190a000-0000-7000-8000-0000000000d1';
const endpointId = '0190a000-0000-7000-8000-0000000000d2';
const deliveredId = '0190a000-0000-7000-8000-0000000000d3';
const failedId = '0190a000-0000-7000-8000-0000000000d4';
const secret = 'whsec_S3cr3tS3cr3tS3cr3tS3cr3tS3cr3tS3cr3tS3c';
const url = 'https://ota.example.com/admit/events';

const ctrip = {
  id: channelId,
  code: 'CTRIP',
  name: '携程',
  contactName: '',
  contactPhone: '',
  active: true,
  siteIds: [catalogIds.site],
  accounts: {},
  createdAt: '2026-05-01T02:00:00.000Z',
} as ChannelView;

const endpoint: WebhookEndpointView = {
  id: endpointId,
  channelId,
  url,
  events: ['order.paid', 'order.refunded', 'ticket.redeemed'],
  active: true,
  createdAt: '2026-05-04T06:30:00.000Z',
  updatedAt: '2026-05-04T06:30:00.000Z',
};

const delivered: WebhookDeliveryView = {
  id: deliveredId,
  endpointId,
  url,
  event: 'order.paid',
  eventKey: 'order.paid:o1',
  payload: {
    id: deliveredId,
    type: 'order.paid',
    createdAt: '2026-05-04T07:00:00.000Z',
    data: { orderId: 'o1' },
  },
  status: 'delivered',
  attempts: 1,
  nextAttemptAt: null,
  lastStatus: 200,
  lastError: null,
  deliveredAt: '2026-05-04T07:00:01.000Z',
  createdAt: '2026-05-04T07:00:00.000Z',
};

const failed: WebhookDeliveryView = {
  ...delivered,
  id: failedId,
  event: 'ticket.redeemed',
  eventKey: 'ticket.redeemed:c1',
  payload: {
    id: failedId,
    type: 'ticket.redeemed',
    createdAt: '2026-05-04T08:00:00.000Z',
    data: { ticketNumber: '4812039375', externalReference: 'CTRIP-88812345' },
  },
  status: 'failed',
  attempts: 6,
  lastStatus: 502,
  lastError: 'HTTP 502: Bad Gateway',
  deliveredAt: null,
  createdAt: '2026-05-04T08:00:00.000Z',
};

function routes(extra: Record<string, Handler> = {}): Record<string, Handler> {
  return {
    ...catalogRoutes(),
    'GET /api/v1/channels': { status: 200, body: [ctrip] },
    [`GET /api/v1/channels/${channelId}/prices`]: { status: 200, body: { prices: [] } },
    [`GET /api/v1/channels/${channelId}/api-keys`]: { status: 200, body: [] },
    [`GET /api/v1/channels/${channelId}/webhooks`]: { status: 200, body: [endpoint] },
    [`GET /api/v1/channels/${channelId}/webhook-deliveries`]: { status: 200, body: [failed, delivered] },
    ...extra,
  };
}

/** The channel's webhooks tab on its own: the channels page around it has tests of its own. */
function renderWebhooks(extra: Record<string, Handler> = {}) {
  return renderPage(<Webhooks channel={ctrip} />, {
    path: '/channels',
    server: { me: adminMe, routes: routes(extra) },
  });
}

describe('channel webhooks', { timeout: 60_000 }, () => {
  it('adds an endpoint with its events and shows the secret once, with a copy button', async () => {
    let endpoints: WebhookEndpointView[] = [];
    const { requests } = renderWebhooks({
      [`GET /api/v1/channels/${channelId}/webhooks`]: () => ({ status: 200, body: endpoints }),
      [`GET /api/v1/channels/${channelId}/webhook-deliveries`]: { status: 200, body: [] },
      [`POST /api/v1/channels/${channelId}/webhooks`]: ({ body }) => {
        endpoints = [{ ...endpoint, ...(body as object) }];
        return { status: 201, body: { secret, endpoint: endpoints[0] } };
      },
    });
    expect(await screen.findByText('还没有回调地址')).toBeTruthy();
    expect(await screen.findByText('还没有推送记录')).toBeTruthy();

    fireEvent.click(screen.getByTestId('add-webhook'));
    const input = await screen.findByLabelText('回调地址');
    fireEvent.change(input, { target: { value: 'ftp://nope' } });
    fireEvent.click(screen.getByTestId('webhook-submit'));
    expect(await screen.findByText('请输入以 http:// 或 https:// 开头的地址')).toBeTruthy();
    fireEvent.change(input, { target: { value: `  ${url}  ` } });
    // All events are chosen to begin with; the partner does not want refunds.
    fireEvent.click(screen.getByLabelText(/订单已退票/));
    fireEvent.click(screen.getByTestId('webhook-submit'));

    await waitFor(() => expect(requests(`POST /api/v1/channels/${channelId}/webhooks`)).toHaveLength(1), {
      timeout: 5_000,
    });
    const dialog = await screen.findByTestId('webhook-secret-dialog', {}, { timeout: 5_000 });
    expect(within(dialog).getByTestId('webhook-secret').textContent).toBe(secret);
    expect(dialog.textContent).toContain('此密钥只显示一次');
    expect(within(dialog).getByRole('button', { name: '复制' })).toBeTruthy();
    expect(requests(`POST /api/v1/channels/${channelId}/webhooks`)[0]?.body).toEqual({
      url,
      events: ['order.paid', 'ticket.redeemed'],
    });

    fireEvent.click(screen.getByTestId('webhook-secret-done'));
    await waitFor(() => expect(screen.queryByTestId('webhook-secret-dialog')).toBeNull());
    const table = screen.getByTestId('webhooks-table');
    expect((await within(table).findByTestId(`webhook-url-${endpointId}`)).textContent).toBe(url);
    expect(document.body.textContent).not.toContain(secret);
  });

  it('turns an endpoint off, and replaces its secret after a confirmation', async () => {
    const { requests } = renderWebhooks({
      [`PATCH /api/v1/channels/${channelId}/webhooks/${endpointId}`]: ({ body }) => ({
        status: 200,
        body: { ...endpoint, ...(body as object) },
      }),
      [`POST /api/v1/channels/${channelId}/webhooks/${endpointId}/rotate-secret`]: {
        status: 200,
        body: { secret, endpoint },
      },
    });
    fireEvent.click(await screen.findByRole('button', { name: `停用回调地址 ${url}` }));
    await waitFor(() =>
      expect(requests(`PATCH /api/v1/channels/${channelId}/webhooks/${endpointId}`)[0]?.body).toEqual({
        active: false,
      }),
    );

    fireEvent.click(screen.getByTestId(`rotate-webhook-${endpointId}`));
    expect(
      await screen.findByText('此后所有通知都用新密钥签名，请渠道在切换期间同时接受新旧两个密钥。'),
    ).toBeTruthy();
    fireEvent.click(await screen.findByRole('button', { name: '更换密钥' }));
    expect(
      within(await screen.findByTestId('webhook-secret-dialog')).getByTestId('webhook-secret').textContent,
    ).toBe(secret);
    expect(requests(`POST /api/v1/channels/${channelId}/webhooks/${endpointId}/rotate-secret`)).toHaveLength(
      1,
    );
  });

  it('shows the delivery log with failures, the body, and resends a failed delivery', async () => {
    let log = [failed, delivered];
    const { requests } = renderWebhooks({
      [`GET /api/v1/channels/${channelId}/webhook-deliveries`]: ({ query }) => ({
        status: 200,
        body: query.get('status') ? log.filter((d) => d.status === query.get('status')) : log,
      }),
      [`POST /api/v1/channels/${channelId}/webhook-deliveries/${failedId}/resend`]: () => {
        log = [{ ...failed, status: 'pending', nextAttemptAt: '2026-05-05T01:00:00.000Z' }, delivered];
        return { status: 200, body: log[0] };
      },
    });
    const table = await screen.findByTestId('deliveries-table');
    expect((await within(table).findByTestId(`delivery-status-${failedId}`)).textContent).toBe('失败');
    expect(within(table).getByTestId(`delivery-last-${failedId}`).textContent).toContain('HTTP 502');
    expect(within(table).getByTestId(`delivery-last-${failedId}`).textContent).toContain('Bad Gateway');
    expect(within(table).getByTestId(`delivery-status-${deliveredId}`).textContent).toBe('已送达');
    // Newest first, as the server answers.
    const rows = within(table).getAllByTestId(/^delivery-status-/);
    expect(rows.map((r) => r.dataset.testid)).toEqual([
      `delivery-status-${failedId}`,
      `delivery-status-${deliveredId}`,
    ]);

    fireEvent.click(within(table).getByTestId(`view-delivery-${failedId}`));
    const payload = await screen.findByTestId('delivery-payload');
    expect(JSON.parse(payload.textContent ?? '')).toEqual(failed.payload);
    fireEvent.click(screen.getByTestId('payload-close'));

    fireEvent.click(within(table).getByRole('button', { name: '重新发送 ticket.redeemed 通知' }));
    await waitFor(() =>
      expect(
        requests(`POST /api/v1/channels/${channelId}/webhook-deliveries/${failedId}/resend`),
      ).toHaveLength(1),
    );
    await waitFor(() =>
      expect(within(table).getByTestId(`delivery-status-${failedId}`).textContent).toBe('待发送'),
    );
    // Pending: nothing to resend until it is delivered or failed.
    expect(within(table).queryByTestId(`resend-delivery-${failedId}`)).toBeNull();
  });
});
