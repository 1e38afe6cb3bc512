import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { adminMe, sellerMe } from '../test/fixtures';
import { errorReply, renderApp, type Reply } from '../test/render';

const forcedSeller = { ...sellerMe, mustChangePassword: true };

function type(label: string, value: string): void {
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
}

function ruleState(rule: string): string | null {
  return screen.getByTestId(`rule-${rule}`).getAttribute('data-met');
}

describe('forced password change', () => {
  it('sends a user with a temporary password to the change screen from any page', async () => {
    const { router } = renderApp({ path: '/orders', server: { me: forcedSeller } });
    expect(await screen.findByRole('heading', { level: 1, name: '请修改初始密码' })).toBeTruthy();
    expect(router.state.location.pathname).toBe('/change-password');
    expect(router.state.location.search).toBe('?next=%2Forders');
    // Nothing else is reachable: no navigation, only logout.
    expect(screen.queryByRole('navigation')).toBeNull();
    expect(screen.getByTestId('logout')).toBeTruthy();
  });

  it('checks the rules live while typing', async () => {
    renderApp({ path: '/change-password', server: { me: forcedSeller } });
    await screen.findByLabelText('新密码');
    const rules = [
      'password_too_short',
      'password_too_few_character_classes',
      'password_contains_login_name',
      'password_too_common',
    ];
    for (const rule of rules) expect(ruleState(rule)).toBe('false');

    type('新密码', 'seller01abc');
    await waitFor(() => expect(ruleState('password_too_short')).toBe('true'));
    expect(ruleState('password_too_few_character_classes')).toBe('false');
    expect(ruleState('password_contains_login_name')).toBe('false');

    type('新密码', 'Ticket-Booth-42');
    await waitFor(() => {
      for (const rule of rules) expect(ruleState(rule)).toBe('true');
    });
  });

  it("shows the server's refusal beside the field it concerns", async () => {
    renderApp({
      path: '/change-password',
      server: {
        me: forcedSeller,
        routes: {
          'POST /api/v1/auth/change-password': errorReply(
            400,
            'current_password_incorrect',
            '当前密码不正确。',
          ),
        },
      },
    });
    await screen.findByLabelText('临时密码');
    type('临时密码', 'wrong');
    type('新密码', 'Ticket-Booth-42');
    type('确认新密码', 'Ticket-Booth-42');
    fireEvent.click(screen.getByRole('button', { name: '修改密码' }));
    const message = await screen.findByText('当前密码不正确。');
    expect(message.closest('.ant-form-item')?.textContent).toContain('临时密码');
  });

  it('refuses a confirmation that does not match without asking the server', async () => {
    const { requests } = renderApp({ path: '/change-password', server: { me: forcedSeller } });
    await screen.findByLabelText('临时密码');
    type('临时密码', 'Temp-1234-abcd');
    type('新密码', 'Ticket-Booth-42');
    type('确认新密码', 'Ticket-Booth-43');
    fireEvent.click(screen.getByRole('button', { name: '修改密码' }));
    expect(await screen.findByText('两次输入的新密码不一致')).toBeTruthy();
    expect(requests('POST /api/v1/auth/change-password')).toEqual([]);
  });

  it('continues to the page the user wanted after a successful change', async () => {
    let changed = false;
    const { router, requests } = renderApp({
      path: '/orders',
      server: {
        routes: {
          'GET /api/v1/auth/me': () => ({ status: 200, body: changed ? sellerMe : forcedSeller }),
          'POST /api/v1/auth/change-password': (): Reply => {
            changed = true;
            return { status: 200, body: { ...sellerMe, csrfToken: 'rotated' } };
          },
        },
      },
    });
    await screen.findByLabelText('临时密码');
    type('临时密码', 'Temp-1234-abcd');
    type('新密码', 'Ticket-Booth-42');
    type('确认新密码', 'Ticket-Booth-42');
    fireEvent.click(screen.getByRole('button', { name: '修改密码' }));
    expect(await screen.findByRole('heading', { level: 1, name: '订单' })).toBeTruthy();
    expect(router.state.location.pathname).toBe('/orders');
    expect(screen.getByRole('navigation', { name: '主导航' })).toBeTruthy();
    expect(requests('POST /api/v1/auth/change-password')[0]?.body).toEqual({
      currentPassword: 'Temp-1234-abcd',
      newPassword: 'Ticket-Booth-42',
    });
  });

  it('lets a logged-in user change their password by choice and go back', async () => {
    renderApp({ path: '/change-password?next=%2Faudit', server: { me: adminMe } });
    expect(await screen.findByRole('heading', { level: 1, name: '修改密码' })).toBeTruthy();
    expect(screen.getByLabelText('当前密码')).toBeTruthy();
    expect(screen.getByRole('link', { name: '取消' }).getAttribute('href')).toBe('/audit');
  });
});
