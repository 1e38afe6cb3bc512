import { addDays } from '@admit/domain';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { SchedulePreview } from '../../../api/catalog';
import { todayAtSite } from '../../../format';
import { catalogIds, catalogPath, catalogRoutes, sessionAt } from '../../../test/catalogFixtures';
import { adminMe } from '../../../test/fixtures';
import { renderApp } from '../../../test/render';

const today = todayAtSite('Asia/Shanghai');

describe('sessions calendar', () => {
  it('colours each session by what is left: green, orange, red, grey when closed or cancelled', async () => {
    const sessions = [
      sessionAt('0190a000-0000-7000-8000-000000000101', today, '08:00', { sold: 50, remaining: 250 }),
      sessionAt('0190a000-0000-7000-8000-000000000102', today, '09:00', {
        sold: 260,
        held: 10,
        remaining: 30,
      }),
      sessionAt('0190a000-0000-7000-8000-000000000103', today, '10:00', { sold: 300, remaining: 0 }),
      sessionAt('0190a000-0000-7000-8000-000000000104', today, '11:00', { status: 'closed' }),
      sessionAt('0190a000-0000-7000-8000-000000000105', today, '12:00', { status: 'cancelled' }),
    ];
    const { requests } = renderApp({
      path: '/catalog/sessions',
      server: {
        me: adminMe,
        routes: catalogRoutes({ [`GET ${catalogPath('/sessions')}`]: { status: 200, body: { sessions } } }),
      },
    });

    const day = await screen.findByTestId(`day-${today}`);
    const tones = within(day)
      .getAllByRole('listitem')
      .map((chip) => [chip.textContent?.slice(0, 5), chip.getAttribute('data-tone')]);
    expect(tones).toEqual([
      ['08:00', 'open'],
      ['09:00', 'low'],
      ['10:00', 'full'],
      ['11:00', 'closed'],
      ['12:00', 'closed'],
    ]);
    expect(within(day).getAllByRole('listitem')[1]?.className).toContain('admit-tone-low');
    expect(within(day).getAllByRole('listitem')[1]?.textContent).toContain('余量紧张：余 30 / 300');

    // The chosen day (today) lists the same sessions with their numbers and actions.
    const list = screen.getByTestId('day-sessions');
    expect(within(list).getByText('已取消')).toBeTruthy();
    expect(within(list).getByTestId('remaining-0190a000-0000-7000-8000-000000000102').textContent).toBe('30');
    expect(within(list).getByLabelText('恢复 11:00 场次的销售')).toBeTruthy();

    const query = requests(`GET ${catalogPath('/sessions')}`)[0]?.query;
    expect(query?.get('from')).toBe(`${today.slice(0, 7)}-01`);
  });

  it('previews a generation, marks the sessions that already exist and the closed dates skipped', async () => {
    const from = addDays(today, 1);
    const preview: SchedulePreview = {
      sessions: [
        { ...planned(from, '18:00'), capacity: 100 },
        { ...planned(from, '19:00'), capacity: 100 },
        { ...planned(addDays(from, 2), '18:00'), capacity: 100 },
      ],
      duplicates: [{ ...planned(from, '19:00'), capacity: 100 }],
      skippedClosedDates: [addDays(from, 1)],
    };
    const { requests } = renderApp({
      path: '/catalog/sessions',
      server: {
        me: adminMe,
        routes: catalogRoutes({
          [`GET ${catalogPath('/sessions')}`]: { status: 200, body: { sessions: [] } },
          [`POST ${catalogPath('/sessions/preview')}`]: { status: 200, body: preview },
        }),
      },
    });
    fireEvent.click(await screen.findByTestId('generate-sessions'));
    fireEvent.change(await screen.findByTestId('schedule-from'), { target: { value: from } });
    fireEvent.change(screen.getByTestId('schedule-to'), { target: { value: addDays(from, 2) } });
    fireEvent.change(screen.getByTestId('schedule-first'), { target: { value: '18:00' } });
    fireEvent.change(screen.getByTestId('schedule-last'), { target: { value: '19:00' } });
    fireEvent.change(screen.getByLabelText('每场库存'), { target: { value: '100' } });
    const products = screen.getByTestId('schedule-products');
    fireEvent.mouseDown(products.querySelector('.ant-select-selector') ?? products);
    fireEvent.click(
      (await screen.findAllByText('成人票 (ADULT)', { selector: '.ant-select-item-option-content' })).at(-1)!,
    );
    fireEvent.click(screen.getByTestId('schedule-preview'));

    const result = await screen.findByTestId('schedule-preview-result');
    expect(within(result).getByTestId('preview-summary').textContent).toBe(
      '将生成 3 个场次。其中 1 个与已有场次重复。跳过 1 个闭园日。',
    );
    const duplicateRow = within(result).getByTestId('preview-duplicate').closest('tr');
    expect(duplicateRow?.className).toContain('admit-row-duplicate');
    expect(duplicateRow?.textContent).toContain('19:00–20:00');
    expect(within(result).getAllByText('新建')).toHaveLength(2);
    expect(within(result).getByTestId('preview-skipped').textContent).toContain(addDays(from, 1));
    expect(within(result).getByText('有重复的场次，不能生成。请调整日期或时间后重新预览。')).toBeTruthy();
    await waitFor(() => expect(screen.getByTestId('schedule-apply').hasAttribute('disabled')).toBe(true));

    expect(requests(`POST ${catalogPath('/sessions/preview')}`)[0]?.body).toEqual({
      kind: 'timeslot',
      from,
      to: addDays(from, 2),
      weekdays: [],
      times: { first: '18:00', last: '19:00', everyMinutes: 60 },
      durationMinutes: 60,
      capacity: 100,
      productIds: [catalogIds.adult],
      nameZh: '',
      nameEn: '',
      routeFrom: null,
      routeTo: null,
    });
  });
});

function planned(date: string, time: string): SchedulePreview['sessions'][number] {
  const startsAt = new Date(`${date}T${time}:00+08:00`);
  return {
    date,
    startTime: time,
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(),
    capacity: 300,
  };
}
