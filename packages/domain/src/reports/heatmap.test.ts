import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arrivalsHeatmap } from './heatmap';

describe('arrivals heat map', () => {
  it('adds the range’s days up per ISO weekday and hour, listing all seven rows', () => {
    // 1 and 8 June 2026 are Mondays; 7 June a Sunday; 9 June is outside the range.
    const map = arrivalsHeatmap(
      [
        { date: '2026-06-01', hour: 9, entries: 10 },
        { date: '2026-06-08', hour: 9, entries: 5 },
        { date: '2026-06-07', hour: 14, entries: 3 },
        { date: '2026-06-09', hour: 9, entries: 99 },
        { date: '2026-06-02', hour: 10, entries: 0 },
      ],
      'weekday_hour',
      '2026-06-01',
      '2026-06-08',
    );
    expect(map).toEqual({
      rows: ['1', '2', '3', '4', '5', '6', '7'],
      cells: [
        { row: '1', hour: 9, entries: 15 },
        { row: '7', hour: 14, entries: 3 },
      ],
      max: 15,
      total: 18,
    });
  });

  it('lists every date of the range as a row in date × hour mode', () => {
    const map = arrivalsHeatmap(
      [{ date: '2026-06-02', hour: 23, entries: 2 }],
      'date_hour',
      '2026-06-01',
      '2026-06-03',
    );
    expect(map.rows).toEqual(['2026-06-01', '2026-06-02', '2026-06-03']);
    expect(map.cells).toEqual([{ row: '2026-06-02', hour: 23, entries: 2 }]);
  });

  it('keeps every entry of the range in one cell: the cells add up to the total in both modes', () => {
    const count = fc.record({
      date: fc
        .integer({ min: 0, max: 40 })
        .map((n) => new Date(Date.UTC(2026, 5, 1 + n)).toISOString().slice(0, 10)),
      hour: fc.integer({ min: 0, max: 23 }),
      entries: fc.nat(500),
    });
    fc.assert(
      fc.property(
        fc.array(count, { maxLength: 80 }),
        fc.constantFrom('date_hour' as const, 'weekday_hour' as const),
        (counts, mode) => {
          const map = arrivalsHeatmap(counts, mode, '2026-06-05', '2026-06-30');
          const inRange = counts.filter((c) => c.date >= '2026-06-05' && c.date <= '2026-06-30');
          const expected = inRange.reduce((s, c) => s + c.entries, 0);
          expect(map.total).toBe(expected);
          expect(map.cells.reduce((s, c) => s + c.entries, 0)).toBe(expected);
          for (const cell of map.cells) {
            expect(map.rows).toContain(cell.row);
            expect(cell.entries).toBeGreaterThan(0);
            expect(cell.entries).toBeLessThanOrEqual(map.max);
          }
        },
      ),
    );
  });
});
