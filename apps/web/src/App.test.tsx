import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { LOCALE_STORAGE_KEY } from './i18n/index';
import { adminMe } from './test/fixtures';
import { renderApp, sampleMeta } from './test/render';

async function heading(): Promise<HTMLElement> {
  return screen.findByRole('heading', { level: 1 });
}

describe('start page', () => {
  it('renders in Chinese by default with version, engine and readiness', async () => {
    renderApp();
    expect(await heading()).toHaveProperty('textContent', 'Admit 票务平台');
    expect(document.documentElement.lang).toBe('zh-CN');
    expect(document.title).toBe('Admit · 票务平台');

    expect(await screen.findByTestId('version')).toHaveProperty('textContent', '0.1.0');
    expect(screen.getByTestId('database-engine').textContent).toContain('内置数据库');
    expect((await screen.findByTestId('readiness')).textContent).toContain('就绪');
    expect(screen.getByText('已是最新')).toBeTruthy();
  });

  it('announces the coming areas without linking them, and links the API docs', async () => {
    renderApp();
    await heading();
    const areas = screen.getByRole('list', { name: '功能模块' });
    const items = within(areas).getAllByRole('listitem');
    expect(items.map((item) => within(item).getByRole('heading', { level: 3 }).textContent)).toEqual([
      '售票',
      '检票',
      '票务配置',
      '订单',
      '财务',
      '报表',
      '系统管理',
    ]);
    for (const [index, item] of items.entries()) {
      const built = index !== 3; // 售票, 检票, 票务配置, 财务, 报表 and 系统管理; 订单 is still to come
      expect(within(item).getByText(built ? '已上线（登录后使用）' : '即将推出')).toBeTruthy();
      expect(within(item).queryByRole('link')).toBeNull();
      expect(within(item).queryByRole('button')).toBeNull();
    }
    expect(screen.getByRole('link', { name: 'API 文档' }).getAttribute('href')).toBe('/api/docs');
  });

  it('switches to English with the button and remembers the choice', async () => {
    renderApp();
    await heading();
    const toggle = screen.getByRole('button', { name: 'English' });
    expect(toggle.getAttribute('data-testid')).toBe('locale-switch');
    fireEvent.click(toggle);

    await waitFor(async () => expect((await heading()).textContent).toBe('Admit Ticketing platform'));
    expect(document.documentElement.lang).toBe('en');
    expect(window.localStorage.getItem(LOCALE_STORAGE_KEY)).toBe('en');
    expect(screen.getByRole('button', { name: '中文' })).toBeTruthy();
    expect(screen.getByText('Coming soon', { selector: '[data-testid="area-orders"] *' })).toBeTruthy();
    expect(
      screen.getByText('Available after login', { selector: '[data-testid="area-reports"] *' }),
    ).toBeTruthy();
  });

  it('starts in the remembered language', async () => {
    window.localStorage.setItem(LOCALE_STORAGE_KEY, 'en');
    renderApp();
    expect((await heading()).textContent).toBe('Admit Ticketing platform');
    expect(document.documentElement.lang).toBe('en');
  });

  it('toggles the language with Alt+L', async () => {
    renderApp();
    await heading();
    fireEvent.keyDown(window, { key: 'l', code: 'KeyL', altKey: true });
    await waitFor(async () => expect((await heading()).textContent).toBe('Admit Ticketing platform'));
    fireEvent.keyDown(window, { key: '¬', code: 'KeyL', altKey: true });
    await waitFor(async () => expect((await heading()).textContent).toBe('Admit 票务平台'));
    expect(window.localStorage.getItem(LOCALE_STORAGE_KEY)).toBe('zh-CN');
    // Other combinations leave the language alone.
    fireEvent.keyDown(window, { key: 'l', code: 'KeyL', altKey: true, ctrlKey: true });
    fireEvent.keyDown(window, { key: 'l', code: 'KeyL' });
    expect((await heading()).textContent).toBe('Admit 票务平台');
  });

  it("follows the server's default language until the user chooses", async () => {
    renderApp({ server: { meta: { status: 200, body: { ...sampleMeta, defaultLocale: 'en' } } } });
    await waitFor(async () => expect((await heading()).textContent).toBe('Admit Ticketing platform'));
    expect(document.documentElement.lang).toBe('en');
    expect(window.localStorage.getItem(LOCALE_STORAGE_KEY)).toBeNull();
  });

  it("keeps the user's choice over the server's default", async () => {
    window.localStorage.setItem(LOCALE_STORAGE_KEY, 'zh-CN');
    renderApp({ server: { meta: { status: 200, body: { ...sampleMeta, defaultLocale: 'en' } } } });
    expect(await screen.findByTestId('version')).toBeTruthy();
    expect((await heading()).textContent).toBe('Admit 票务平台');
  });

  it('shows a server that is not ready, with its pending migrations', async () => {
    renderApp({
      server: {
        meta: { status: 200, body: { ...sampleMeta, databaseEngine: 'postgresql' } },
        readiness: {
          status: 503,
          body: {
            status: 'not_ready',
            checks: { database: 'ok', migrations: 'pending' },
            pendingMigrations: ['0002_orders'],
          },
        },
      },
    });
    expect((await screen.findByTestId('readiness')).textContent).toContain('未就绪');
    expect(screen.getByTestId('database-engine').textContent).toBe('PostgreSQL 服务器');
    expect(screen.getByText('有待执行的迁移')).toBeTruthy();
    expect(screen.getByText('0002_orders')).toBeTruthy();
  });

  it('explains when the server cannot be reached and offers a retry', async () => {
    const { fetchMock } = renderApp({ server: { meta: 'network-error', readiness: 'network-error' } });
    expect(await screen.findByText('无法读取服务器状态')).toBeTruthy();
    expect(screen.getByText('无法连接到服务器，请检查网络。')).toBeTruthy();
    const calls = fetchMock.mock.calls.length;
    fireEvent.click(screen.getByRole('button', { name: '重试' }));
    await waitFor(() => expect(fetchMock.mock.calls.length).toBeGreaterThan(calls));
  });

  it('offers the way in, without asking for a session the browser does not have', async () => {
    const { requests, router } = renderApp();
    await heading();
    fireEvent.click(screen.getByTestId('go-to-login'));
    expect(await screen.findByRole('heading', { level: 1, name: '登录' })).toBeTruthy();
    expect(router.state.location.pathname).toBe('/login');
    expect(requests('GET /api/v1/auth/me')).toEqual([]);
  });

  it('shows the shell instead once someone is logged in', async () => {
    renderApp({ server: { me: adminMe } });
    expect(await screen.findByRole('heading', { level: 1, name: '您好，系统管理员' })).toBeTruthy();
    expect(screen.queryByTestId('go-to-login')).toBeNull();
  });

  it('shows a not-found page for unknown paths', async () => {
    renderApp({ path: '/no/such/page' });
    expect((await screen.findByRole('heading', { level: 1 })).textContent).toBe('页面不存在');
    expect(screen.getByRole('link', { name: '返回首页' }).getAttribute('href')).toBe('/');
  });
});
