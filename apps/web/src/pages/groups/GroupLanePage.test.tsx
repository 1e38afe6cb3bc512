import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { errorReply, renderApp, renderPage, type Handler } from '../../test/render';
import { GroupLanePage } from './GroupLanePage';
import { agencyMe, bookedGroup, gateMe, groupsSitePath } from './groupFixtures';

const lookUp = groupsSitePath(`/group-lane/${bookedGroup.code}`);
const admit = groupsSitePath(`/group-lane/${bookedGroup.code}/admit`);

const admitted = {
  ...bookedGroup,
  status: 'closed' as const,
  admissible: 0,
  admittedCount: 25,
  admittedAt: '2026-12-01T01:20:00.000Z',
  noShows: 5,
  noShowRefund: 40_000,
};

function routes(extra: Record<string, Handler> = {}): Record<string, Handler> {
  return {
    [`GET ${lookUp}`]: { status: 200, body: bookedGroup },
    [`POST ${admit}`]: { status: 200, body: admitted },
    ...extra,
  };
}

/** Enter pressed and released (the input ignores a second press until the key comes back up). */
const enter = (input: HTMLElement) => {
  fireEvent.keyDown(input, { key: 'Enter', code: 'Enter', keyCode: 13 });
  fireEvent.keyUp(input, { key: 'Enter', code: 'Enter', keyCode: 13 });
};

async function findGroup(): Promise<HTMLInputElement> {
  const code = await screen.findByLabelText<HTMLInputElement>('团队码');
  await waitFor(() => expect(document.activeElement).toBe(code));
  fireEvent.change(code, { target: { value: bookedGroup.code } });
  enter(code);
  await screen.findByTestId('lane-group');
  const count = screen.getByLabelText<HTMLInputElement>('实到人数');
  await waitFor(() => expect(document.activeElement).toBe(count));
  return count;
}

describe('the group lane (团队检票)', () => {
  it('looks a code up, shows the group, refuses a head count above the booked one, admits', async () => {
    const { requests } = renderPage(<GroupLanePage />, {
      path: '/group-lane',
      server: { me: gateMe, routes: routes() },
    });
    const count = await findGroup();
    const card = screen.getByTestId('lane-group');
    expect(card.textContent).toContain('春秋旅行社');
    expect(card.textContent).toContain('2026-12-01 09:00–12:00');
    expect(card.textContent).toContain('预订 30 人（游客 28，导游 1，司机 1）');
    expect(card.textContent).toContain('可入园 30 人');
    const escorts = within(screen.getByTestId('lane-escorts')).getAllByRole('row').slice(1);
    expect(escorts.map((row) => row.textContent)).toEqual([
      '导游王导游310101********0012',
      '司机李师傅310101********0012',
    ]);
    // Prefilled with everyone still admissible.
    expect(count.value).toBe('30');

    fireEvent.change(count, { target: { value: '31' } });
    enter(count);
    expect((await screen.findByTestId('lane-count-error')).textContent).toBe(
      '实到人数不能超过可入园的 30 人',
    );
    expect(count.getAttribute('aria-invalid')).toBe('true');
    fireEvent.change(count, { target: { value: '' } });
    fireEvent.click(screen.getByTestId('lane-admit'));
    expect((await screen.findByTestId('lane-count-error')).textContent).toBe('请输入实到人数（至少 1 人）');
    fireEvent.change(count, { target: { value: '0' } });
    enter(count);
    expect((await screen.findByTestId('lane-count-error')).textContent).toBe('请输入实到人数（至少 1 人）');
    expect(requests(`POST ${admit}`)).toHaveLength(0);

    // Letters typed into the count are dropped.
    fireEvent.change(count, { target: { value: '2x5' } });
    expect(count.value).toBe('25');
    expect(screen.queryByTestId('lane-count-error')).toBeNull();
    enter(count);
    const result = await screen.findByTestId('lane-result');
    expect(requests(`POST ${admit}`).map((r) => r.body)).toEqual([{ headCount: 25 }]);
    expect(result.textContent).toContain('G12345674 · 已检票入园 25 人');
    expect(result.textContent).toContain('实到 25 人，未到 5 人，退回 ¥400.00');
    expect(screen.queryByTestId('lane-group')).toBeNull();
    // Ready for the next group.
    const code = screen.getByLabelText<HTMLInputElement>('团队码');
    expect(code.value).toBe('');
    await waitFor(() => expect(document.activeElement).toBe(code));
  });

  it('shows why a group cannot be admitted and keeps the head count', async () => {
    const { requests } = renderPage(<GroupLanePage />, {
      path: '/group-lane',
      server: {
        me: gateMe,
        routes: routes({
          [`POST ${admit}`]: errorReply(409, 'group_already_admitted', '该团队已检票入园。'),
        }),
      },
    });
    const count = await findGroup();
    enter(count);
    expect((await screen.findByTestId('lane-error')).textContent).toContain('该团队已检票入园。');
    expect(requests(`POST ${admit}`)).toHaveLength(1);
    expect(count.value).toBe('30');
  });

  it('offers no head count for a group already admitted, and Esc leaves a group for the next code', async () => {
    renderPage(<GroupLanePage />, {
      path: '/group-lane',
      server: {
        me: gateMe,
        routes: routes({
          [`GET ${groupsSitePath('/group-lane/G10000017')}`]: { status: 200, body: admitted },
        }),
      },
    });
    const count = await findGroup();
    fireEvent.keyDown(count, { key: 'Escape', code: 'Escape', keyCode: 27 });
    await waitFor(() => expect(screen.queryByTestId('lane-group')).toBeNull());
    const code = screen.getByLabelText<HTMLInputElement>('团队码');
    await waitFor(() => expect(document.activeElement).toBe(code));

    fireEvent.change(code, { target: { value: 'G10000017' } });
    enter(code);
    const card = await screen.findByTestId('lane-group');
    expect(card.textContent).toContain('已结束');
    expect(card.textContent).toContain('可入园 0 人');
    expect(screen.queryByLabelText('实到人数')).toBeNull();
  });

  it('says so for an unknown code and keeps it selected to type again', async () => {
    renderPage(<GroupLanePage />, {
      path: '/group-lane',
      server: {
        me: gateMe,
        routes: routes({
          [`GET ${groupsSitePath('/group-lane/G99999999')}`]: errorReply(
            404,
            'group_not_found',
            '没有这个团队码。',
          ),
        }),
      },
    });
    const code = await screen.findByLabelText<HTMLInputElement>('团队码');
    fireEvent.change(code, { target: { value: 'G99999999' } });
    enter(code);
    expect((await screen.findByTestId('lane-error')).textContent).toContain('没有这个团队码。');
    expect(screen.queryByTestId('lane-group')).toBeNull();
  });

  it('is not for an agency’s portal user', async () => {
    renderApp({ path: '/group-lane', server: { me: agencyMe, routes: routes() } });
    expect(await screen.findByRole('heading', { level: 1, name: '没有访问权限' })).toBeTruthy();
  });
});
