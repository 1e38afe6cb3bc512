// Configuration, validated once at boot. Every value comes from an environment variable; a bad value
// stops the process with one line naming the variable and what is wrong (ConfigError), never a stack.
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { z } from 'zod';
import { defaultAuthPolicy, locales, type AuthPolicy, type Locale } from '@admit/domain';

export type Config = {
  host: string;
  port: number;
  publicUrl: string;
  databaseUrl: string | null;
  dbPoolSize: number;
  dataDir: string;
  secretsDir: string;
  tls: { cert: Buffer; key: Buffer; certPath: string; keyPath: string } | null;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  defaultLocale: Locale;
  trustProxy: boolean;
  /** Where the built web app is served from. */
  webDistDir: string;
  auth: AuthPolicy & { loginRateLimitPerMinute: number };
  /** Load the demo catalog into an empty database at start (default: on for the embedded engine). */
  demo: boolean;
  /** Run the local payment simulator as the payment-code provider (development, tests, training). */
  paymentSimulator: boolean;
  /** How long the simulator's customer takes to enter a password. */
  simulatorPasswordMs: number;
  /** How long a node keeps a site's catalog for the sale path before reading it again. */
  catalogCacheMs: number;
  /** Font for printed tickets: a path (optionally #PostscriptName) or 'builtin'; unset: search the system. */
  printFont: string | null;
  /** Refunds above this many fen need a supervisor's approval. */
  refundApprovalAbove: number;
  /** A turnstile authorization not confirmed within this many seconds is rolled back. */
  turnstileConfirmSeconds: number;
  /** An online order holds its places this many minutes waiting for the payment. */
  holdMinutes: number;
  /**
   * Rehearsals and tests only (refused when NODE_ENV=production): the server's clock runs this many
   * minutes ahead (or behind), e.g. to rehearse tomorrow's opening at the gates today.
   */
  clockOffsetMinutes: number;
  /** The shop's rate limits per client IP and per phone number, a minute (over them: a challenge). */
  shopRateLimit: { perIpPerMinute: number; perPhonePerMinute: number };
  /** How SMS and email go out: the log channel (development, training) or a provider, with its settings. */
  notifications: {
    sms: { provider: 'log' } | { provider: 'aliyun' | 'tencent'; settings: Record<string, unknown> };
    email: { provider: 'log' } | { provider: 'smtp'; settings: Record<string, unknown> };
  };
};

export class ConfigError extends Error {
  readonly variable: string;
  constructor(variable: string, problem: string) {
    super(`${variable} ${problem}`);
    this.name = 'ConfigError';
    this.variable = variable;
  }
}

function wholeNumber(min: number, max: number, fallback: number) {
  const problem = `must be a whole number from ${min} to ${max}`;
  return z
    .string()
    .trim()
    .regex(/^\d+$/, problem)
    .transform(Number)
    .pipe(z.number().int().min(min, problem).max(max, problem))
    .default(fallback);
}

