// Logging in, staying logged in, and the protections around it, through the real HTTP API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditLog } from '@admit/db';
import { fixedClock } from '@admit/services';
import { testApp, type TestApp } from '../../../../tests/support/app';
import { createTestUser, loggedIn, TestClient, testPassword } from '../../../../tests/support/accounts';

describe('auth API', () => {
  const clock = fixedClock(new Date('2026-11-26T01:00:00Z'));
  let t: TestApp;

  beforeAll(async () => {
    t = await testApp({ clock });
  });
  afterAll(async () => t?.close());

  it('locks the account on the fifth wrong password: even the right one then gets 423', async () => {
    await createTestUser(t.database.db, { loginName: 'lock.me', roles: ['seller'] });
    const client = new TestClient(t.app);
    for (let i = 0; i < 5; i++) {
      const wrong = await client.login('lock.me', 'Wrong-Password-99');
      expect(wrong.statusCode).toBe(401);
      expect(wrong.json()).toMatchObject({ error: { code: 'invalid_credentials' } });
    }
    const right = await client.login('lock.me', testPassword);
    expect(right.statusCode).toBe(423);
    expect(right.json()).toMatchObject({
      error: { code: 'account_locked', details: { lockedUntil: '2026-11-26T01:15:00.000Z' } },
    });
    clock.advance(15 * 60_000);
    expect((await client.login('lock.me', testPassword)).statusCode).toBe(200);
    const failures = await t.database.db
      .select({ ip: auditLog.ip })
      .from(auditLog)
      .where(and(eq(auditLog.action, 'auth.login.failed')));
    expect(failures.length).toBeGreaterThanOrEqual(6);
    expect(failures[0]?.ip).toBe('127.0.0.1');
  });

  it('answers an unknown login name like a wrong password', async () => {
    const res = await new TestClient(t.app).login('nobody.here', 'Whatever-Pass-1');
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ error: { code: 'invalid_credentials' } });
  });

  it('rotates the auth session id at login and ends the old one', async () => {
    await createTestUser(t.database.db, { loginName: 'rotate', roles: ['seller'] });
    const client = await loggedIn(t.app, 'rotate');
    const before = client.cookies.get('admit_session');
    const oldCookie = `admit_session=${before}`;
    expect((await client.login('rotate')).statusCode).toBe(200);
    const after = client.cookies.get('admit_session');
    expect(after).toBeDefined();
    expect(after).not.toBe(before);
    const stale = await t.app.inject({ url: '/api/v1/auth/me', headers: { cookie: oldCookie } });
    expect(stale.statusCode).toBe(401);
    expect((await client.request('/api/v1/auth/me')).statusCode).toBe(200);
  });

  it('sets an HttpOnly, SameSite=Strict session cookie and a readable CSRF cookie', async () => {
    await createTestUser(t.database.db, { loginName: 'cookies', roles: ['seller'] });
    const res = await new TestClient(t.app).login('cookies');
    const cookies = res.cookies as { name: string; httpOnly?: boolean; sameSite?: string; path?: string }[];
    expect(cookies.find((c) => c.name === 'admit_session')).toMatchObject({
      httpOnly: true,
      sameSite: 'Strict',
      path: '/',
    });
    expect(cookies.find((c) => c.name === 'admit_csrf')?.httpOnly).toBeFalsy();
  });

  it('ends an auth session after 30 idle minutes, but not while it is used', async () => {
    await createTestUser(t.database.db, { loginName: 'idle', roles: ['seller'] });
    const client = await loggedIn(t.app, 'idle');
    for (let i = 0; i < 3; i++) {
      clock.advance(20 * 60_000);
      expect((await client.request('/api/v1/auth/me')).statusCode).toBe(200);
    }
    clock.advance(31 * 60_000);
    const res = await client.request('/api/v1/auth/me');
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ error: { code: 'session_expired' } });
  });

  it('ends an auth session 12 hours after login however busy', async () => {
    await createTestUser(t.database.db, { loginName: 'busy', roles: ['seller'] });
    const client = await loggedIn(t.app, 'busy');
    for (let i = 0; i < 25; i++) {
      clock.advance(29 * 60_000);
      if ((await client.request('/api/v1/auth/me')).statusCode !== 200) break;
    }
    expect((await client.request('/api/v1/auth/me')).json()).toMatchObject({
      error: { code: 'session_expired' },
    });
  });

  it('refuses a state-changing request without the CSRF token', async () => {
    await createTestUser(t.database.db, { loginName: 'csrf', roles: ['seller'] });
    const client = await loggedIn(t.app, 'csrf');
    const without = await client.request('/api/v1/auth/me', {
      method: 'PATCH',
      payload: { locale: 'en' },
      csrf: false,
    });
    expect(without.statusCode).toBe(403);
    expect(without.json()).toMatchObject({ error: { code: 'csrf_token_invalid' } });
    const wrong = await client.request('/api/v1/auth/me', {
      method: 'PATCH',
      payload: { locale: 'en' },
      csrf: false,
      headers: { 'x-csrf-token': 'not-the-token' },
    });
    expect(wrong.statusCode).toBe(403);
    const withToken = await client.request('/api/v1/auth/me', { method: 'PATCH', payload: { locale: 'en' } });
    expect(withToken.statusCode).toBe(200);
    expect(withToken.json()).toMatchObject({ locale: 'en' });
    expect((await client.request('/api/v1/auth/me')).json()).toMatchObject({ locale: 'en' });
  });

  it('forces a temporary password to be changed before anything else, and names the rule a weak one breaks', async () => {
    await createTestUser(t.database.db, { loginName: 'newbie', roles: ['seller'], mustChangePassword: true });
    const client = await loggedIn(t.app, 'newbie');
    const blocked = await client.request('/api/v1/sites');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json()).toMatchObject({ error: { code: 'password_change_required' } });
    const change = (newPassword: string) =>
      client.request('/api/v1/auth/change-password', {
        method: 'POST',
        payload: { currentPassword: testPassword, newPassword },
      });
    const cases: [string, string][] = [
      ['Ab1-short', 'password_too_short'],
      ['alllowercaseletters', 'password_too_few_character_classes'],
      ['Newbie-Password-1', 'password_contains_login_name'],
      ['P@ssw0rd123', 'password_too_common'],
      [testPassword, 'password_unchanged'],
    ];
    for (const [candidate, code] of cases) {
      const res = await change(candidate);
      expect(res.statusCode, candidate).toBe(400);
      expect(res.json()).toMatchObject({ error: { code } });
    }
    expect((await change('Gate-Two-Tuesday-9')).statusCode).toBe(200);
    expect((await client.request('/api/v1/sites')).statusCode).toBe(200);
  });

  it('ends every auth session of the user when the password changes', async () => {
    await createTestUser(t.database.db, { loginName: 'two.pcs', roles: ['seller'] });
    const office = await loggedIn(t.app, 'two.pcs');
    const other = await loggedIn(t.app, 'two.pcs');
    const oldCookie = office.cookies.get('admit_session');
    const res = await office.request('/api/v1/auth/change-password', {
      method: 'POST',
      payload: { currentPassword: testPassword, newPassword: 'Window-Three-Ferry-7' },
    });
    expect(res.statusCode).toBe(200);
    expect((await other.request('/api/v1/auth/me')).statusCode).toBe(401);
    expect(office.cookies.get('admit_session')).not.toBe(oldCookie);
    expect((await office.request('/api/v1/auth/me')).statusCode).toBe(200);
    const stale = await t.app.inject({
      url: '/api/v1/auth/me',
      headers: { cookie: `admit_session=${oldCookie}` },
    });
    expect(stale.statusCode).toBe(401);
  });

  it('logs out', async () => {
    await createTestUser(t.database.db, { loginName: 'leaving', roles: ['seller'] });
    const client = await loggedIn(t.app, 'leaving');
    const token = client.cookies.get('admit_session');
    expect((await client.request('/api/v1/auth/logout', { method: 'POST' })).statusCode).toBe(204);
    const res = await t.app.inject({ url: '/api/v1/auth/me', headers: { cookie: `admit_session=${token}` } });
    expect(res.statusCode).toBe(401);
  });

  it('asks for a login on the API, but not on probes, meta or docs', async () => {
    expect((await t.app.inject('/api/v1/users')).json()).toMatchObject({
      error: { code: 'authentication_required' },
    });
    expect((await t.app.inject('/api/v1/meta')).statusCode).toBe(200);
    expect((await t.app.inject('/healthz')).statusCode).toBe(200);
    expect((await t.app.inject('/api/docs/json')).statusCode).toBe(200);
  });
});

describe('login rate limit per IP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp({ env: { ADMIT_LOGIN_RATE_LIMIT: '3' } });
  });
  afterAll(async () => t?.close());

  it('answers 429 with Retry-After past the limit, per IP', async () => {
    const client = new TestClient(t.app);
    for (let i = 0; i < 3; i++) expect((await client.login('x.y', 'Nope-Nope-123')).statusCode).toBe(401);
    const limited = await client.login('x.y', 'Nope-Nope-123');
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ error: { code: 'rate_limited' } });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    const otherIp = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      remoteAddress: '10.1.2.3',
      payload: { loginName: 'x.y', password: 'Nope-Nope-123' },
    });
    expect(otherIp.statusCode).toBe(401);
  });
});
