import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { builtInRoles } from '@admit/domain';
import { describe, expect, it } from 'vitest';
import type { AgencyView } from '../../api/sales';
import { catalogIds } from '../../test/catalogFixtures';
import { adminMe, sellerMe } from '../../test/fixtures';
import { renderApp, renderPage } from '../../test/render';
import { AgenciesPage } from './AgenciesPage';
import { salesIds, salesPath, sellRoutes } from '../../test/salesFixtures';

const cits: AgencyView = {
  id: salesIds.agency,
  siteId: catalogIds.site,
  code: 'CITS',
  name: '国旅',
  contactName: '李经理',
  contactPhone: '13800000000',
  balance: -20000,
  creditLimit: 500000,
  available: 480000,
  active: true,
};

describe('travel agencies', () => {
  it('lists balance, credit and what is available; creates one and records a deposit from another', async () => {
    const { requests } = renderPage(<AgenciesPage />, {
      path: '/agencies',
      server: {
        me: adminMe,
        routes: sellRoutes({
          // The server answers a bare list.
          [`GET ${salesPath('/agencies')}`]: { status: 200, body: [cits] },
          [`POST ${salesPath('/agencies')}`]: ({ body }) => ({
            status: 201,
            body: { ...cits, id: salesIds.order, ...(body as object), balance: 0, available: 100000 },
          }),
          [`POST ${salesPath(`/agencies/${cits.id}/deposits`)}`]: {
            status: 200,
            body: { ...cits, balance: 30000 },
          },
        }),
      },
    });
    const row = (await screen.findByTestId('available-CITS')).closest('tr');
    expect(row?.textContent).toContain('¥-200.00');
    expect(row?.textContent).toContain('¥5000.00');
    expect(within(row!).getByTestId('available-CITS').textContent).toBe('¥4800.00');

    fireEvent.click(screen.getByTestId('new-agency'));
    fireEvent.change(await screen.findByLabelText('代码'), { target: { value: 'cyts' } });
    fireEvent.change(screen.getByLabelText('名称'), { target: { value: '青旅' } });
    fireEvent.change(screen.getByLabelText('授信额度'), { target: { value: '1000' } });
    fireEvent.click(screen.getByTestId('agency-submit'));
    await waitFor(() => expect(requests(`POST ${salesPath('/agencies')}`)).toHaveLength(1));
    expect(requests(`POST ${salesPath('/agencies')}`)[0]?.body).toEqual({
      code: 'cyts',
      name: '青旅',
      contactName: '',
      contactPhone: '',
      creditLimit: 100000,
    });

    fireEvent.click(screen.getByTestId('deposit-agency-CITS'));
    fireEvent.change(await screen.findByLabelText('预付金额'), { target: { value: '500' } });
    fireEvent.change(screen.getByLabelText('银行流水号或收据号'), { target: { value: 'B-77' } });
    fireEvent.click(screen.getByTestId('deposit-submit'));
    await waitFor(() =>
      expect(requests(`POST ${salesPath(`/agencies/${cits.id}/deposits`)}`)).toHaveLength(1),
    );
    const [deposit] = requests(`POST ${salesPath(`/agencies/${cits.id}/deposits`)}`);
    expect(deposit?.body).toEqual({ amount: 50000, reference: 'B-77', note: '' });
    expect(deposit?.headers['Idempotency-Key']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('offers whoever only manages users the portal logins, not the statement', async () => {
    renderPage(<AgenciesPage />, {
      path: '/agencies',
      server: {
        me: { ...adminMe, permissions: [...builtInRoles.security_admin.permissions] },
        routes: sellRoutes({ [`GET ${salesPath('/agencies')}`]: { status: 200, body: [cits] } }),
      },
    });
    expect(await screen.findByTestId('portal-users-agency-CITS')).toBeTruthy();
    expect(screen.queryByTestId('statement-agency-CITS')).toBeNull();
    expect(screen.queryByTestId('edit-agency-CITS')).toBeNull();
    expect(screen.queryByTestId('deposit-agency-CITS')).toBeNull();
  });

  it('offers finance the statement', async () => {
    renderPage(<AgenciesPage />, {
      path: '/agencies',
      server: {
        me: { ...adminMe, permissions: [...builtInRoles.finance.permissions] },
        routes: sellRoutes({ [`GET ${salesPath('/agencies')}`]: { status: 200, body: [cits] } }),
      },
    });
    expect(await screen.findByTestId('statement-agency-CITS')).toBeTruthy();
    expect(screen.queryByTestId('portal-users-agency-CITS')).toBeNull();
  });

  it('is not for a seller without channel or finance permissions', async () => {
    renderApp({ path: '/agencies', server: { me: sellerMe, routes: sellRoutes() } });
    expect(await screen.findByRole('heading', { level: 1, name: '没有访问权限' })).toBeTruthy();
  });
});
