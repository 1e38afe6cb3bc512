// The product version, read from the root package.json (one source of truth).
import { readFileSync } from 'node:fs';

export const productVersion: string = (
  JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