/** The table in the README is generated from nothing: keep both in step when adding a variable. */
export const configVariables = {
  ADMIT_HOST: z.string().trim().min(1, 'must not be empty').default('127.0.0.1'),
  ADMIT_PORT: z
    .string()
    .trim()
    .regex(/^\d+$/, 'must be a whole number from 0 to 65535')
    .transform(Number)
    .pipe(z.number().int().min(0, 'must be from 0 to 65535').max(65535, 'must be from 0 to 65535'))
    .default(8080),
  ADMIT_PUBLIC_URL: z
    .url({
      protocol: /^https?$/,
      error: 'must be an http:// or https:// URL, e.g. https://tickets.example.com',
    })
    .optional(),
  DATABASE_URL: z
    .string()
    .trim()
    .refine((v) => /^postgres(ql)?:\/\/[^/]+/.test(v) && URL.canParse(v), {
      message: 'must be a PostgreSQL URL such as postgres://user:password@127.0.0.1:5432/admit',
    })
    .optional(),
  ADMIT_DB_POOL_SIZE: z
    .string()
    .regex(/^\d+$/, 'must be a whole number from 1 to 100')
    .transform(Number)
    .pipe(z.number().int().min(1, 'must be from 1 to 100').max(100, 'must be from 1 to 100'))
    .default(8),
  ADMIT_DATA_DIR: z.string().trim().min(1, 'must not be empty').default('./data'),
  ADMIT_SECRETS_DIR: z.string().trim().min(1, 'must not be empty').default('./secrets'),
  ADMIT_TLS_CERT: z.string().trim().min(1).optional(),
  ADMIT_TLS_KEY: z.string().trim().min(1).optional(),
  ADMIT_LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'must be one of fatal, error, warn, info, debug, trace, silent',
    })
    .default('info'),
  ADMIT_DEFAULT_LOCALE: z.enum(locales, { error: 'must be zh-CN or en' }).default('zh-CN'),
  ADMIT_TRUST_PROXY: z
    .enum(['true', 'false', '1', '0'], { error: 'must be true or false' })
    .transform((v) => v === 'true' || v === '1')
    .default(false),
  ADMIT_WEB_DIST: z.string().trim().min(1).optional(),
  ADMIT_AUTH_MAX_FAILED_LOGINS: wholeNumber(1, 100, defaultAuthPolicy.maxFailedLogins),
  ADMIT_AUTH_LOCKOUT_MINUTES: wholeNumber(1, 1440, defaultAuthPolicy.lockoutMinutes),
  ADMIT_AUTH_IDLE_MINUTES: wholeNumber(1, 1440, defaultAuthPolicy.idleTimeoutMinutes),
  ADMIT_AUTH_ABSOLUTE_HOURS: wholeNumber(1, 168, defaultAuthPolicy.absoluteTimeoutHours),
  ADMIT_LOGIN_RATE_LIMIT: wholeNumber(1, 10_000, 20),
  ADMIT_DEMO: z.enum(['on', 'off', 'auto'], { error: 'must be on, off or auto' }).default('auto'),
  ADMIT_PAYMENT_SIMULATOR: z
    .enum(['on', 'off', 'auto'], { error: 'must be on, off or auto' })
    .default('auto'),
  ADMIT_SIMULATOR_PASSWORD_MS: wholeNumber(0, 600_000, 3000),
  ADMIT_CATALOG_CACHE_MS: wholeNumber(0, 600_000, 2000),
  ADMIT_PRINT_FONT: z.string().trim().min(1).optional(),
  ADMIT_REFUND_APPROVAL_ABOVE: wholeNumber(0, 100_000_000, 100_000),
  ADMIT_TURNSTILE_CONFIRM_SECONDS: wholeNumber(1, 300, 10),
  ADMIT_HOLD_MINUTES: wholeNumber(1, 1440, 15),
  ADMIT_CLOCK_OFFSET_MINUTES: z
    .string()
    .trim()
    .regex(/^-?\d{1,6}$/, 'must be a whole number of minutes (negative: behind)')
    .transform(Number)
    .refine((n) => Math.abs(n) <= 527_040, 'must be within a year')
    .default(0),
  ADMIT_SHOP_IP_PER_MINUTE: wholeNumber(1, 100_000, 30),
  ADMIT_SHOP_PHONE_PER_MINUTE: wholeNumber(1, 1000, 5),
  ADMIT_SMS: z.enum(['log', 'aliyun', 'tencent'], { error: 'must be log, aliyun or tencent' }).default('log'),
  ADMIT_SMS_CONFIG: z.string().trim().min(1).optional(),
  ADMIT_EMAIL: z.enum(['log', 'smtp'], { error: 'must be log or smtp' }).default('log'),
  ADMIT_EMAIL_CONFIG: z.string().trim().min(1).optional(),
} as const;

type Env = Record<string, string | undefined>;

function parseVariable<K extends keyof typeof configVariables>(
  env: Env,
  name: K,
): z.output<(typeof configVariables)[K]> {
  const raw = env[name];
  const value = raw === undefined || raw === '' ? undefined : raw;
  const result = configVariables[name].safeParse(value);
  if (!result.success) {
    const problem = result.error.issues[0]?.message ?? 'is not valid';
    const shown = name === 'DATABASE_URL' || value === undefined ? '' : ` (got "${value}")`;
    throw new ConfigError(name, `${problem}${shown}`);
  }
  return result.data as z.output<(typeof configVariables)[K]>;
}

function isInside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** A provider's settings: a JSON file (keep it with the secrets: it holds keys and passwords). */
function readJsonFile(variable: string, path: string | undefined): Record<string, unknown> {
  if (!path) throw new ConfigError(variable, 'is required for this provider: the path of its JSON settings');
  const text = readTlsFile(variable, path).toString('utf8');
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new Error('not an object');
    return parsed as Record<string, unknown>;
  } catch (error) {
    throw new ConfigError(
      variable,
      `points to ${path}, which is not a JSON object (${(error as Error).message})`,
    );
  }
}

function readTlsFile(variable: string, path: string): Buffer {
  if (!existsSync(path)) throw new ConfigError(variable, `points to ${path}, which does not exist`);
  try {
    return readFileSync(path);
  } catch (error) {
    throw new ConfigError(variable, `points to ${path}, which cannot be read (${(error as Error).message})`);
  }
}

const defaultWebDist = resolve(import.meta.dirname, '../../web/dist');

