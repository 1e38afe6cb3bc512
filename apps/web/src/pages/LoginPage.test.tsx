import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { adminMe } from '../test/fixtures';
import { errorReply, renderApp, type Reply } from '../test/render';

function fillAndSubmit(loginName: string, password: string): void {
  fireEvent.change(screen.getByLabelText('登录名'), { target: { value: loginName } });
  fireEvent.change(screen.getByLabelText('密码'), { target: { value: password } });
  fireEvent.click(screen.getByRole('button', { name: '登录' }));
}

describe('login page', () => {
  it('focuses the login name and shows the server message for wrong credentials', async () => {
    const { requests } = renderApp({
      path: '/login',
      server: {
        routes: { 'POST /api/v1/auth/login': errorReply(401, 'invalid_credentials', '用户名或密码错误。') },
      },
    });
    const loginName = await screen.findByLabelText('登录名');
    expect(document.activeElement).toBe(loginName);

    fillAndSubmit('admin', 'wrong-password');
    expect((await screen.findByRole('alert')).textContent).toContain('用户名或密码错误。');
    expect(requests('POST /api/v1/auth/login')[0]?.body).toEqual({
      loginName: 'admin',
      password: 'wrong-password',
    });
    // The password is cleared for the next attempt; the name stays.
    expect(screen.getByLabelText<HTMLInputElement>('密码').value).toBe('');
    expect(screen.getByLabelText<HTMLInputElement>('登录名').value).toBe('admin');
  });

  it('says until when a locked account stays locked, in local time', async () => {
    const lockedUntil = '2026-03-01T08:15:00.000Z';
    renderApp({
      path: '/login',
      server: {
        routes: {
          'POST /api/v1/auth/login': errorReply(423, 'account_locked', '密码错误次数过多，账号已临时锁定。', {
            lockedUntil,
          }),
        },
      },
    });
    await screen.findByLabelText('登录名');
    fillAndSubmit('admin', 'x');
    const alert = await screen.findByRole('alert');
    const expected = new Intl.DateTimeFormat('zh-CN', { dateStyle: 'medium', timeStyle: 'medium' }).format(
      new Date(lockedUntil),
    );
    expect(alert.textContent).toContain('账号已临时锁定');
    expect(alert.textContent).toContain(`锁定将于 ${expected} 解除。`);
  });

  it('sends the UI language so the server answers in it', async () => {
    const { requests } = renderApp({
      path: '/login',
      server: { routes: { 'POST /api/v1/auth/login': errorReply(429, 'rate_limited', '请求过于频繁。') } },
    });
    await screen.findByLabelText('登录名');
    fillAndSubmit('admin', 'x');
    await screen.findByRole('alert');
    expect(requests('POST /api/v1/auth/login')[0]?.headers['X-Admit-Locale']).toBe('zh-CN');
  });

  it('requires both fields before asking the server', async () => {
    const { requests } = renderApp({ path: '/login' });
    await screen.findByLabelText('登录名');
    fireEvent.click(screen.getByRole('button', { name: '登录' }));
    expect(await screen.findByText('请输入登录名')).toBeTruthy();
    expect(screen.getByText('请输入密码')).toBeTruthy();
    expect(requests('POST /api/v1/auth/login')).toEqual([]);
  });

  it('continues to the page the user came for', async () => {
    let loggedIn = false;
    const { router } = renderApp({
      path: '/audit',
      server: {
        routes: {
          'GET /api/v1/auth/me': () =>
            loggedIn
              ? { status: 200, body: adminMe }
              : errorReply(401, 'authentication_required', '请先登录。'),
          'POST /api/v1/auth/login': (): Reply => {
            loggedIn = true;
            return { status: 200, body: adminMe };
          },
          'GET /api/v1/audit': { status: 200, body: { entries: [], nextCursor: null } },
          'GET /api/v1/users': { status: 200, body: { users: [] } },
        },
      },
    });
    await screen.findByLabelText('登录名');
    expect(router.state.location.pathname).toBe('/login');
    expect(router.state.location.search).toBe('?next=%2Faudit');
    fillAndSubmit('admin', 'Correct-Horse-9');
    expect(await screen.findByRole('heading', { level: 1, name: '审计日志' })).toBeTruthy();
    expect(router.state.location.pathname).toBe('/audit');
  });
});
