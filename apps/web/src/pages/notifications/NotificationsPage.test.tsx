import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { catalogIds, yunshan } from '../../test/catalogFixtures';
import { adminMe, sellerMe } from '../../test/fixtures';
import { renderApp, renderPage, type Handler } from '../../test/render';
import { NotificationsPage } from './NotificationsPage';
import type { LoggedMessage, Notification } from './notificationsApi';

const listPath = `/api/v1/sites/${catalogIds.site}/notifications`;
const logPath = '/api/v1/notifications/log';

function notification(id: string, overrides: Partial<Notification>): Notification {
  return {
    id: `0190a000-0000-7000-8000-0000000001${id}`,
    orderId: null,
    channel: 'sms',
    template: 'e_ticket',
    recipient: '138****0000',
    status: 'sent',
    attempts: 1,
    provider: 'aliyun-sms',
    lastErrorCode: null,
    lastError: null,
    createdAt: '2026-05-04T06:30:00.000Z',
    sentAt: '2026-05-04T06:30:02.000Z',
    ...overrides,
  };
}

const failedTicket = notification('a1', {
  status: 'failed',
  attempts: 5,
  recipient: '139****1234',
  lastErrorCode: 'isv.MOBILE_NUMBER_ILLEGAL',
  lastError: '手机号码格式错误',
  sentAt: null,
});
const sentCode = notification('a2', { template: 'one_time_code', createdAt: '2026-05-04T06:20:00.000Z' });
const sentRefund = notification('a3', {
  channel: 'email',
  template: 'refund',
  recipient: 'v***@example.com',
  provider: 'smtp',
  createdAt: '2026-05-04T06:10:00.000Z',
});

const smsLogged: LoggedMessage = {
  id: 'log-2',
  at: '2026-05-04T06:30:00.000Z',
  kind: 'sms',
  to: '13800000000',
  template: 'one_time_code',
  locale: 'zh-CN',
  subject: null,
  text: '【云山风景区】您的验证码是 482913，10 分钟内有效。',
};
const emailLogged: LoggedMessage = {
  id: 'log-1',
  at: '2026-05-04T06:10:00.000Z',
  kind: 'email',
  to: 'visitor@example.com',
  template: 'e_ticket',
  locale: 'en',
  subject: 'Your e-tickets for Yunshan Scenic Area',
  text: 'Show this link at the gate: https://tickets.example.com/t/abc',
};

function notificationRoutes(
  list: Notification[],
  routes: Record<string, Handler> = {},
): Record<string, Handler> {
  return {
    'GET /api/v1/catalog/sites': { status: 200, body: { sites: [yunshan] } },
    [`GET ${listPath}`]: ({ query }) => {
      const status = query.get('status');
      return { status: 200, body: list.filter((row) => status === null || row.status === status) };
    },
    [`GET ${logPath}`]: { status: 200, body: { enabled: false, messages: [] } },
    ...routes,
  };
}

/** The table's notifications (not its header, nor the "no data" row). */
function tableRows(): HTMLElement[] {
  return [...screen.getByTestId('notifications-table').querySelectorAll<HTMLElement>('tr[data-row-key]')];
}

