import { fireEvent, screen, waitFor } from '@testing-library/react';
import { builtInRoles } from '@admit/domain';
import { beforeEach, describe, expect, it } from 'vitest';
import type { MeResponse } from '../../auth/session';
import { catalogIds, yunshan, yunshanGates } from '../../test/catalogFixtures';
import { sellerMe } from '../../test/fixtures';
import { testBundle, ticketCode, ticketId } from '../../test/gateFixtures';
import { errorReply, renderApp, type FakeServer, type Handler } from '../../test/render';
import { memoryGateStore, replaceGateStore } from './store';

const gateStaff: MeResponse = {
  ...sellerMe,
  displayName: '李检票',
  permissions: [...builtInRoles.gate_staff.permissions],
};
const site = catalogIds.site;
const gatePath = (path: string) => `/api/v1/sites/${site}/gate${path}`;
const code = ticketCode({ ticketId: ticketId(1) });
const TOKEN = 'device-token-0123456789';
const REGISTRATION = 'Q2xpZW50LXJlZ2lzdHJhdGlvbi0x';

const okAnswer = {
  result: 'ok',
  reason: null,
  ticketId: ticketId(1),
  category: 'child',
  productNameZh: '儿童票',
  productNameEn: 'Child ticket',
  eligibilityZh: '身高 1.2–1.5 米',
  eligibilityEn: 'Height 1.2–1.5 m',
  holderName: null,
  entriesLeft: 0,
  lastEntry: null,
  occupancy: null,
};

function gateServer(scan: Handler = { status: 200, body: okAnswer }): FakeServer['routes'] {
  return {
    [`GET ${gatePath('/bundle')}`]: { status: 200, body: testBundle({ siteId: site }) },
    [`GET ${gatePath('/today')}`]: {
      status: 200,
      body: {
        businessDate: '2026-12-01',
        entriesAtGate: 12,
        entriesAtSite: 40,
        refusedAtGate: 1,
        occupancy: null,
      },
    },
    [`GET ${gatePath('/alerts')}`]: { status: 200, body: [] },
    [`POST ${gatePath('/scan')}`]: scan,
  };
}

async function scanByKeyboard(text: string) {
  const input = await screen.findByTestId('gate-input');
  await waitFor(() => expect(document.activeElement).toBe(input));
  fireEvent.change(input, { target: { value: text } });
  fireEvent.keyDown(input, { key: 'Enter', code: 'Enter' });
}

describe('the gate app', () => {
  beforeEach(() => replaceGateStore(memoryGateStore()));

  it('lets gate staff choose a site and gate, then checks tickets under their login', async () => {
    const { requests } = renderApp({
      path: '/gate',
      server: {
        me: gateStaff,
        routes: {
          'GET /api/v1/catalog/sites': { status: 200, body: { sites: [yunshan] } },
          [`GET /api/v1/catalog/sites/${site}/gates`]: { status: 200, body: { gates: yunshanGates } },
          ...gateServer(),
        },
      },
    });
    expect(await screen.findByRole('heading', { level: 1, name: '选择检票口' })).toBeTruthy();
    const start = await screen.findByTestId('gate-start');
    // The first active gate of the first site is chosen once the gates have loaded.
    await waitFor(() => expect(start.hasAttribute('disabled')).toBe(false));
    fireEvent.click(start);
    expect((await screen.findByTestId('gate-name')).textContent).toBe('北门');
    expect(await screen.findByText('李检票')).toBeTruthy();
    await waitFor(() => expect(screen.getByTestId('stat-at-gate').textContent).toBe('12'));
    // An entry-only gate counts no exits.
    expect(screen.queryByTestId('gate-exit')).toBeNull();

    await scanByKeyboard(code);
    const result = await screen.findByTestId('gate-category');
    expect(result.textContent).toBe('儿童');
    expect(screen.getByTestId('gate-result').getAttribute('data-result')).toBe('ok');
    const [scan] = requests(`POST ${gatePath('/scan')}`);
    expect(scan?.body).toEqual({ gateId: catalogIds.northGate, code });
    expect(scan?.headers['Authorization']).toBeUndefined();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('gate-input')));
  });

  it('registers the device from the address in its QR code and scans under the device’s token', async () => {
    const { requests, router } = renderApp({
      path: `/gate#register=${REGISTRATION}`,
      server: {
        routes: {
          'POST /api/v1/devices/register': {
            status: 201,
            body: {
              device: {
                id: '0190a000-0000-7000-8000-0000000000f9',
                siteId: site,
                gateId: catalogIds.southGate,
                name: '南门 1 号机',
                status: 'active',
                registeredAt: '2026-12-01T01:00:00.000Z',
                revokedAt: null,
                lastSeenAt: null,
              },
              token: TOKEN,
            },
          },
          'GET /api/v1/devices/me': {
            status: 200,
            body: {
              deviceId: '0190a000-0000-7000-8000-0000000000f9',
              name: '南门 1 号机',
              siteId: site,
              siteNameZh: '云山风景区',
              siteNameEn: 'Yunshan Scenic Area',
              gateId: catalogIds.southGate,
              gateCode: 'SOUTH',
              gateNameZh: '南门',
              gateNameEn: 'South gate',
              gateDirection: 'both',
            },
          },
          ...gateServer(),
        },
      },
    });
    expect((await screen.findByTestId('gate-name')).textContent).toBe('南门');
    expect(requests('POST /api/v1/devices/register')[0]?.body).toEqual({ code: REGISTRATION });
    // The one-time code is gone from the address.
    await waitFor(() => expect(router.state.location.hash).toBe(''));
    // A two-way gate counts exits too.
    expect(screen.getByTestId('gate-exit')).toBeTruthy();
    await scanByKeyboard(code);
    await screen.findByTestId('gate-category');
    const [scan] = requests(`POST ${gatePath('/scan')}`);
    expect(scan?.headers['Authorization']).toBe(`Device ${TOKEN}`);
    expect(scan?.body).toEqual({ gateId: catalogIds.southGate, code });
  });

  it('sends a revoked device back to registration', async () => {
    const store = memoryGateStore();
    replaceGateStore(store);
    await store.saveDevice({
      token: TOKEN,
      deviceId: '0190a000-0000-7000-8000-0000000000f9',
      name: '南门 1 号机',
      siteId: site,
      siteNameZh: '云山风景区',
      siteNameEn: 'Yunshan Scenic Area',
      gateId: catalogIds.southGate,
      gateCode: 'SOUTH',
      gateNameZh: '南门',
      gateNameEn: 'South gate',
      gateDirection: 'both',
    });
    renderApp({
      path: '/gate',
      server: { routes: gateServer(errorReply(401, 'device_revoked', '该设备已停用，请联系管理员。')) },
    });
    expect((await screen.findByTestId('gate-name')).textContent).toBe('南门');
    await scanByKeyboard(code);
    expect(await screen.findByText('本设备已被停用，请联系管理员重新注册。')).toBeTruthy();
    expect(await store.loadDevice()).toBeNull();
  });

  it('offers login and registration when this browser is neither', async () => {
    renderApp({ path: '/gate' });
    expect(await screen.findByTestId('gate-login')).toBeTruthy();
    fireEvent.click(screen.getByTestId('gate-register'));
    expect(await screen.findByRole('heading', { level: 1, name: '注册检票设备' })).toBeTruthy();
  });
});
