import { builtInRoles, permissionCatalogue } from '@admit/domain';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { adminMe, ids, sampleCatalogue, sampleRoles } from '../../test/fixtures';
import { errorReply, renderApp, type FakeRequest, type FakeServer, type Reply } from '../../test/render';

function server(routes: FakeServer['routes'] = {}, me = adminMe): FakeServer {
  return {
    me,
    routes: {
      'GET /api/v1/permissions': { status: 200, body: sampleCatalogue },
      'GET /api/v1/roles': { status: 200, body: { roles: sampleRoles } },
      ...routes,
    },
  };
}

function cell(role: string, permission: string): HTMLElement {
  return screen.getByTestId(`cell-${role}-${permission}`);
}

describe('roles matrix', () => {
  it('ticks exactly the permissions each role carries, grouped by area', async () => {
    renderApp({ path: '/roles', server: server() });
    const matrix = await screen.findByTestId('role-matrix');

    for (const role of sampleRoles) {
      for (const permission of Object.keys(permissionCatalogue)) {
        const held = role.permissions.includes(permission);
        expect(cell(role.code, permission).getAttribute('data-held'), `${role.code} ${permission}`).toBe(
          String(held),
        );
        expect(within(cell(role.code, permission)).queryByText('✓') !== null).toBe(held);
      }
    }
    expect(builtInRoles.seller.permissions).toContain('orders.sell');
    expect(within(cell('seller', 'orders.sell')).getByLabelText('有')).toBeTruthy();

    // Area rows in catalogue order, each followed by its permissions with labels and codes.
    const areaRows = [...matrix.querySelectorAll('tr.admit-matrix-area')].map((row) => row.textContent);
    expect(areaRows).toEqual(['售票', '检票', '票务配置', '财务', '报表', '系统', '安全', '审计']);
    expect(matrix.textContent).toContain('查看审计日志');
    expect(matrix.textContent).toContain('audit.read');
  });

  it('marks built-in roles read-only and offers edit and delete for custom ones', async () => {
    renderApp({ path: '/roles', server: server() });
    await screen.findByTestId('role-matrix');
    const seller = screen.getByTestId('role-column-seller');
    expect(seller.textContent).toContain('售票员');
    expect(seller.textContent).toContain('内置');
    expect(within(seller).queryByText('编辑')).toBeNull();
    const custom = screen.getByTestId('role-column-night_auditor');
    expect(custom.textContent).toContain('自定义');
    expect(within(custom).getByLabelText('编辑角色 夜审')).toBeTruthy();
    expect(within(custom).getByLabelText('删除角色 夜审')).toBeTruthy();
  });

  it('shows the matrix without editing to a viewer without roles.manage', async () => {
    renderApp({ path: '/roles', server: server({}, { ...adminMe, permissions: ['users.read'] }) });
    await screen.findByTestId('role-matrix');
    expect(screen.queryByTestId('new-role')).toBeNull();
    expect(screen.queryByLabelText('编辑角色 夜审')).toBeNull();
  });

  it('creates a custom role with the permissions ticked by area', async () => {
    const created: FakeRequest[] = [];
    renderApp({
      path: '/roles',
      server: server({
        'POST /api/v1/roles': (request): Reply => {
          created.push(request);
          return {
            status: 201,
            body: {
              ...sampleRoles[4],
              id: ids.roleCustom,
              code: 'cashier',
              nameZh: '收银',
              nameEn: 'Cashier',
            },
          };
        },
      }),
    });
    fireEvent.click(await screen.findByTestId('new-role'));
    fireEvent.change(await screen.findByLabelText('角色代码'), { target: { value: 'cashier' } });
    fireEvent.change(screen.getByLabelText('中文名称'), { target: { value: '收银' } });
    fireEvent.change(screen.getByLabelText('英文名称'), { target: { value: 'Cashier' } });
    fireEvent.click(screen.getByLabelText(/^售票\s*orders\.sell$/));
    fireEvent.click(screen.getByLabelText(/^查看报表\s*reports\.read$/));
    fireEvent.click(screen.getByTestId('role-submit'));
    await waitFor(() => expect(created).toHaveLength(1));
    expect(created[0]?.body).toEqual({
      code: 'cashier',
      nameZh: '收银',
      nameEn: 'Cashier',
      descriptionZh: '',
      descriptionEn: '',
      permissions: ['orders.sell', 'reports.read'],
    });
  });

  it("shows the server's refusal to delete a role still in use", async () => {
    renderApp({
      path: '/roles',
      server: server({
        [`DELETE /api/v1/roles/${ids.roleCustom}`]: errorReply(
          409,
          'role_in_use',
          '仍有用户持有该角色，不能删除。',
        ),
      }),
    });
    fireEvent.click(await screen.findByLabelText('删除角色 夜审'));
    const ok = (await screen.findByText('删除', { selector: '.ant-modal-confirm button span' })).closest(
      'button',
    );
    if (ok === null) throw new Error('no confirm button');
    fireEvent.click(ok);
    expect(await screen.findByText('仍有用户持有该角色，不能删除。')).toBeTruthy();
  });
});
