// Civil times in a site's IANA time zone ↔ UTC instants, with the platform's Intl data (no library).
// Sessions are entered as "08:00 on 2026-12-01 at the site"; the database stores the UTC instant.

export function isValidTimeZone(timeZone: string): boolean {
  if (!timeZone || !/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(timeZone)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The civil date and time an instant shows in a zone: { date: 'YYYY-MM-DD', time: 'HH:MM' }. */
export function civilParts(instant: Date, timeZone: string): { date: string; time: string } {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

/** The business day (civil date in the site's zone) an instant falls on. */
export function businessDate(instant: Date, timeZone: string): string {
  return civilParts(instant, timeZone).date;
}

function offsetMinutes(instant: Date, timeZone: string): number {
  const { date, time } = civilParts(instant, timeZone);
  const asUtc = Date.parse(`${date}T${time}:00Z`);
  return Math.round((asUtc - Math.floor(instant.getTime() / 60_000) * 60_000) / 60_000);
}

/**
 * The instant a civil date and time at the site is. For a time skipped by a daylight-saving jump the
 * result is the equivalent instant after the jump; China has no DST, but sites abroad may.
 */
export function zonedToUtc(date: string, time: string, timeZone: string): Date {
  const guess = Date.parse(`${date}T${time}:00Z`);
  if (Number.isNaN(guess)) throw new RangeError(`not a date and time: ${date} ${time}`);
  let instant = guess - offsetMinutes(new Date(guess), timeZone) * 60_000;
  // A second pass settles times near an offset change.
  instant = guess - offsetMinutes(new Date(instant), timeZone) * 60_000;
  return new Date(instant);
}
