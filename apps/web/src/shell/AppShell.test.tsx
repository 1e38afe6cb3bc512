import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { adminMe, sellerMe } from '../test/fixtures';
import { errorReply, renderApp, TEST_CSRF_COOKIE, type Reply } from '../test/render';

async function navNames(): Promise<string[]> {
  const nav = await screen.findByRole('navigation', { name: '主导航' });
  return within(nav)
    .getAllByRole('menuitem')
    .map((item) => item.textContent?.replace(/Alt\+\d/, '').trim() ?? '');
}

describe('shell navigation', () => {
  it('shows a seller only the areas their permissions allow', async () => {
    renderApp({ server: { me: sellerMe } });
    expect(await navNames()).toEqual(['首页', '售票', '票务配置', '订单']);
    expect(screen.queryByRole('link', { name: '用户与角色' })).toBeNull();
    expect(screen.getByTestId('current-user').textContent).toContain('张售票');
  });

  it('shows the first administrator every area', async () => {
    renderApp({ server: { me: adminMe } });
    expect(await navNames()).toEqual([
      '首页',
      '售票',
      '旅行社',
      '渠道与接口',
      '团队预订',
      '检票',
      '团队检票',
      '票务配置',
      '检票设备',
      '支付通道',
      '短信与邮件',
      '订单',
      '财务',
      '报表',
      '用户与角色',
      '审计日志',
      '系统设置',
    ]);
  });

  it('shows an auditor only the audit log and users', async () => {
    renderApp({ server: { me: { ...sellerMe, permissions: ['audit.read', 'users.read'] } } });
    expect(await navNames()).toEqual(['首页', '用户与角色', '审计日志']);
  });

  it('shows finance for any one finance permission', async () => {
    renderApp({ server: { me: { ...sellerMe, permissions: ['finance.invoices'] } } });
    expect(await navNames()).toEqual(['首页', '财务']);
  });

  it('shows the travel agencies to finance and to channel managers, with no Alt digit of their own', async () => {
    renderApp({ server: { me: { ...sellerMe, permissions: ['finance.settle'] } } });
    expect(await navNames()).toEqual(['首页', '旅行社', '财务']);
    expect(screen.getByTestId('nav-agencies').getAttribute('aria-keyshortcuts')).toBeNull();
  });

  it('jumps to an area with Alt+digit and ignores digits of hidden areas', async () => {
    const { router } = renderApp({ server: { me: sellerMe } });
    await navNames();
    fireEvent.keyDown(window, { key: '1', code: 'Digit1', altKey: true });
    expect(await screen.findByRole('heading', { level: 1, name: '售票' })).toBeTruthy();
    expect(router.state.location.pathname).toBe('/sell');
    fireEvent.keyDown(window, { key: '7', code: 'Digit7', altKey: true });
    expect(router.state.location.pathname).toBe('/sell');
    fireEvent.keyDown(window, { key: '0', code: 'Numpad0', altKey: true });
    await waitFor(() => expect(router.state.location.pathname).toBe('/'));
  });

  it('refuses an area the user may not open, even by its address', async () => {
    renderApp({ path: '/users', server: { me: sellerMe } });
    expect(await screen.findByRole('heading', { level: 1, name: '没有访问权限' })).toBeTruthy();
  });

  it('sends the user to log in when the session has expired, and back afterwards', async () => {
    let sessionAlive = true;
    const { router } = renderApp({
      path: '/',
      server: {
        routes: {
          'GET /api/v1/auth/me': () => ({ status: 200, body: adminMe }),
          'GET /api/v1/users': (): Reply =>
            sessionAlive
              ? { status: 200, body: { users: [] } }
              : errorReply(401, 'session_expired', '登录已过期，请重新登录。'),
          'GET /api/v1/roles': { status: 200, body: { roles: [] } },
          'GET /api/v1/sites': { status: 200, body: { sites: [] } },
          'POST /api/v1/auth/login': (): Reply => {
            sessionAlive = true;
            return { status: 200, body: adminMe };
          },
        },
      },
    });
    await navNames();
    sessionAlive = false;
    fireEvent.keyDown(window, { key: '7', code: 'Digit7', altKey: true });

    expect(await screen.findByRole('heading', { level: 1, name: '登录' })).toBeTruthy();
    expect(screen.getByTestId('session-ended').textContent).toContain('登录已过期');
    expect(router.state.location.search).toBe('?next=%2Fusers');

    fireEvent.change(screen.getByLabelText('登录名'), { target: { value: 'admin' } });
    fireEvent.change(screen.getByLabelText('密码'), { target: { value: 'Correct-Horse-9' } });
    fireEvent.click(screen.getByRole('button', { name: '登录' }));
    expect(await screen.findByRole('heading', { level: 1, name: '用户与角色' })).toBeTruthy();
    expect(router.state.location.pathname).toBe('/users');
  });

  it('logs out with the CSRF token and forgets the user', async () => {
    const { requests, router } = renderApp({
      server: { me: sellerMe, routes: { 'POST /api/v1/auth/logout': { status: 204 } } },
    });
    await navNames();
    fireEvent.click(screen.getByTestId('logout'));
    expect(await screen.findByRole('heading', { level: 1, name: '登录' })).toBeTruthy();
    expect(screen.getByTestId('session-ended').textContent).toContain('您已退出登录');
    expect(router.state.location.pathname).toBe('/login');
    expect(requests('POST /api/v1/auth/logout')[0]?.headers['x-csrf-token']).toBe(TEST_CSRF_COOKIE);
  });
});
