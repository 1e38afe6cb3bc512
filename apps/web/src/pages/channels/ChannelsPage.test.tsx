import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { catalogIds, catalogRoutes, yunshanProducts } from '../../test/catalogFixtures';
import { adminMe, sellerMe } from '../../test/fixtures';
import { renderApp, renderPage, type Handler } from '../../test/render';
import { ChannelsPage } from './ChannelsPage';
import type { AgencyView } from '../../api/sales';
import type { ApiKeyView, ChannelView } from './api';

const channelId = '0190a000-0000-7000-8000-0000000000b1';
const keyId = '0190a000-0000-7000-8000-0000000000b2';

const ctrip: ChannelView = {
  id: channelId,
  code: 'CTRIP',
  name: '携程',
  contactName: '王经理',
  contactPhone: '13900000000',
  active: true,
  siteIds: [catalogIds.site],
  accounts: {},
  createdAt: '2026-05-01T02:00:00.000Z',
};

const issuedKey: ApiKeyView = {
  id: keyId,
  channelId,
  name: '生产环境',
  prefix: 'k7Qx2mPa',
  scopes: ['availability.read', 'orders.create'],
  rateLimitPerMinute: 1200,
  createdAt: '2026-05-04T06:30:00.000Z',
  revokedAt: null,
  lastUsedAt: null,
};
const secret = 'admit_k7Qx2mPa_S3cr3tS3cr3tS3cr3tS3cr3tS3cr3t';

const closedAgencyId = '0190a000-0000-7000-8000-0000000000b8';
const cits: AgencyView = {
  id: '0190a000-0000-7000-8000-0000000000b7',
  siteId: catalogIds.site,
  code: 'CITS',
  name: '国旅',
  contactName: '',
  contactPhone: '',
  balance: 0,
  creditLimit: 500000,
  available: 500000,
  active: true,
};

function channelRoutes(routes: Record<string, Handler> = {}): Record<string, Handler> {
  return {
    ...catalogRoutes({
      [`GET /api/v1/catalog/sites/${catalogIds.site}/products`]: {
        status: 200,
        // The cable car is not sold through the API: it gets no channel price.
        body: {
          products: yunshanProducts.map((p) =>
            p.code === 'CABLE' ? { ...p, channels: ['box_office', 'online'] } : p,
          ),
        },
      },
    }),
    'GET /api/v1/channels': { status: 200, body: [ctrip] },
    [`GET /api/v1/channels/${channelId}/prices`]: {
      status: 200,
      body: { prices: [{ productId: catalogIds.adult, settlementPrice: 9000, retailPrice: 11000 }] },
    },
    [`GET /api/v1/channels/${channelId}/api-keys`]: { status: 200, body: [] },
    ...routes,
  };
}

