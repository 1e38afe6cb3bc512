import type { UserSummary } from '@admit/contracts';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { adminMe, adminSummary, ids, sampleRoles, sampleSites, userSummary } from '../../test/fixtures';
import {
  errorReply,
  renderApp,
  TEST_CSRF_COOKIE,
  type FakeRequest,
  type FakeServer,
  type Reply,
} from '../../test/render';

const seller = userSummary({
  id: ids.seller,
  loginName: 'seller01',
  displayName: '张售票',
  phone: '138****5678',
  roles: [
    {
      roleId: ids.roleSeller,
      roleCode: 'seller',
      roleNameZh: '售票员',
      roleNameEn: 'Seller',
      siteId: ids.site,
    },
  ],
});

function server(users: UserSummary[], routes: FakeServer['routes'] = {}, me = adminMe): FakeServer {
  return {
    me,
    routes: {
      'GET /api/v1/users': () => ({ status: 200, body: { users } }),
      'GET /api/v1/roles': { status: 200, body: { roles: sampleRoles } },
      'GET /api/v1/sites': { status: 200, body: { sites: sampleSites } },
      ...routes,
    },
  };
}

async function openSelect(testId: string, optionText: string): Promise<void> {
  const select = screen.getByTestId(testId);
  fireEvent.mouseDown(select.querySelector('.ant-select-selector') ?? select);
  const options = await screen.findAllByText(optionText, { selector: '.ant-select-item-option-content' });
  const option = options.at(-1);
  if (option === undefined) throw new Error(`no option ${optionText}`);
  fireEvent.click(option);
}

/** The button showing `text` (role queries are slow on a page this size under jsdom). */
async function findButton(text: string): Promise<HTMLElement> {
  const label = await screen.findByText(text, { selector: 'button span, button' });
  const button = label.closest('button');
  if (button === null) throw new Error(`no button ${text}`);
  return button;
}

describe('users page', () => {
  it('lists users with masked phone, roles per site, status and last login', async () => {
    renderApp({ path: '/users', server: server([adminSummary, seller]) });
    const row = (await screen.findByTestId('user-seller01')).closest('tr');
    if (row === null) throw new Error('no row');
    expect(within(row).getByText('张售票')).toBeTruthy();
    expect(within(row).getByTestId('phone-seller01').textContent).toBe('138****5678');
    expect(within(row).getByText('售票员 · 主景区')).toBeTruthy();
    expect(within(row).getByText('启用')).toBeTruthy();
    expect(within(row).getByText('从未登录')).toBeTruthy();
    const adminRow = screen.getByTestId('user-admin').closest('tr');
    expect(adminRow?.textContent).toContain('系统管理员 · 全部场馆');
  });

  it('creates a user and shows the temporary password once', async () => {
    const created: FakeRequest[] = [];
    const users = [adminSummary];
    renderApp({
      path: '/users',
      server: server(users, {
        'POST /api/v1/users': (request): Reply => {
          created.push(request);
          const user = userSummary({
            id: ids.newUser,
            loginName: 'seller02',
            displayName: '李售票',
            mustChangePassword: true,
            roles: [
              {
                roleId: ids.roleSeller,
                roleCode: 'seller',
                roleNameZh: '售票员',
                roleNameEn: 'Seller',
                siteId: null,
              },
            ],
          });
          users.push(user);
          return { status: 201, body: { user, temporaryPassword: 'Tmp-7hQ2-xY9k' } };
        },
      }),
    });
    fireEvent.click(await screen.findByTestId('new-user'));
    fireEvent.change(await screen.findByLabelText('登录名'), { target: { value: 'seller02' } });
    fireEvent.change(screen.getByLabelText('姓名'), { target: { value: '李售票' } });
    fireEvent.click(screen.getByTestId('add-grant'));
    await openSelect('grant-role-0', '售票员');
    fireEvent.click(screen.getByTestId('create-user-submit'));

    const dialog = await screen.findByTestId('temporary-password-dialog');
    expect(within(dialog).getByTestId('temporary-password').textContent).toBe('Tmp-7hQ2-xY9k');
    expect(dialog.textContent).toContain('临时密码只显示这一次');
    expect(dialog.textContent).toContain('首次登录时必须修改');
    expect(within(dialog).getByLabelText('复制')).toBeTruthy();
    expect(created[0]?.body).toEqual({
      loginName: 'seller02',
      displayName: '李售票',
      grants: [{ roleId: ids.roleSeller, siteId: null }],
    });
    expect(created[0]?.headers['x-csrf-token']).toBe(TEST_CSRF_COOKIE);

    fireEvent.click(screen.getByTestId('temporary-password-done'));
    await waitFor(() => expect(screen.queryByTestId('temporary-password')).toBeNull());
    expect(await screen.findByTestId('user-seller02')).toBeTruthy();
    expect(screen.queryByText('Tmp-7hQ2-xY9k')).toBeNull();
  });

  it("shows the server's refusal when a grant exceeds the administrator's permissions", async () => {
    renderApp({
      path: '/users',
      server: server([adminSummary, seller], {
        [`PUT /api/v1/users/${ids.seller}/roles`]: errorReply(
          403,
          'grant_exceeds_own_permissions',
          '不能授予自己没有的权限。',
        ),
      }),
    });
    fireEvent.click(await screen.findByLabelText('管理 张售票 的角色授权'));
    fireEvent.click(await findButton('保存'));
    expect(await screen.findByText('不能授予自己没有的权限。')).toBeTruthy();
  });

  it('resets a password after confirmation and shows the new temporary password', async () => {
    renderApp({
      path: '/users',
      server: server([adminSummary, seller], {
        [`POST /api/v1/users/${ids.seller}/reset-password`]: {
          status: 200,
          body: { temporaryPassword: 'New-Tmp-55aa' },
        },
      }),
    });
    fireEvent.click(await screen.findByLabelText('重置 张售票 的密码'));
    fireEvent.click(await findButton('确定'));
    const dialog = await screen.findByTestId('temporary-password-dialog');
    expect(within(dialog).getByTestId('temporary-password').textContent).toBe('New-Tmp-55aa');
  });

  it('reveals a full phone number on request for holders of pii.read', async () => {
    const { requests } = renderApp({
      path: '/users',
      server: server([seller], {
        [`GET /api/v1/users/${ids.seller}/phone`]: { status: 200, body: { phone: '13812345678' } },
      }),
    });
    fireEvent.click(await screen.findByLabelText('显示 张售票 的完整手机号'));
    await waitFor(() => expect(screen.getByTestId('phone-seller01').textContent).toBe('13812345678'));
    expect(requests(`GET /api/v1/users/${ids.seller}/phone`)).toHaveLength(1);
  });

  it('hides the actions a read-only viewer may not take', async () => {
    const auditor = { ...adminMe, permissions: ['users.read', 'audit.read'] };
    renderApp({ path: '/users', server: server([adminSummary, seller], {}, auditor) });
    await screen.findByTestId('user-seller01');
    expect(screen.queryByTestId('new-user')).toBeNull();
    expect(screen.queryByLabelText('重置 张售票 的密码')).toBeNull();
    expect(screen.queryByLabelText('显示 张售票 的完整手机号')).toBeNull();
    expect(screen.queryByText('操作', { selector: 'th' })).toBeNull();
  });
});
