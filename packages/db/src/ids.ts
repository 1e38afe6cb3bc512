// Identifiers are UUIDv7, made in the application (RFC 9562): 48 bits of Unix milliseconds, then
// randomness, so ids sort by creation time and index well, and no database sequence is a hot spot.
import { randomFillSync } from 'node:crypto';

let lastMillis = 0;
let lastCounter = 0;

/**
 * Forgets the last time handed out, as a new process would. Only for tests: the node test workers run
 * many files in one process, and a test that makes ids at far-off times must not stamp the next file's.
 */
export function resetIdClock(): void {
  lastMillis = 0;
  lastCounter = 0;
}

/**
 * A new UUIDv7. Within one millisecond a 12-bit counter (rand_a) keeps ids from one process
 * monotonic, so ORDER BY id follows the order of creation here.
 */
export function newId(now: number = Date.now()): string {
  const bytes = new Uint8Array(16);
  randomFillSync(bytes);
  let millis = now;
  if (millis <= lastMillis) {
    millis = lastMillis;
    lastCounter += 1;
    if (lastCounter > 0xfff) {
      millis += 1;
      lastCounter = 0;
    }
  } else {
    lastCounter = 0;
  }
  lastMillis = millis;
  bytes[0] = Math.floor(millis / 2 ** 40) & 0xff;
  bytes[1] = Math.floor(millis / 2 ** 32) & 0xff;
  bytes[2] = Math.floor(millis / 2 ** 24) & 0xff;
  bytes[3] = Math.floor(millis / 2 ** 16) & 0xff;
  bytes[4] = Math.floor(millis / 2 ** 8) & 0xff;
  bytes[5] = millis & 0xff;
  bytes[6] = 0x70 | ((lastCounter >> 8) & 0x0f);
  bytes[7] = lastCounter & 0xff;
  bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);
  const hex = Buffer.from(bytes).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export function isUuid(value: string): boolean {
  return uuidPattern.test(value);
}

/** The creation time encoded in a UUIDv7. */
export function uuidV7Time(id: string): Date {
  return new Date(parseInt(id.replaceAll('-', '').slice(0, 12), 16));
}