export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): Config {
  const host = parseVariable(env, 'ADMIT_HOST');
  const port = parseVariable(env, 'ADMIT_PORT');
  const databaseUrl = parseVariable(env, 'DATABASE_URL') ?? null;
  const dataDir = resolve(cwd, parseVariable(env, 'ADMIT_DATA_DIR'));
  const secretsDir = resolve(cwd, parseVariable(env, 'ADMIT_SECRETS_DIR'));
  if (isInside(secretsDir, dataDir)) {
    throw new ConfigError(
      'ADMIT_SECRETS_DIR',
      `must not be inside ADMIT_DATA_DIR (${dataDir}): keys must never travel with the data or its backups`,
    );
  }
  const certPath = parseVariable(env, 'ADMIT_TLS_CERT');
  const keyPath = parseVariable(env, 'ADMIT_TLS_KEY');
  if (Boolean(certPath) !== Boolean(keyPath)) {
    throw new ConfigError(
      certPath ? 'ADMIT_TLS_KEY' : 'ADMIT_TLS_CERT',
      'must be set together with the other TLS variable',
    );
  }
  const tls =
    certPath && keyPath
      ? {
          certPath: resolve(cwd, certPath),
          keyPath: resolve(cwd, keyPath),
          cert: readTlsFile('ADMIT_TLS_CERT', resolve(cwd, certPath)),
          key: readTlsFile('ADMIT_TLS_KEY', resolve(cwd, keyPath)),
        }
      : null;
  const publicUrlRaw = parseVariable(env, 'ADMIT_PUBLIC_URL');
  const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  const publicUrl = (publicUrlRaw ?? `${tls ? 'https' : 'http'}://${shownHost}:${port}`).replace(/\/+$/, '');
  return {
    host,
    port,
    publicUrl,
    databaseUrl,
    dbPoolSize: parseVariable(env, 'ADMIT_DB_POOL_SIZE'),
    dataDir,
    secretsDir,
    tls,
    logLevel: parseVariable(env, 'ADMIT_LOG_LEVEL'),
    defaultLocale: parseVariable(env, 'ADMIT_DEFAULT_LOCALE'),
    trustProxy: parseVariable(env, 'ADMIT_TRUST_PROXY'),
    webDistDir: resolve(cwd, parseVariable(env, 'ADMIT_WEB_DIST') ?? defaultWebDist),
    demo: (() => {
      const demo = parseVariable(env, 'ADMIT_DEMO');
      return demo === 'auto' ? databaseUrl === null : demo === 'on';
    })(),
    paymentSimulator: (() => {
      const simulator = parseVariable(env, 'ADMIT_PAYMENT_SIMULATOR');
      return simulator === 'auto' ? env.NODE_ENV !== 'production' : simulator === 'on';
    })(),
    simulatorPasswordMs: parseVariable(env, 'ADMIT_SIMULATOR_PASSWORD_MS'),
    catalogCacheMs: parseVariable(env, 'ADMIT_CATALOG_CACHE_MS'),
    printFont: parseVariable(env, 'ADMIT_PRINT_FONT') ?? null,
    refundApprovalAbove: parseVariable(env, 'ADMIT_REFUND_APPROVAL_ABOVE'),
    turnstileConfirmSeconds: parseVariable(env, 'ADMIT_TURNSTILE_CONFIRM_SECONDS'),
    holdMinutes: parseVariable(env, 'ADMIT_HOLD_MINUTES'),
    clockOffsetMinutes: (() => {
      const offset = parseVariable(env, 'ADMIT_CLOCK_OFFSET_MINUTES');
      if (offset !== 0 && env.NODE_ENV === 'production')
        throw new ConfigError('ADMIT_CLOCK_OFFSET_MINUTES', 'is for rehearsals and tests, not production');
      return offset;
    })(),
    shopRateLimit: {
      perIpPerMinute: parseVariable(env, 'ADMIT_SHOP_IP_PER_MINUTE'),
      perPhonePerMinute: parseVariable(env, 'ADMIT_SHOP_PHONE_PER_MINUTE'),
    },
    notifications: (() => {
      const sms = parseVariable(env, 'ADMIT_SMS');
      const email = parseVariable(env, 'ADMIT_EMAIL');
      const smsConfig = parseVariable(env, 'ADMIT_SMS_CONFIG');
      const emailConfig = parseVariable(env, 'ADMIT_EMAIL_CONFIG');
      return {
        sms:
          sms === 'log'
            ? { provider: 'log' as const }
            : {
                provider: sms,
                settings: readJsonFile('ADMIT_SMS_CONFIG', smsConfig ? resolve(cwd, smsConfig) : undefined),
              },
        email:
          email === 'log'
            ? { provider: 'log' as const }
            : {
                provider: email,
                settings: readJsonFile(
                  'ADMIT_EMAIL_CONFIG',
                  emailConfig ? resolve(cwd, emailConfig) : undefined,
                ),
              },
      };
    })(),
    auth: {
      ...defaultAuthPolicy,
      maxFailedLogins: parseVariable(env, 'ADMIT_AUTH_MAX_FAILED_LOGINS'),
      lockoutMinutes: parseVariable(env, 'ADMIT_AUTH_LOCKOUT_MINUTES'),
      idleTimeoutMinutes: parseVariable(env, 'ADMIT_AUTH_IDLE_MINUTES'),
      absoluteTimeoutHours: parseVariable(env, 'ADMIT_AUTH_ABSOLUTE_HOURS'),
      loginRateLimitPerMinute: parseVariable(env, 'ADMIT_LOGIN_RATE_LIMIT'),
    },
  };
}
