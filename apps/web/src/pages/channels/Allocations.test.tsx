import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { addDays } from '@admit/domain';
import { describe, expect, it } from 'vitest';
import { todayAtSite } from '../../format';
import { catalogIds, catalogRoutes } from '../../test/catalogFixtures';
import { adminMe } from '../../test/fixtures';
import { errorReply, renderPage, type Handler } from '../../test/render';
import { ChannelsPage } from './ChannelsPage';
import type { AllocationView } from './Allocations';
import type { ChannelView } from './api';

const channelId = '0190a000-0000-7000-8000-000000000601';
const sessionAllocation = '0190a000-0000-7000-8000-000000000602';
const dayAllocation = '0190a000-0000-7000-8000-000000000603';
const releasedAllocation = '0190a000-0000-7000-8000-000000000604';
const sessionId = '0190a000-0000-7000-8000-000000000605';
const base = `/api/v1/channels/${channelId}/allocations`;

const ctrip: ChannelView = {
  id: channelId,
  code: 'CTRIP',
  name: '携程',
  contactName: '',
  contactPhone: '',
  active: true,
  siteIds: [catalogIds.site],
  accounts: {},
  createdAt: '2026-05-01T02:00:00.000Z',
};

const bySession: AllocationView = {
  id: sessionAllocation,
  channelId,
  siteId: catalogIds.site,
  kind: 'session',
  businessDate: '2099-05-04',
  sessionId,
  // 09:00 at the site (Asia/Shanghai), whatever the zone the test runs in.
  sessionStartsAt: '2099-05-04T01:00:00.000Z',
  quantity: 50,
  capacity: 50,
  sold: 12,
  held: 3,
  releaseAt: '2099-05-03T23:00:00.000Z',
  releasedAt: null,
};
const byDay: AllocationView = {
  ...bySession,
  id: dayAllocation,
  kind: 'daily',
  businessDate: '2099-05-05',
  sessionId: null,
  sessionStartsAt: null,
  quantity: 100,
  capacity: 100,
  sold: 0,
  held: 0,
  releaseAt: '2099-05-04T14:00:00.000Z',
};
const released: AllocationView = {
  ...bySession,
  id: releasedAllocation,
  businessDate: '2099-05-06',
  sessionStartsAt: '2099-05-06T01:00:00.000Z',
  capacity: 20,
  sold: 20,
  releaseAt: '2099-05-05T23:00:00.000Z',
  releasedAt: '2099-05-05T23:00:05.000Z',
};

function routes(extra: Record<string, Handler> = {}): Record<string, Handler> {
  return {
    ...catalogRoutes(),
    'GET /api/v1/channels': { status: 200, body: [ctrip] },
    [`GET /api/v1/channels/${channelId}/prices`]: { status: 200, body: { prices: [] } },
    [`GET /api/v1/channels/${channelId}/api-keys`]: { status: 200, body: [] },
    ...extra,
  };
}

async function openTab() {
  fireEvent.click(await screen.findByTestId('select-channel-CTRIP'));
  fireEvent.click(await screen.findByRole('tab', { name: '预留库存' }));
  return screen.findByTestId('allocations');
}

const rowOf = (id: string) => screen.getByTestId(`allocation-when-${id}`).closest('tr')!;

