// Rotating e-ticket codes (动态码) on the server: the site-day key every rotation secret derives from,
// the secrets a ticket page is given (one per business day of the ticket's validity), the check a
// scan runs on a code's time part, and the site's rotation settings. The day key is
// HMAC(lookup key, "ticket-rotation:" + site + day) — like the gate's ID index key — so the key an
// offline gate holds works for one site on one day only; a ticket's secret is HMAC(day key, ticket id)
// (packages/domain/src/sales/rotating-code.ts), so a page learns nothing about other tickets.
import { createHmac } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { rows, type Queryable } from '@admit/db';
import {
  addDays,
  businessDate,
  rotationFacts,
  rotationSecret,
  zonedToUtc,
  type HmacSha256,
  type ParsedRotatingCode,
  type RotationFacts,
} from '@admit/domain';
import type { KeyRing } from '../keys';
import type { SalesRuntime } from '../sales/runtime';

/** HMAC-SHA256 on node:crypto, for the domain's rotating-code functions. */
export const nodeHmac: HmacSha256 = (key, message) =>
  new Uint8Array(createHmac('sha256', key).update(message).digest());

/** The key of one site and business day that its tickets' rotation secrets derive from. */
export function rotationDayKey(ring: KeyRing, siteId: string, day: string): Buffer {
  return createHmac('sha256', ring.current).update(`ticket-rotation:${siteId}:${day}`).digest();
}

export type RotationSettings = {
  /** E-tickets sold in the shop show a rotating code. */
  rotatingCodes: boolean;
  stepSeconds: number;
  /** Steps a shown code stays accepted (and one ahead, for a phone clock running fast). */
  toleranceSteps: number;
};

/** A site without shop settings: no rotating codes; the step and tolerance of the table's defaults. */
export const defaultRotationSettings: RotationSettings = {
  rotatingCodes: false,
  stepSeconds: 30,
  toleranceSteps: 2,
};

export async function loadRotationSettings(db: Queryable, siteId: string): Promise<RotationSettings> {
  const [row] = await rows<{
    rotating_codes: boolean;
    rotation_step_seconds: number;
    rotation_tolerance_steps: number;
  }>(
    db,
    sql`select rotating_codes, rotation_step_seconds, rotation_tolerance_steps
        from site_shop_settings where site_id = ${siteId}`,
  );
  if (!row) return defaultRotationSettings;
  return {
    rotatingCodes: row.rotating_codes,
    stepSeconds: Number(row.rotation_step_seconds),
    toleranceSteps: Number(row.rotation_tolerance_steps),
  };
}

/**
 * The site's rotation settings as the scan path reads them: cached like the gate's other site data
 * (ADMIT_CATALOG_CACHE_MS), and never longer than a minute — the cache key changes every minute —
 * so a changed step or tolerance reaches every gate within one.
 */
export function siteRotationSettings(
  db: Queryable,
  runtime: SalesRuntime,
  siteId: string,
): Promise<RotationSettings> {
  const minute = Math.floor(Date.now() / 60_000);
  return runtime.catalog.memo(`rotation:${siteId}:${minute}`, () => loadRotationSettings(db, siteId));
}

/** The most days of secrets a ticket page is given at once (a week's ticket; longer ones refetch). */
const maxSecretDays = 7;

export type TicketRotationSecrets = {
  stepSeconds: number;
  /** One per site-local business day: the secret the page computes codes with between from and until. */
  secrets: { from: Date; until: Date; secret: string }[];
};

/**
 * The rotation secrets of one ticket for the page that shows it: one per business day from today (or
 * the ticket's first day) to its last, at most a week. The secret is base64url.
 */
export function rotationSecretsForTicket(input: {
  ring: KeyRing;
  siteId: string;
  timeZone: string;
  ticketId: string;
  validFrom: Date;
  validUntil: Date;
  now: Date;
  stepSeconds: number;
}): TicketRotationSecrets {
  const { ring, siteId, timeZone, ticketId } = input;
  const today = businessDate(input.now, timeZone);
  const firstDay = businessDate(input.validFrom, timeZone);
  // The day of the last valid moment: a ticket valid until midnight has no use for the next day's key.
  const lastDay = businessDate(new Date(input.validUntil.getTime() - 1), timeZone);
  const secrets: TicketRotationSecrets['secrets'] = [];
  for (let day = firstDay > today ? firstDay : today; day <= lastDay; day = addDays(day, 1)) {
    if (secrets.length === maxSecretDays) break;
    const secret = rotationSecret(nodeHmac, rotationDayKey(ring, siteId, day), ticketId);
    secrets.push({
      from: zonedToUtc(day, '00:00', timeZone),
      until: zonedToUtc(addDays(day, 1), '00:00', timeZone),
      secret: Buffer.from(secret).toString('base64url'),
    });
  }
  return { stepSeconds: input.stepSeconds, secrets };
}

/**
 * What a scanned code's time part says (the facts for the domain's gate decision). The MAC is checked
 * under the ticket's secret of the gate's business day; near midnight also under the secret of the
 * day the shown step falls in, so a phone a step ahead or behind the gate across midnight still works.
 */
export function checkRotatingCode(input: {
  ring: KeyRing;
  siteId: string;
  timeZone: string;
  settings: RotationSettings;
  ticketId: string;
  /** The decoded code's rotating flag. */
  required: boolean;
  /** The time part scanned with the code; null when scanned bare. */
  shown: ParsedRotatingCode | null;
  now: Date;
}): RotationFacts {
  const { ring, siteId, timeZone, settings, ticketId, now } = input;
  return rotationFacts({
    required: input.required,
    shown: input.shown,
    now,
    stepSeconds: settings.stepSeconds,
    toleranceSteps: settings.toleranceSteps,
    hmac: nodeHmac,
    secrets: (step) => {
      const stepStart = step * settings.stepSeconds * 1000;
      const days = new Set([
        businessDate(now, timeZone),
        businessDate(new Date(stepStart), timeZone),
        businessDate(new Date(stepStart + settings.stepSeconds * 1000 - 1), timeZone),
      ]);
      return [...days].map((day) => rotationSecret(nodeHmac, rotationDayKey(ring, siteId, day), ticketId));
    },
  });
}
