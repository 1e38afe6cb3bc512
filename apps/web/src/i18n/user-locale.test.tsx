import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { adminMe } from '../test/fixtures';
import { renderApp, type Reply } from '../test/render';
import { LOCALE_STORAGE_KEY } from './locale';

describe('language remembered per user', () => {
  it("applies the user's saved language when they log in", async () => {
    let loggedIn = false;
    renderApp({
      path: '/login',
      server: {
        routes: {
          'GET /api/v1/auth/me': (): Reply =>
            loggedIn
              ? { status: 200, body: { ...adminMe, locale: 'en' } }
              : { status: 401, body: { error: { code: 'authentication_required', message: '请先登录。' } } },
          'POST /api/v1/auth/login': (): Reply => {
            loggedIn = true;
            return { status: 200, body: { ...adminMe, locale: 'en' } };
          },
        },
      },
    });
    fireEvent.change(await screen.findByLabelText('登录名'), { target: { value: 'admin' } });
    fireEvent.change(screen.getByLabelText('密码'), { target: { value: 'Correct-Horse-9' } });
    fireEvent.click(screen.getByRole('button', { name: '登录' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Hello, 系统管理员' })).toBeTruthy();
    expect(document.documentElement.lang).toBe('en');
    expect(screen.getByTestId('nav-audit').textContent).toContain('Audit log');
  });

  it('saves a switch made while logged in on the account', async () => {
    const { requests } = renderApp({
      server: {
        me: adminMe,
        routes: { 'PATCH /api/v1/auth/me': { status: 200, body: { ...adminMe, locale: 'en' } } },
      },
    });
    fireEvent.click(await screen.findByTestId('locale-switch'));
    await waitFor(() => expect(requests('PATCH /api/v1/auth/me')).toHaveLength(1));
    expect(requests('PATCH /api/v1/auth/me')[0]?.body).toEqual({ locale: 'en' });
    expect(requests('PATCH /api/v1/auth/me')[0]?.headers['X-Admit-Locale']).toBe('en');
    expect(window.localStorage.getItem(LOCALE_STORAGE_KEY)).toBe('en');
  });

  it('saves the language chosen on the login page for a user who has none yet', async () => {
    window.localStorage.setItem(LOCALE_STORAGE_KEY, 'en');
    const { requests } = renderApp({
      server: {
        me: adminMe,
        routes: { 'PATCH /api/v1/auth/me': { status: 200, body: { ...adminMe, locale: 'en' } } },
      },
    });
    await waitFor(() => expect(requests('PATCH /api/v1/auth/me')).toHaveLength(1));
    expect(requests('PATCH /api/v1/auth/me')[0]?.body).toEqual({ locale: 'en' });
  });
});