describe('channel allocations (预留库存)', () => {
  it('lists from today at the site: reserved, sold, left and the release time in the site’s clock', async () => {
    const { requests } = renderPage(<ChannelsPage />, {
      path: '/channels',
      server: {
        me: adminMe,
        routes: routes({ [`GET ${base}`]: { status: 200, body: [bySession, byDay, released] } }),
      },
    });
    await openTab();
    await screen.findByTestId(`allocation-when-${sessionAllocation}`);
    expect(requests(`GET ${base}`)[0]?.query.get('from')).toBe(todayAtSite('Asia/Shanghai'));

    const session = rowOf(sessionAllocation);
    expect(within(session).getByTestId(`allocation-when-${sessionAllocation}`).textContent).toBe(
      '2099-05-04 09:00',
    );
    // Reserved 50, sold 12, 3 held in open carts: 35 left; released 2 hours before, at 07:00.
    expect([...session.querySelectorAll('td')].map((td) => td.textContent)).toEqual([
      '2099-05-04 09:00',
      '云山风景区',
      '50',
      '12',
      '35',
      '2099-05-04 07:00',
      '立即释放',
    ]);
    expect(rowOf(dayAllocation).textContent).toContain('2099-05-05 全天');
    const gone = rowOf(releasedAllocation);
    expect(gone.textContent).toContain('已于 2099-05-06 07:00 释放');
    expect(within(gone).queryByRole('button')).toBeNull();

    // Another starting day asks again.
    fireEvent.change(screen.getByLabelText('显示此日期起的预留'), { target: { value: '2099-05-05' } });
    await waitFor(() => expect(requests(`GET ${base}`).at(-1)?.query.get('from')).toBe('2099-05-05'));
  });

  it('reserves places over a date range with the right body, and refuses an end before the start', async () => {
    const { requests } = renderPage(<ChannelsPage />, {
      path: '/channels',
      server: {
        me: adminMe,
        routes: routes({
          [`GET ${base}`]: { status: 200, body: [] },
          [`POST ${base}`]: {
            status: 201,
            body: {
              created: [byDay, { ...byDay, id: releasedAllocation, businessDate: '2099-05-06' }],
              skipped: [{ businessDate: '2099-05-07', sessionId: null, reason: 'allocation_room_short' }],
            },
          },
        }),
      },
    });
    await openTab();
    expect(await screen.findByText('还没有预留库存')).toBeTruthy();
    fireEvent.click(screen.getByTestId('allocation-new'));
    const from = await screen.findByLabelText<HTMLInputElement>('开始日期');
    const tomorrow = addDays(todayAtSite('Asia/Shanghai'), 1);
    expect(from.value).toBe(tomorrow);
    expect(screen.getByLabelText<HTMLInputElement>('结束日期').value).toBe(tomorrow);

    fireEvent.change(from, { target: { value: '2099-05-05' } });
    fireEvent.change(screen.getByLabelText('结束日期'), { target: { value: '2099-05-04' } });
    fireEvent.click(screen.getByTestId('allocation-submit'));
    expect(await screen.findByText('结束日期不能早于开始日期')).toBeTruthy();
    expect(requests(`POST ${base}`)).toHaveLength(0);

    fireEvent.change(screen.getByLabelText('结束日期'), { target: { value: '2099-05-07' } });
    fireEvent.click(screen.getByLabelText('每天（日最大承载量）'));
    fireEvent.change(screen.getByLabelText('预留名额'), { target: { value: '100' } });
    fireEvent.change(screen.getByLabelText('提前释放'), { target: { value: '600' } });
    fireEvent.click(screen.getByTestId('allocation-submit'));
    await waitFor(() => expect(requests(`POST ${base}`)).toHaveLength(1));
    expect(requests(`POST ${base}`)[0]?.body).toEqual({
      siteId: catalogIds.site,
      from: '2099-05-05',
      to: '2099-05-07',
      scope: 'day',
      quantity: 100,
      releaseMinutesBefore: 600,
    });
    expect(
      await screen.findByText('已预留 2 个场次，跳过 1 个（已有预留、余量不足或已过释放时间）'),
    ).toBeTruthy();
  });

  it('shows why the server refused an allocation, in the drawer', async () => {
    renderPage(<ChannelsPage />, {
      path: '/channels',
      server: {
        me: adminMe,
        routes: routes({
          [`GET ${base}`]: { status: 200, body: [] },
          [`POST ${base}`]: errorReply(403, 'permission_denied', '您没有执行此操作的权限。'),
        }),
      },
    });
    await openTab();
    fireEvent.click(await screen.findByTestId('allocation-new'));
    await screen.findByLabelText('开始日期');
    fireEvent.click(screen.getByTestId('allocation-submit'));
    expect((await screen.findByRole('alert')).textContent).toContain('您没有执行此操作的权限。');
  });

  it('releases an allocation now, after a confirmation', async () => {
    let list = [bySession];
    const { requests } = renderPage(<ChannelsPage />, {
      path: '/channels',
      server: {
        me: adminMe,
        routes: routes({
          [`GET ${base}`]: () => ({ status: 200, body: list }),
          [`POST ${base}/${sessionAllocation}/release`]: () => {
            list = [{ ...bySession, capacity: 15, releasedAt: '2099-05-03T22:00:00.000Z' }];
            return { status: 200, body: list[0] };
          },
        }),
      },
    });
    await openTab();
    fireEvent.click(await screen.findByTestId(`allocation-release-${sessionAllocation}`));
    expect(await screen.findAllByText('立即释放 2099-05-04 09:00 的预留？')).not.toHaveLength(0);
    expect(requests(`POST ${base}/${sessionAllocation}/release`)).toHaveLength(0);
    fireEvent.click(await screen.findByRole('button', { name: '立即释放' }));
    await waitFor(() => expect(requests(`POST ${base}/${sessionAllocation}/release`)).toHaveLength(1));
    await waitFor(() => expect(rowOf(sessionAllocation).textContent).toContain('已于 2099-05-04 06:00 释放'));
    expect(screen.queryByTestId(`allocation-release-${sessionAllocation}`)).toBeNull();
  });
});