describe('SMS and email notifications (短信与邮件)', () => {
  it('opens on the failures, with their count and error', async () => {
    const { requests } = renderPage(<NotificationsPage />, {
      path: '/notifications',
      server: { me: adminMe, routes: notificationRoutes([failedTicket, sentCode, sentRefund]) },
    });
    expect(await screen.findByRole('heading', { level: 1, name: '短信与邮件' })).toBeTruthy();
    await waitFor(() =>
      expect(screen.getByTestId('notifications-table').getAttribute('data-filter')).toBe('failed'),
    );
    expect(screen.getByTestId('failed-count').getAttribute('data-count')).toBe('1');
    expect(screen.getByRole('radio', { name: /发送失败/ })).toHaveProperty('checked', true);
    await waitFor(() => expect(tableRows()).toHaveLength(1));
    const [row] = tableRows();
    expect(row?.textContent).toContain('2026-05-04 14:30');
    expect(row?.textContent).toContain('电子票');
    expect(row?.textContent).toContain('139****1234');
    expect(row?.textContent).toContain('阿里云短信');
    const error = screen.getByTestId(`notification-error-${failedTicket.id}`);
    expect(error.textContent).toContain('isv.MOBILE_NUMBER_ILLEGAL');
    expect(error.textContent).toContain('手机号码格式错误');
    expect(requests(`GET ${listPath}`)[0]?.query.get('status')).toBe('failed');
    // The log channel is not in use: no log.
    expect(screen.queryByTestId('notification-log')).toBeNull();
  });

  it('filters by status', async () => {
    const { requests } = renderPage(<NotificationsPage />, {
      path: '/notifications',
      server: { me: adminMe, routes: notificationRoutes([failedTicket, sentCode, sentRefund]) },
    });
    expect(await screen.findByTestId(`notification-error-${failedTicket.id}`)).toBeTruthy();
    fireEvent.click(screen.getByRole('radio', { name: '全部' }));
    await waitFor(() => expect(tableRows()).toHaveLength(3));
    expect(requests(`GET ${listPath}`).some((request) => !request.query.has('status'))).toBe(true);
    expect(tableRows()[1]?.textContent).toContain('验证码');

    fireEvent.click(screen.getByRole('radio', { name: '已发送' }));
    await waitFor(() => expect(tableRows()).toHaveLength(2));
    expect(tableRows().map((tableRow) => tableRow.textContent)).toEqual([
      expect.stringContaining('验证码'),
      expect.stringContaining('退款'),
    ]);
    expect(tableRows()[1]?.textContent).toContain('邮件服务器（SMTP）');
    expect(requests(`GET ${listPath}`).at(-1)?.query.get('status')).toBe('sent');
    expect(requests(`GET ${listPath}`).at(-1)?.query.get('limit')).toBe('100');
  });

  it('opens on everything when nothing failed', async () => {
    renderPage(<NotificationsPage />, {
      path: '/notifications',
      server: { me: adminMe, routes: notificationRoutes([sentCode, sentRefund]) },
    });
    await waitFor(() => expect(tableRows()).toHaveLength(2));
    expect(screen.getByTestId('notifications-table').getAttribute('data-filter')).toBe('all');
    expect(screen.queryByTestId('failed-count')).toBeNull();
  });

  it("shows the log channel's messages as the phone or inbox would, for one recipient on request", async () => {
    const { requests } = renderPage(<NotificationsPage />, {
      path: '/notifications',
      server: {
        me: adminMe,
        routes: notificationRoutes([sentCode], {
          [`GET ${logPath}`]: ({ query }) => {
            const to = query.get('to');
            const messages = [smsLogged, emailLogged].filter((message) => to === null || message.to === to);
            return { status: 200, body: { enabled: true, messages } };
          },
        }),
      },
    });
    const log = await screen.findByTestId('notification-log');
    expect(within(log).getByRole('heading', { name: '开发/培训日志' })).toBeTruthy();
    const sms = within(log).getByTestId('logged-log-2');
    expect(sms.textContent).toContain('短信');
    expect(sms.textContent).toContain('验证码');
    expect(sms.textContent).toContain('发给 13800000000');
    expect(sms.textContent).toContain('您的验证码是 482913');
    expect(within(log).getByTestId('logged-log-1').textContent).toContain(
      '主题：Your e-tickets for Yunshan Scenic Area',
    );

    fireEvent.change(within(log).getByLabelText('收件人'), { target: { value: ' 13800000000 ' } });
    fireEvent.click(within(log).getByRole('button', { name: /筛选/ }));
    await waitFor(() => expect(within(log).queryByTestId('logged-log-1')).toBeNull());
    expect(requests(`GET ${logPath}`).at(-1)?.query.get('to')).toBe('13800000000');
    expect(within(log).getByTestId('logged-log-2')).toBeTruthy();
  });

  it('is not for a seller', async () => {
    renderApp({ path: '/notifications', server: { me: sellerMe, routes: notificationRoutes([]) } });
    expect(await screen.findByRole('heading', { level: 1, name: '没有访问权限' })).toBeTruthy();
  });
});
