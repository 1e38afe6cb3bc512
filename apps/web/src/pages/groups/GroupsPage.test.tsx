import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { catalogRoutes } from '../../test/catalogFixtures';
import { adminMe } from '../../test/fixtures';
import { errorReply, renderApp, renderPage, type Handler } from '../../test/render';
import { GroupsPage } from './GroupsPage';
import {
  agencyMe,
  bookedGroup,
  earlierGroup,
  gateMe,
  groupIds,
  groupsSitePath,
  portalOptions,
  previewWithErrors,
  staffOptions,
} from './groupFixtures';

const list = 'SERIAL,NAME\r\n1,王导游\r\n';
const listBase64 = btoa(String.fromCharCode(...new TextEncoder().encode(list)));

function routes(extra: Record<string, Handler> = {}): Record<string, Handler> {
  return {
    [`GET ${groupsSitePath('/groups/options')}`]: { status: 200, body: portalOptions },
    [`GET ${groupsSitePath('/groups')}`]: { status: 200, body: [earlierGroup] },
    ...extra,
  };
}

function chooseFile(name = 'list.csv') {
  fireEvent.change(screen.getByTestId('group-file'), {
    target: { files: [new File([list], name, { type: 'text/csv' })] },
  });
}

describe('tour group booking (团队预订)', () => {
  it('lists the agency’s groups, checks an uploaded list with its row errors, and books without them', async () => {
    let groups = [earlierGroup];
    const { requests } = renderPage(<GroupsPage />, {
      path: '/groups',
      server: {
        me: agencyMe,
        routes: routes({
          [`GET ${groupsSitePath('/groups')}`]: () => ({ status: 200, body: groups }),
          [`POST ${groupsSitePath('/groups/preview')}`]: { status: 200, body: previewWithErrors },
          [`POST ${groupsSitePath('/groups')}`]: () => {
            groups = [bookedGroup, earlierGroup];
            return { status: 201, body: bookedGroup };
          },
        }),
      },
    });
    const earlier = (await screen.findByTestId('group-G10000017')).closest('tr');
    expect(earlier?.textContent).toContain('北京老年团');
    expect(earlier?.textContent).toContain('11 / 13');
    expect(earlier?.textContent).toContain('已结束');
    expect(earlier?.textContent).toContain('¥160.00');
    // A portal user books for its own agency: named, not chosen.
    expect(screen.getByText(/旅行社: 春秋旅行社/)).toBeTruthy();
    expect(document.getElementById('group-agency')).toBeNull();

    fireEvent.change(screen.getByLabelText('团队名称'), { target: { value: '上海夕阳红团' } });
    chooseFile();
    fireEvent.click(screen.getByRole('button', { name: '校验名单' }));
    const preview = await screen.findByTestId('group-preview');
    expect(requests(`POST ${groupsSitePath('/groups/preview')}`)[0]?.body).toEqual({
      agencyId: null,
      visitDate: '2026-12-01',
      sessionId: groupIds.session,
      name: '上海夕阳红团',
      fileName: 'list.csv',
      contentBase64: listBase64,
      acceptErrors: false,
    });
    const errorRows = within(within(preview).getByTestId('group-errors')).getAllByRole('row').slice(1);
    expect(errorRows.map((row) => row.textContent)).toEqual([
      '8证件号码身份证号码校验位不正确',
      '20证件号码身份证号码校验位不正确',
    ]);
    expect(preview.textContent).toContain('可预订 28 人：游客 26，导游 1，司机 1');
    expect(preview.textContent).toContain('2 处错误');
    expect(preview.textContent).toContain('应付 ¥2080.00（旅行社可用额度 ¥10000.00）');

    expect(within(preview).getByTestId('group-confirm').textContent).toContain('不含错误行，确认预订');
    fireEvent.click(within(preview).getByTestId('group-confirm'));
    expect(await screen.findByTestId('group-code')).toBeTruthy();
    expect(screen.getByTestId('group-code').textContent).toBe('G12345674');
    const [booking] = requests(`POST ${groupsSitePath('/groups')}`);
    expect(booking?.body).toMatchObject({ acceptErrors: true, contentBase64: listBase64, agencyId: null });
    expect(booking?.headers['Idempotency-Key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(screen.queryByTestId('group-preview')).toBeNull();
    // The list shows the new group.
    expect(await screen.findByTestId('group-G12345674')).toBeTruthy();
  });

  it('keeps the Idempotency-Key when the same booking is sent again after a failure, not for another', async () => {
    let fail = true;
    const { requests } = renderPage(<GroupsPage />, {
      path: '/groups',
      server: {
        me: agencyMe,
        routes: routes({
          [`POST ${groupsSitePath('/groups/preview')}`]: {
            status: 200,
            body: { ...previewWithErrors, errors: [] },
          },
          [`POST ${groupsSitePath('/groups')}`]: () =>
            fail ? 'network-error' : { status: 201, body: bookedGroup },
        }),
      },
    });
    await screen.findByTestId('group-G10000017');
    chooseFile();
    fireEvent.click(screen.getByRole('button', { name: '校验名单' }));
    fireEvent.click(await screen.findByTestId('group-confirm'));
    await waitFor(() => expect(screen.getAllByRole('alert').length).toBeGreaterThan(0));
    fail = false;
    fireEvent.click(screen.getByTestId('group-confirm'));
    await screen.findByTestId('group-code');
    const keys = requests(`POST ${groupsSitePath('/groups')}`).map((r) => r.headers['Idempotency-Key']);
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);

    // The next booking is another one: a new key.
    fireEvent.click(screen.getByRole('button', { name: '校验名单' }));
    fireEvent.click(await screen.findByTestId('group-confirm'));
    await waitFor(() => expect(requests(`POST ${groupsSitePath('/groups')}`)).toHaveLength(3));
    expect(requests(`POST ${groupsSitePath('/groups')}`)[2]?.headers['Idempotency-Key']).not.toBe(keys[0]);
  });

  it('shows a list that cannot be used without a confirm button', async () => {
    renderPage(<GroupsPage />, {
      path: '/groups',
      server: {
        me: agencyMe,
        routes: routes({
          [`POST ${groupsSitePath('/groups/preview')}`]: {
            status: 200,
            body: {
              ...previewWithErrors,
              members: [],
              errors: [],
              problems: [{ code: 'group_guide_missing', message: '名单中没有导游' }],
            },
          },
        }),
      },
    });
    await screen.findByTestId('group-G10000017');
    chooseFile();
    fireEvent.click(screen.getByRole('button', { name: '校验名单' }));
    const preview = await screen.findByTestId('group-preview');
    expect(preview.textContent).toContain('名单不能使用');
    expect(preview.textContent).toContain('名单中没有导游');
    expect(within(preview).queryByTestId('group-confirm')).toBeNull();
  });

  it('asks back-office staff to choose the agency before checking, then names it', async () => {
    const staffMe = {
      ...adminMe,
      grants: [
        {
          roleId: groupIds.role,
          roleCode: 'admin',
          roleNameZh: '系统管理员',
          roleNameEn: 'Administrator',
          siteId: null,
          siteNameZh: null,
          siteNameEn: null,
        },
      ],
    };
    const { requests } = renderPage(<GroupsPage />, {
      path: '/groups',
      server: {
        me: staffMe,
        routes: catalogRoutes(
          routes({
            [`GET ${groupsSitePath('/groups/options')}`]: { status: 200, body: staffOptions },
            [`POST ${groupsSitePath('/groups/preview')}`]: {
              status: 200,
              body: previewWithErrors,
            },
          }),
        ),
      },
    });
    await screen.findByTestId('group-G10000017');
    chooseFile();
    fireEvent.click(screen.getByRole('button', { name: '校验名单' }));
    expect((await screen.findByRole('alert')).textContent).toContain('请先选择旅行社');
    expect(requests(`POST ${groupsSitePath('/groups/preview')}`)).toHaveLength(0);

    fireEvent.mouseDown(screen.getByLabelText('旅行社'));
    fireEvent.click(await screen.findByTitle('青年旅行社 (TA2)'));
    fireEvent.click(screen.getByRole('button', { name: '校验名单' }));
    await screen.findByTestId('group-preview');
    expect(requests(`POST ${groupsSitePath('/groups/preview')}`)[0]?.body).toMatchObject({
      agencyId: groupIds.otherAgency,
    });
  });

  it('shows the server’s refusal of a list', async () => {
    renderPage(<GroupsPage />, {
      path: '/groups',
      server: {
        me: agencyMe,
        routes: routes({
          [`POST ${groupsSitePath('/groups/preview')}`]: errorReply(
            422,
            'group_file_unreadable',
            '无法读取名单文件，请使用模板。',
          ),
        }),
      },
    });
    await screen.findByTestId('group-G10000017');
    chooseFile('list.pdf');
    fireEvent.click(screen.getByRole('button', { name: '校验名单' }));
    expect((await screen.findByRole('alert')).textContent).toContain('无法读取名单文件');
    expect(screen.queryByTestId('group-preview')).toBeNull();
  });

  it('is not for gate staff, who admit groups at the lane instead', async () => {
    renderApp({ path: '/groups', server: { me: gateMe, routes: routes() } });
    expect(await screen.findByRole('heading', { level: 1, name: '没有访问权限' })).toBeTruthy();
  });
});