describe('channels & API', () => {
  it('lists channels with their sites and creates one with the right body', async () => {
    const { requests } = renderPage(<ChannelsPage />, {
      path: '/channels',
      server: {
        me: adminMe,
        routes: channelRoutes({
          'POST /api/v1/channels': ({ body }) => ({
            status: 201,
            body: { ...ctrip, ...(body as object), id: '0190a000-0000-7000-8000-0000000000b9' },
          }),
        }),
      },
    });
    expect(await screen.findByRole('heading', { level: 1, name: '渠道与接口' })).toBeTruthy();
    expect((await screen.findByTestId('channel-sites-CTRIP')).textContent).toBe('云山风景区');

    fireEvent.click(screen.getByTestId('new-channel'));
    fireEvent.change(await screen.findByLabelText('渠道代码'), { target: { value: 'meituan' } });
    fireEvent.change(screen.getByLabelText('名称'), { target: { value: '美团' } });
    fireEvent.change(screen.getByLabelText('联系电话'), { target: { value: '010-1234' } });
    fireEvent.mouseDown(screen.getByLabelText('可售场馆'));
    fireEvent.click(await screen.findByTitle('云山风景区 (YUNSHAN)'));
    fireEvent.click(screen.getByTestId('channel-submit'));
    await waitFor(() => expect(requests('POST /api/v1/channels')).toHaveLength(1));
    expect(requests('POST /api/v1/channels')[0]?.body).toEqual({
      code: 'meituan',
      name: '美团',
      contactName: '',
      contactPhone: '010-1234',
      active: true,
      siteIds: [catalogIds.site],
      // No account chosen: the channel may read availability there but not order.
      accounts: { [catalogIds.site]: null },
    });
  });

  it('chooses the agency account a site’s API orders draw on, offering active agencies only', async () => {
    const { requests } = renderPage(<ChannelsPage />, {
      path: '/channels',
      server: {
        me: adminMe,
        routes: channelRoutes({
          [`GET /api/v1/sites/${catalogIds.site}/agencies`]: {
            status: 200,
            body: [cits, { ...cits, id: closedAgencyId, code: 'OLD', name: '旧旅行社', active: false }],
          },
          [`PUT /api/v1/channels/${channelId}`]: ({ body }) => ({
            status: 200,
            body: { ...ctrip, ...(body as object) },
          }),
        }),
      },
    });
    fireEvent.click(await screen.findByTestId('edit-channel-CTRIP'));
    const account = await screen.findByLabelText('云山风景区 (YUNSHAN) 的挂账账户');
    fireEvent.mouseDown(account);
    fireEvent.click(await screen.findByTitle('国旅 (CITS)'));
    expect(screen.queryByTitle('旧旅行社 (OLD)')).toBeNull();
    fireEvent.click(screen.getByTestId('channel-submit'));
    await waitFor(() => expect(requests(`PUT /api/v1/channels/${channelId}`)).toHaveLength(1));
    expect(requests(`PUT /api/v1/channels/${channelId}`)[0]?.body).toMatchObject({
      code: 'CTRIP',
      siteIds: [catalogIds.site],
      accounts: { [catalogIds.site]: cits.id },
    });
  });

  it('keeps showing an account whose agency has since been disabled', async () => {
    renderPage(<ChannelsPage />, {
      path: '/channels',
      server: {
        me: adminMe,
        routes: channelRoutes({
          'GET /api/v1/channels': {
            status: 200,
            body: [{ ...ctrip, accounts: { [catalogIds.site]: closedAgencyId } }],
          },
          [`GET /api/v1/sites/${catalogIds.site}/agencies`]: {
            status: 200,
            body: [cits, { ...cits, id: closedAgencyId, code: 'OLD', name: '旧旅行社', active: false }],
          },
        }),
      },
    });
    fireEvent.click(await screen.findByTestId('edit-channel-CTRIP'));
    const field = await screen.findByTestId('channel-account-YUNSHAN');
    await waitFor(() => expect(field.textContent).toContain('旧旅行社 (OLD) · 停用'));
  });

  it('sends the prices of the API ticket types in fen', async () => {
    const { requests } = renderPage(<ChannelsPage />, {
      path: '/channels',
      server: {
        me: adminMe,
        routes: channelRoutes({
          [`PUT /api/v1/channels/${channelId}/prices`]: ({ body }) => ({ status: 200, body }),
        }),
      },
    });
    fireEvent.click(await screen.findByTestId('select-channel-CTRIP'));
    const adult = await screen.findByLabelText<HTMLInputElement>('成人票的结算价');
    expect(adult.value).toBe('90.00');
    expect(screen.queryByLabelText('索道往返的结算价')).toBeNull();
    fireEvent.change(adult, { target: { value: '88.5' } });
    fireEvent.change(screen.getByLabelText('团队票的结算价'), { target: { value: '80' } });
    fireEvent.change(screen.getByLabelText('团队票的建议零售价'), { target: { value: '100' } });
    fireEvent.click(screen.getByTestId('channel-prices-save'));
    await waitFor(() => expect(requests(`PUT /api/v1/channels/${channelId}/prices`)).toHaveLength(1));
    expect(requests(`PUT /api/v1/channels/${channelId}/prices`)[0]?.body).toEqual({
      prices: [
        { productId: catalogIds.adult, settlementPrice: 8850, retailPrice: 11000 },
        { productId: catalogIds.group, settlementPrice: 8000, retailPrice: 10000 },
      ],
    });
  });

  it('issues a key, shows it once, then lists only its prefix; revokes after a confirmation', async () => {
    let keys: ApiKeyView[] = [];
    const { requests } = renderPage(<ChannelsPage />, {
      path: '/channels',
      server: {
        me: adminMe,
        routes: channelRoutes({
          [`GET /api/v1/channels/${channelId}/api-keys`]: () => ({ status: 200, body: keys }),
          [`POST /api/v1/channels/${channelId}/api-keys`]: () => {
            keys = [issuedKey];
            return { status: 201, body: { key: secret, apiKey: issuedKey } };
          },
          [`POST /api/v1/channels/${channelId}/api-keys/${keyId}/revoke`]: () => {
            keys = [{ ...issuedKey, revokedAt: '2026-05-05T01:00:00.000Z' }];
            return { status: 200, body: keys[0] };
          },
        }),
      },
    });
    fireEvent.click(await screen.findByTestId('select-channel-CTRIP'));
    fireEvent.click(await screen.findByRole('tab', { name: '接口密钥' }));
    fireEvent.click(await screen.findByTestId('issue-key'));
    fireEvent.change(await screen.findByLabelText('名称'), { target: { value: '生产环境' } });
    fireEvent.click(screen.getByLabelText(/查询余量与价格/));
    fireEvent.click(screen.getByLabelText(/下单/));
    const rate = screen.getByLabelText<HTMLInputElement>('每分钟请求上限');
    expect(rate.value).toBe('600');
    fireEvent.change(rate, { target: { value: '1200' } });
    fireEvent.click(screen.getByTestId('issue-key-submit'));

    const dialog = await screen.findByTestId('issued-key-dialog');
    expect(within(dialog).getByTestId('issued-key').textContent).toBe(secret);
    expect(dialog.textContent).toContain('此密钥只显示一次，请立即保存；系统只保存其摘要。');
    expect(requests(`POST /api/v1/channels/${channelId}/api-keys`)[0]?.body).toEqual({
      name: '生产环境',
      scopes: ['availability.read', 'orders.create'],
      rateLimitPerMinute: 1200,
    });

    fireEvent.click(screen.getByTestId('issued-key-done'));
    await waitFor(() => expect(screen.queryByTestId('issued-key-dialog')).toBeNull());
    const table = screen.getByTestId('api-keys-table');
    await waitFor(() =>
      expect(within(table).getByTestId(`key-prefix-${keyId}`).textContent).toBe('admit_k7Qx2mPa_…'),
    );
    expect(document.body.textContent).not.toContain(secret);

    fireEvent.click(within(table).getByTestId(`revoke-key-${keyId}`));
    fireEvent.click(await screen.findByRole('button', { name: '吊销' }));
    await waitFor(() =>
      expect(requests(`POST /api/v1/channels/${channelId}/api-keys/${keyId}/revoke`)).toHaveLength(1),
    );
    expect(await within(table).findByText(/已吊销/)).toBeTruthy();
  });

  it('is not for a seller without channels.manage', async () => {
    renderApp({ path: '/channels', server: { me: sellerMe, routes: channelRoutes() } });
    expect(await screen.findByRole('heading', { level: 1, name: '没有访问权限' })).toBeTruthy();
  });
});
