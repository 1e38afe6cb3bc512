import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { builtInRoles } from '@admit/domain';
import { describe, expect, it } from 'vitest';
import type { AgencyView } from '../../api/sales';
import { catalogIds } from '../../test/catalogFixtures';
import { adminMe, userSummary } from '../../test/fixtures';
import { renderPage, type Handler } from '../../test/render';
import { AgenciesPage } from './AgenciesPage';
import { salesIds, salesPath, sellRoutes } from '../../test/salesFixtures';
import type { AgencyPortalUserView } from './api';

const cits: AgencyView = {
  id: salesIds.agency,
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

const wangId = '0190a000-0000-7000-8000-000000000501';
const liId = '0190a000-0000-7000-8000-000000000502';
const wang = userSummary({ id: wangId, loginName: 'cits.wang', displayName: '王小明' });
const li = userSummary({ id: liId, loginName: 'cits.li', displayName: '李娜' });
const portalPath = salesPath(`/agencies/${cits.id}/portal-users`);

/** A fake server that keeps the agency's linked users, as the real one does. */
function portalRoutes(initial: AgencyPortalUserView[]): Record<string, Handler> {
  let linked = [...initial];
  return sellRoutes({
    [`GET ${salesPath('/agencies')}`]: { status: 200, body: [cits] },
    'GET /api/v1/users': { status: 200, body: { users: [wang, li] } },
    [`GET ${portalPath}`]: () => ({ status: 200, body: linked }),
    [`POST ${portalPath}`]: ({ body }) => {
      const user = [wang, li].find((u) => u.id === (body as { userId: string }).userId)!;
      linked = [
        ...linked,
        {
          userId: user.id,
          loginName: user.loginName,
          displayName: user.displayName,
          status: 'active',
          linkedAt: '2026-05-06T02:00:00.000Z',
        },
      ];
      return { status: 204 };
    },
    [`DELETE ${portalPath}/${wangId}`]: () => {
      linked = linked.filter((u) => u.userId !== wangId);
      return { status: 204 };
    },
  })!;
}

/** Enter pressed and released, as a keyboard does. */
const enter = (input: HTMLElement) => {
  fireEvent.keyDown(input, { key: 'Enter', code: 'Enter', keyCode: 13, which: 13 });
  fireEvent.keyUp(input, { key: 'Enter', code: 'Enter', keyCode: 13, which: 13 });
};

const linkedWang: AgencyPortalUserView = {
  userId: wangId,
  loginName: 'cits.wang',
  displayName: '王小明',
  status: 'active',
  linkedAt: '2026-05-04T02:00:00.000Z',
};

describe('agency portal users', () => {
  it('lists the linked logins, links one chosen by search with the keyboard, removes one after a confirmation', async () => {
    const { requests } = renderPage(<AgenciesPage />, {
      path: '/agencies',
      server: { me: adminMe, routes: portalRoutes([linkedWang]) },
    });
    fireEvent.click(await screen.findByTestId('portal-users-agency-CITS'));
    const table = await screen.findByTestId('portal-users-table');
    expect((await within(table).findByTestId('portal-user-cits.wang')).closest('tr')?.textContent).toContain(
      '王小明',
    );

    // The user field has the focus; the linked login is not offered again.
    const field = await screen.findByLabelText('账号');
    await waitFor(() => expect(document.activeElement).toBe(field));
    fireEvent.change(field, { target: { value: '李' } });
    await screen.findByText('李娜 (cits.li)', { selector: '.ant-select-item-option-content' });
    expect(
      screen.queryByText('王小明 (cits.wang)', { selector: '.ant-select-item-option-content' }),
    ).toBeNull();
    // Enter picks the highlighted login; a second Enter links it.
    enter(field);
    await waitFor(() => expect(field.getAttribute('aria-expanded')).toBe('false'));
    expect(requests(`POST ${portalPath}`)).toHaveLength(0);
    enter(field);
    await waitFor(() => expect(requests(`POST ${portalPath}`)).toHaveLength(1));
    expect(requests(`POST ${portalPath}`)[0]?.body).toEqual({ userId: liId });
    expect(await within(table).findByTestId('portal-user-cits.li')).toBeTruthy();

    fireEvent.click(within(table).getByTestId('remove-portal-user-cits.wang'));
    expect(await screen.findAllByText('将 cits.wang 从 国旅 移除？')).not.toHaveLength(0);
    expect(requests(`DELETE ${portalPath}/${wangId}`)).toHaveLength(0);
    fireEvent.click(await screen.findByRole('button', { name: '移除' }));
    await waitFor(() => expect(requests(`DELETE ${portalPath}/${wangId}`)).toHaveLength(1));
    await waitFor(() => expect(within(table).queryByTestId('portal-user-cits.wang')).toBeNull());
    expect(within(table).getByTestId('portal-user-cits.li')).toBeTruthy();
  });

  it('asks for a user before linking', async () => {
    const { requests } = renderPage(<AgenciesPage />, {
      path: '/agencies',
      server: { me: adminMe, routes: portalRoutes([]) },
    });
    fireEvent.click(await screen.findByTestId('portal-users-agency-CITS'));
    expect(await screen.findByText('还没有门户账号。')).toBeTruthy();
    fireEvent.click(screen.getByTestId('portal-user-link'));
    expect(await screen.findByText('请选择要添加的账号')).toBeTruthy();
    expect(requests(`POST ${portalPath}`)).toHaveLength(0);
  });

  it('is offered only to whoever manages users', async () => {
    renderPage(<AgenciesPage />, {
      path: '/agencies',
      server: {
        me: { ...adminMe, permissions: [...builtInRoles.admin.permissions] },
        routes: portalRoutes([]),
      },
    });
    expect(await screen.findByTestId('edit-agency-CITS')).toBeTruthy();
    expect(screen.queryByTestId('portal-users-agency-CITS')).toBeNull();
  });
});
