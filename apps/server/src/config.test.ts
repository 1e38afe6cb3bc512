import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env, '/srv/admit');
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration', () => {
  it('has defaults that run the embedded engine on loopback', () => {
    const config = loadConfig({}, '/srv/admit');
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 8080,
      publicUrl: 'http://127.0.0.1:8080',
      databaseUrl: null,
      dataDir: '/srv/admit/data',
      secretsDir: '/srv/admit/secrets',
      tls: null,
      logLevel: 'info',
      defaultLocale: 'zh-CN',
      trustProxy: false,
    });
  });

  it.each([
    [{ ADMIT_PORT: 'abc' }, 'ADMIT_PORT', /whole number/],
    [{ ADMIT_PORT: '70000' }, 'ADMIT_PORT', /0 to 65535/],
    [{ ADMIT_LOG_LEVEL: 'loud' }, 'ADMIT_LOG_LEVEL', /one of/],
    [{ ADMIT_DEFAULT_LOCALE: 'fr' }, 'ADMIT_DEFAULT_LOCALE', /zh-CN or en/],
    [{ ADMIT_PUBLIC_URL: 'ftp://x' }, 'ADMIT_PUBLIC_URL', /http/],
    [{ ADMIT_TRUST_PROXY: 'yes' }, 'ADMIT_TRUST_PROXY', /true or false/],
    [{ ADMIT_DB_POOL_SIZE: '0' }, 'ADMIT_DB_POOL_SIZE', /1 to 100/],
    [{ ADMIT_TLS_CERT: '/nope.pem' }, 'ADMIT_TLS_KEY', /together/],
    [{ ADMIT_SECRETS_DIR: './data/keys' }, 'ADMIT_SECRETS_DIR', /must not be inside ADMIT_DATA_DIR/],
  ])('refuses %o naming %s', (env, variable, problem) => {
    const error = configError(env);
    expect(error.variable).toBe(variable);
    expect(error.message.startsWith(variable)).toBe(true);
    expect(error.message).toMatch(problem);
    expect(error.message).not.toContain('\n');
  });

  it('takes a rehearsal clock offset outside production only, and the shop limits', () => {
    expect(loadConfig({ ADMIT_CLOCK_OFFSET_MINUTES: '-90' }, '/srv/admit').clockOffsetMinutes).toBe(-90);
    expect(loadConfig({}, '/srv/admit').clockOffsetMinutes).toBe(0);
    expect(() =>
      loadConfig({ ADMIT_CLOCK_OFFSET_MINUTES: '1440', NODE_ENV: 'production' }, '/srv/admit'),
    ).toThrow(/ADMIT_CLOCK_OFFSET_MINUTES is for rehearsals/);
    expect(() => loadConfig({ ADMIT_CLOCK_OFFSET_MINUTES: 'soon' }, '/srv/admit')).toThrow(/whole number/);
    expect(loadConfig({ ADMIT_SHOP_IP_PER_MINUTE: '100' }, '/srv/admit').shopRateLimit).toEqual({
      perIpPerMinute: 100,
      perPhonePerMinute: 5,
    });
  });

  it('never echoes a bad DATABASE_URL, which may hold a password', () => {
    const error = configError({ DATABASE_URL: 'mysql://admin:hunter2@db/admit' });
    expect(error.variable).toBe('DATABASE_URL');
    expect(error.message).not.toContain('hunter2');
  });

  it('reads the TLS certificate and key, and names a missing file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'admit-tls-'));
    writeFileSync(join(dir, 'cert.pem'), 'CERT');
    writeFileSync(join(dir, 'key.pem'), 'KEY');
    const config = loadConfig(
      { ADMIT_TLS_CERT: join(dir, 'cert.pem'), ADMIT_TLS_KEY: join(dir, 'key.pem') },
      dir,
    );
    expect(config.tls?.cert.toString()).toBe('CERT');
    expect(config.publicUrl).toBe('https://127.0.0.1:8080');
    const error = configError({
      ADMIT_TLS_CERT: join(dir, 'missing.pem'),
      ADMIT_TLS_KEY: join(dir, 'key.pem'),
    });
    expect(error.variable).toBe('ADMIT_TLS_CERT');
    expect(error.message).toMatch(/does not exist/);
  });

  it('sends SMS and email to the log channel by default, and builds a provider from its settings file', () => {
    expect(loadConfig({}, '/srv/admit').notifications).toEqual({
      sms: { provider: 'log' },
      email: { provider: 'log' },
    });
    expect(configError({ ADMIT_SMS: 'aliyun' }).variable).toBe('ADMIT_SMS_CONFIG');
    expect(configError({ ADMIT_SMS: 'carrier-pigeon' }).variable).toBe('ADMIT_SMS');
    const dir = mkdtempSync(join(tmpdir(), 'admit-sms-'));
    writeFileSync(join(dir, 'sms.json'), '{"accessKeyId": "id"');
    expect(configError({ ADMIT_SMS: 'aliyun', ADMIT_SMS_CONFIG: join(dir, 'sms.json') }).message).toMatch(
      /not a JSON object/,
    );
    writeFileSync(join(dir, 'smtp.json'), '{"host": "smtp.example.com", "from": "票务 <t@example.com>"}');
    expect(
      loadConfig({ ADMIT_EMAIL: 'smtp', ADMIT_EMAIL_CONFIG: join(dir, 'smtp.json') }, dir).notifications
        .email,
    ).toEqual({ provider: 'smtp', settings: { host: 'smtp.example.com', from: '票务 <t@example.com>' } });
  });
});
