// User and role management through the HTTP API: who may do what, and what is refused and audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, desc, eq } from 'drizzle-orm';
import { auditLog, newId, roles, sites } from '@admit/db';
import { testApp, type TestApp } from '../../../../tests/support/app';
import { createTestUser, loggedIn, TestClient, type testPassword } from '../../../../tests/support/accounts';

type UserBody = {
  id: string;
  phone: string | null;
  roles: { roleCode: string; siteId: string | null }[];
  status: string;
};

describe('users and roles API', () => {
  let t: TestApp;
  let security: TestClient;
  let seller: TestClient;
  let sellerId: string;
  let roleIds: Record<string, string>;
  let siteA: string;

  beforeAll(async () => {
    t = await testApp();
    await createTestUser(t.database.db, { loginName: 'sec.admin', roles: ['security_admin'] });
    await createTestUser(t.database.db, {
      loginName: 'first.admin',
      roles: ['admin', 'security_admin', 'auditor'],
    });
    sellerId = (await createTestUser(t.database.db, { loginName: 'seller.one', roles: ['seller'] })).id;
    security = await loggedIn(t.app, 'sec.admin');
    seller = await loggedIn(t.app, 'seller.one');
    roleIds = Object.fromEntries((await t.database.db.select().from(roles)).map((r) => [r.code, r.id]));
    siteA = newId();
    await t.database.db
      .insert(sites)
      .values({ id: siteA, code: 'WEST', nameZh: '西园', nameEn: 'West park' });
  });
  afterAll(async () => t?.close());

  it('refuses the users API to a seller with 403 permission_denied, and audits the refusal', async () => {
    const res = await seller.request('/api/v1/users');
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({
      error: { code: 'permission_denied', details: { permission: 'users.read' } },
    });
    const [denied] = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'authz.permission.denied'), eq(auditLog.actorId, sellerId)))
      .orderBy(desc(auditLog.occurredAt));
    expect(denied).toMatchObject({
      outcome: 'denied',
      actorType: 'user',
      details: { permission: 'users.read' },
    });
  });

  it('lists the refusal in the audit log for an auditor, newest first, and not for a seller', async () => {
    const auditor = await loggedIn(t.app, 'first.admin');
    const res = await auditor.request('/api/v1/audit?action=authz.&limit=5');
    expect(res.statusCode).toBe(200);
    const { entries } = res.json<{
      entries: { action: string; outcome: string; actorId: string; actorName: string }[];
    }>();
    expect(entries[0]).toMatchObject({
      action: 'authz.permission.denied',
      outcome: 'denied',
      actorId: sellerId,
    });
    expect(entries[0]?.actorName).toContain('seller.one');
    expect((await seller.request('/api/v1/audit')).statusCode).toBe(403);
  });

  it('creates a user with a one-time password that must be changed at first login', async () => {
    const firstAdmin = await loggedIn(t.app, 'first.admin');
    const res = await firstAdmin.request('/api/v1/users', {
      method: 'POST',
      payload: {
        loginName: 'gate.east',
        displayName: '东门检票员',
        phone: '+86 139 0000 1234',
        grants: [{ roleId: roleIds.gate_staff, siteId: siteA }],
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json<{ user: UserBody; temporaryPassword: string }>();
    expect(body.user.phone).toBe('139****1234');
    expect(body.user.roles).toEqual([expect.objectContaining({ roleCode: 'gate_staff', siteId: siteA })]);
    const fresh = new TestClient(t.app);
    expect((await fresh.login('gate.east', body.temporaryPassword)).json()).toMatchObject({
      mustChangePassword: true,
    });
    const created = await t.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'users.user.created'));
    // No personal data in the audit row: neither the phone number (in any form) nor the name.
    const recorded = JSON.stringify(created.map((row) => row.details));
    for (const personal of ['13900001234', '139 0000 1234', '139****1234', '东门检票员']) {
      expect(recorded).not.toContain(personal);
    }
  });

  it('refuses a taken login name, whatever its case', async () => {
    const res = await security.request('/api/v1/users', {
      method: 'POST',
      payload: { loginName: 'SELLER.ONE', displayName: 'x', grants: [] },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ error: { code: 'login_name_taken' } });
  });

  it('refuses granting a permission the granter lacks', async () => {
    const res = await security.request(`/api/v1/users/${sellerId}/roles`, {
      method: 'PUT',
      payload: { grants: [{ roleId: roleIds.finance, siteId: null }] },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ error: { code: 'grant_exceeds_own_permissions' } });
  });

  it('refuses editing one’s own roles', async () => {
    const me = (await security.request('/api/v1/auth/me')).json<{ id: string }>();
    const res = await security.request(`/api/v1/users/${me.id}/roles`, {
      method: 'PUT',
      payload: { grants: [] },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ error: { code: 'cannot_change_own_roles' } });
  });

  it('grants and revokes roles the granter holds, and audits the change', async () => {
    const security2 = await createTestUser(t.database.db, { loginName: 'sec.two' });
    const res = await security.request(`/api/v1/users/${security2.id}/roles`, {
      method: 'PUT',
      payload: { grants: [{ roleId: roleIds.security_admin, siteId: null }] },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json<UserBody>().roles.map((r) => r.roleCode)).toEqual(['security_admin']);
    const revoke = await security.request(`/api/v1/users/${security2.id}/roles`, {
      method: 'PUT',
      payload: { grants: [] },
    });
    expect(revoke.json<UserBody>().roles).toEqual([]);
    const changes = await t.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'users.grants.changed'));
    expect(changes.length).toBeGreaterThanOrEqual(2);
  });

  it('disabling a user ends their auth sessions; enabling lets them log in again', async () => {
    const victim = await createTestUser(t.database.db, { loginName: 'to.disable', roles: ['seller'] });
    const client = await loggedIn(t.app, 'to.disable');
    expect(
      (await security.request(`/api/v1/users/${victim.id}/disable`, { method: 'POST' })).json(),
    ).toMatchObject({ status: 'disabled' });
    expect((await client.request('/api/v1/auth/me')).statusCode).toBe(401);
    expect((await new TestClient(t.app).login('to.disable')).json()).toMatchObject({
      error: { code: 'account_disabled' },
    });
    await security.request(`/api/v1/users/${victim.id}/enable`, { method: 'POST' });
    expect((await new TestClient(t.app).login('to.disable')).statusCode).toBe(200);
  });

  it('resets a password: a new one-time password, the old one and old sessions stop working', async () => {
    const target = await createTestUser(t.database.db, { loginName: 'forgot', roles: ['seller'] });
    const client = await loggedIn(t.app, 'forgot');
    const res = await security.request(`/api/v1/users/${target.id}/reset-password`, { method: 'POST' });
    const { temporaryPassword } = res.json<{ temporaryPassword: string }>();
    expect((await client.request('/api/v1/auth/me')).statusCode).toBe(401);
    expect((await new TestClient(t.app).login('forgot')).statusCode).toBe(401);
    expect((await new TestClient(t.app).login('forgot', temporaryPassword)).json()).toMatchObject({
      mustChangePassword: true,
    });
  });

  it('shows the full phone number only to pii.read holders, and audits each reveal', async () => {
    const list = (await security.request('/api/v1/users?q=gate')).json<{ users: UserBody[] }>();
    const gate = list.users.find((u) => u.phone !== null)!;
    const reveal = await security.request(`/api/v1/users/${gate.id}/phone`);
    expect(reveal.json()).toEqual({ phone: '13900001234' });
    const audits = await t.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'pii.phone.revealed'));
    expect(audits).toHaveLength(1);
    expect(JSON.stringify(audits)).not.toContain('13900001234');
  });

  describe('custom roles', () => {
    it('shows the matrix of built-in roles with their permissions', async () => {
      const res = (await security.request('/api/v1/roles')).json<{
        roles: { code: string; builtIn: boolean; permissions: string[] }[];
      }>();
      expect(res.roles.find((r) => r.code === 'seller')).toMatchObject({ builtIn: true });
      expect(res.roles.find((r) => r.code === 'auditor')?.permissions).toEqual(['audit.read', 'users.read']);
      const counts = (await security.request('/api/v1/roles')).json<{
        roles: { code: string; userCount: number }[];
      }>().roles;
      expect(counts.find((r) => r.code === 'seller')?.userCount).toBeGreaterThanOrEqual(1);
      expect(counts.find((r) => r.code === 'statistician')?.userCount).toBe(0);
    });

    it('creates a role within the author’s own permissions only, and never edits a built-in one', async () => {
      const beyond = await security.request('/api/v1/roles', {
        method: 'POST',
        payload: {
          code: 'cashier_plus',
          nameZh: '收银加',
          nameEn: 'Cashier plus',
          permissions: ['orders.sell'],
        },
      });
      expect(beyond.json()).toMatchObject({ error: { code: 'grant_exceeds_own_permissions' } });
      const unknown = await security.request('/api/v1/roles', {
        method: 'POST',
        payload: { code: 'odd', nameZh: '怪', nameEn: 'Odd', permissions: ['orders.teleport'] },
      });
      expect(unknown.json()).toMatchObject({ error: { code: 'unknown_permission' } });
      const ok = await security.request('/api/v1/roles', {
        method: 'POST',
        payload: {
          code: 'user_viewer',
          nameZh: '用户查看',
          nameEn: 'User viewer',
          permissions: ['users.read'],
        },
      });
      expect(ok.statusCode).toBe(201);
      const role = ok.json<{ id: string }>();
      const edit = await security.request(`/api/v1/roles/${role.id}`, {
        method: 'PATCH',
        payload: { nameEn: 'User reader' },
      });
      expect(edit.json()).toMatchObject({ nameEn: 'User reader' });
      const builtIn = await security.request(`/api/v1/roles/${roleIds.seller}`, {
        method: 'PATCH',
        payload: { nameEn: 'x' },
      });
      expect(builtIn.json()).toMatchObject({ error: { code: 'role_built_in' } });
      const holder = await createTestUser(t.database.db, { loginName: 'viewer', roles: ['user_viewer'] });
      expect((await security.request(`/api/v1/roles/${role.id}`, { method: 'DELETE' })).json()).toMatchObject(
        {
          error: { code: 'role_in_use' },
        },
      );
      await security.request(`/api/v1/users/${holder.id}/roles`, { method: 'PUT', payload: { grants: [] } });
      expect((await security.request(`/api/v1/roles/${role.id}`, { method: 'DELETE' })).statusCode).toBe(204);
    });

    it('refuses editing a role the editor holds', async () => {
      const created = (
        await security.request('/api/v1/roles', {
          method: 'POST',
          payload: { code: 'self_role', nameZh: '自有', nameEn: 'Self', permissions: ['users.read'] },
        })
      ).json<{ id: string }>();
      const editor = await createTestUser(t.database.db, {
        loginName: 'editor',
        roles: ['security_admin', 'self_role'],
      });
      const client = await loggedIn(t.app, editor.loginName);
      const res = await client.request(`/api/v1/roles/${created.id}`, {
        method: 'PATCH',
        payload: { permissions: ['users.read', 'roles.manage'] },
      });
      expect(res.json()).toMatchObject({ error: { code: 'cannot_change_own_roles' } });
    });
  });
});

export type { testPassword };
