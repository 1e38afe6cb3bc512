import type { AuditEntry } from '@admit/contracts';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { adminMe, adminSummary, ids, userSummary } from '../../test/fixtures';
import { renderApp, type FakeRequest, type Reply } from '../../test/render';

function entry(n: number, overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    id: `0190b000-0000-7000-8000-${String(n).padStart(12, '0')}`,
    occurredAt: new Date(Date.UTC(2026, 0, 5, 8, 0, 0) - n * 60_000).toISOString(),
    action: 'auth.login.succeeded',
    outcome: 'success',
    actorType: 'user',
    actorId: ids.admin,
    actorName: '系统管理员 (admin)',
    siteId: null,
    targetType: 'user',
    targetId: ids.admin,
    ip: '127.0.0.1',
    requestId: `req-${n}`,
    details: { n },
    sealed: n > 1,
    ...overrides,
  };
}

const denied = entry(1, {
  action: 'authz.permission.denied',
  outcome: 'denied',
  actorId: ids.seller,
  actorName: '张售票 (seller01)',
  targetType: 'route',
  targetId: 'GET /api/v1/users',
  details: { permission: 'users.read' },
  sealed: false,
});

describe('audit log page', () => {
  it('lists entries newest first, loads more with the cursor and expands details', async () => {
    const calls: FakeRequest[] = [];
    renderApp({
      path: '/audit',
      server: {
        me: adminMe,
        routes: {
          'GET /api/v1/users': {
            status: 200,
            body: {
              users: [
                adminSummary,
                userSummary({ id: ids.seller, loginName: 'seller01', displayName: '张售票' }),
              ],
            },
          },
          'GET /api/v1/audit': (request): Reply => {
            calls.push(request);
            return request.query.get('before') === null
              ? { status: 200, body: { entries: [denied, entry(2)], nextCursor: entry(2).id } }
              : { status: 200, body: { entries: [entry(3)], nextCursor: null } };
          },
        },
      },
    });
    const table = await screen.findByTestId('audit-table');
    await waitFor(() => expect(within(table).getAllByTestId('audit-action')).toHaveLength(2));
    const first = within(table).getAllByTestId('audit-action')[0]?.closest('tr');
    if (first === undefined || first === null) throw new Error('no first row');
    expect(first.textContent).toContain('authz.permission.denied');
    expect(first.textContent).toContain('拒绝');
    expect(within(first).getByTestId('audit-actor').textContent).toContain('seller01');
    expect(within(first).getByTestId('audit-unsealed').textContent).toBe('待封存');
    const time = first.querySelector('time');
    expect(time?.getAttribute('datetime')).toBe(denied.occurredAt);
    expect(time?.textContent).toBe(
      new Intl.DateTimeFormat('zh-CN', { dateStyle: 'medium', timeStyle: 'medium' }).format(
        new Date(denied.occurredAt),
      ),
    );

    fireEvent.click(screen.getByTestId('audit-load-more'));
    await waitFor(() => expect(within(table).getAllByTestId('audit-action')).toHaveLength(3));
    expect(calls[1]?.query.get('before')).toBe(entry(2).id);
    expect(await screen.findByText('没有更早的记录了')).toBeTruthy();

    const expand = first.querySelector<HTMLButtonElement>('button.ant-table-row-expand-icon');
    if (expand === null) throw new Error('no expand button');
    fireEvent.click(expand);
    expect(JSON.parse((await screen.findByTestId('audit-details')).textContent ?? '')).toEqual({
      permission: 'users.read',
    });
  });

  it('filters by action prefix and outcome', async () => {
    const calls: FakeRequest[] = [];
    renderApp({
      path: '/audit',
      server: {
        me: adminMe,
        routes: {
          'GET /api/v1/users': { status: 200, body: { users: [adminSummary] } },
          'GET /api/v1/audit': (request): Reply => {
            calls.push(request);
            return { status: 200, body: { entries: [], nextCursor: null } };
          },
        },
      },
    });
    fireEvent.change(await screen.findByTestId('audit-filter-action'), { target: { value: 'authz.' } });
    fireEvent.click(screen.getByTestId('audit-apply'));
    await waitFor(() => expect(calls.at(-1)?.query.get('action')).toBe('authz.'));
    expect(calls.at(-1)?.query.get('limit')).toBe('50');
    expect(calls.at(-1)?.query.has('outcome')).toBe(false);
  });
});
