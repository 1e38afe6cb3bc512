// Generating sessions from a schedule: "every day 08:00–16:00, one slot an hour, 300 places each, from
// 1 to 30 December, closed on Mondays and on the closed dates". Pure: the preview and the write use
// the same function, so what the admin saw is what is created.
import { addDays, isCivilDate, weekdayOf } from './calendar';
import { zonedToUtc } from './time-zone';

export type ScheduleSpec = {
  from: string;
  to: string;
  /** 0 = Sunday … 6 = Saturday; empty or absent: every day. */
  weekdays?: readonly number[];
  /** Start times 'HH:MM', or a range with a step. */
  times: { list: readonly string[] } | { first: string; last: string; everyMinutes: number };
  durationMinutes: number;
  capacity: number;
};

export type PlannedSession = {
  date: string;
  startTime: string;
  startsAt: Date;
  endsAt: Date;
  capacity: number;
};

export type ScheduleProblem =
  | 'invalid_date_range'
  | 'date_range_too_long'
  | 'invalid_time'
  | 'invalid_step'
  | 'invalid_duration'
  | 'invalid_capacity';

const timePattern = /^([01]\d|2[0-3]):([0-5]\d)$/;
export const maxScheduleDays = 400;

function minutesOf(time: string): number {
  const m = timePattern.exec(time);
  if (!m) return Number.NaN;
  return Number(m[1]) * 60 + Number(m[2]);
}

function timeOf(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

export function scheduleProblems(spec: ScheduleSpec): ScheduleProblem[] {
  const problems: ScheduleProblem[] = [];
  if (!isCivilDate(spec.from) || !isCivilDate(spec.to) || spec.to < spec.from)
    problems.push('invalid_date_range');
  else if ((Date.parse(spec.to) - Date.parse(spec.from)) / 86_400_000 >= maxScheduleDays)
    problems.push('date_range_too_long');
  if ('list' in spec.times) {
    if (spec.times.list.length === 0 || spec.times.list.some((t) => !timePattern.test(t)))
      problems.push('invalid_time');
  } else {
    const first = minutesOf(spec.times.first);
    const last = minutesOf(spec.times.last);
    if (Number.isNaN(first) || Number.isNaN(last) || last < first) problems.push('invalid_time');
    if (
      !Number.isInteger(spec.times.everyMinutes) ||
      spec.times.everyMinutes < 5 ||
      spec.times.everyMinutes > 1440
    ) {
      problems.push('invalid_step');
    }
  }
  if (!Number.isInteger(spec.durationMinutes) || spec.durationMinutes < 1 || spec.durationMinutes > 24 * 60)
    problems.push('invalid_duration');
  if (!Number.isSafeInteger(spec.capacity) || spec.capacity < 0) problems.push('invalid_capacity');
  return problems;
}

export function startTimes(spec: ScheduleSpec): string[] {
  if ('list' in spec.times) return [...new Set(spec.times.list)].sort();
  const times: string[] = [];
  for (let m = minutesOf(spec.times.first); m <= minutesOf(spec.times.last); m += spec.times.everyMinutes)
    times.push(timeOf(m));
  return times;
}

/**
 * The sessions a schedule makes in the site's time zone, skipping closed dates. Call scheduleProblems
 * first; this assumes a valid spec.
 */
export function planSessions(
  spec: ScheduleSpec,
  options: { timeZone: string; closedDates: ReadonlySet<string> },
): PlannedSession[] {
  const times = startTimes(spec);
  const weekdays = spec.weekdays && spec.weekdays.length > 0 ? new Set(spec.weekdays) : null;
  const planned: PlannedSession[] = [];
  for (let date = spec.from; date <= spec.to; date = addDays(date, 1)) {
    if (options.closedDates.has(date)) continue;
    if (weekdays && !weekdays.has(weekdayOf(date))) continue;
    for (const startTime of times) {
      const startsAt = zonedToUtc(date, startTime, options.timeZone);
      planned.push({
        date,
        startTime,
        startsAt,
        endsAt: new Date(startsAt.getTime() + spec.durationMinutes * 60_000),
        capacity: spec.capacity,
      });
    }
  }
  return planned;
}

/** Planned sessions that would start at the same instant as an existing one (a duplicate generation). */
export function duplicatesOf(
  planned: readonly PlannedSession[],
  existingStarts: readonly Date[],
): PlannedSession[] {
  const taken = new Set(existingStarts.map((d) => d.getTime()));
  return planned.filter((p) => taken.has(p.startsAt.getTime()));
}
