// An agency's portal users (门户账号) through the real app: whoever manages users lists the logins linked
// to an agency, links one (or moves it from another agency) and unlinks it — each change audited with
// who did it and where the login came from; only a login holding a role at the site can be linked, and
// one linked at another site is not taken from it; a seller or the portal user itself may do none of
// it; an unlinked portal user no longer sees any agency's groups.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { rows } from '@admit/db';
import { fixedClock } from '@admit/services';
import { testApp, type TestApp } from '../support/app';
import { createTestUser, loggedIn, type TestClient } from '../support/accounts';
import { saleNow } from '../sales/fixture';
import { createGroupFixture, type GroupFixture } from './fixture';

type PortalUser = {
  userId: string;
  loginName: string;
  displayName: string;
  status: string;
  linkedAt: string;
};

describe('agency portal users', () => {
  let t: TestApp;
  let f: GroupFixture;
  let elsewhere: GroupFixture;
  let security: TestClient;
  let seller: TestClient;
  let portal: TestClient;
  let securityId: string;
  let portalId: string;
  let secondId: string;
  const clock = fixedClock(saleNow);
  let base: string;

  beforeAll(async () => {
    t = await testApp({ clock });
    f = await createGroupFixture(t.database.db, { clock, code: 'PRT' });
    elsewhere = await createGroupFixture(t.database.db, { clock, code: 'PRT2' });
    base = `/api/v1/sites/${f.siteId}/agencies`;
    securityId = (await createTestUser(t.database.db, { loginName: 'p.security', roles: ['security_admin'] }))
      .id;
    await createTestUser(t.database.db, { loginName: 'p.seller', roles: ['seller'], siteId: f.siteId });
    portalId = (
      await createTestUser(t.database.db, { loginName: 'p.agency1', roles: ['agency'], siteId: f.siteId })
    ).id;
    secondId = (
      await createTestUser(t.database.db, { loginName: 'p.agency2', roles: ['agency'], siteId: f.siteId })
    ).id;
    security = await loggedIn(t.app, 'p.security');
    seller = await loggedIn(t.app, 'p.seller');
    portal = await loggedIn(t.app, 'p.agency1');
  });
  afterAll(async () => {
    await t?.close();
  });

  const link = (client: TestClient, agencyId: string, userId: string) =>
    client.request(`${base}/${agencyId}/portal-users`, { method: 'POST', payload: { userId } });
  const unlink = (client: TestClient, agencyId: string, userId: string) =>
    client.request(`${base}/${agencyId}/portal-users/${userId}`, { method: 'DELETE' });
  const list = async (agencyId: string) => {
    const res = await security.request(`${base}/${agencyId}/portal-users`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<PortalUser[]>();
  };
  const audit = (action: string) =>
    rows<{ actor_id: string | null; site_id: string; target_id: string; details: Record<string, unknown> }>(
      t.database.db,
      sql`select actor_id, site_id, target_id, details from audit_log
          where action = ${action} and outcome = 'success'`,
    );

  it('lists the logins linked to an agency, by login name, with when they were linked', async () => {
    expect(await list(f.agencyId)).toEqual([]);
    for (const userId of [secondId, portalId]) {
      const res = await link(security, f.agencyId, userId);
      expect(res.statusCode, res.body).toBe(204);
    }
    expect(await list(f.agencyId)).toEqual([
      {
        userId: portalId,
        loginName: 'p.agency1',
        displayName: 'p.agency1',
        status: 'active',
        linkedAt: saleNow.toISOString(),
      },
      {
        userId: secondId,
        loginName: 'p.agency2',
        displayName: 'p.agency2',
        status: 'active',
        linkedAt: saleNow.toISOString(),
      },
    ]);
    expect(await list(f.otherAgencyId)).toEqual([]);
    const linked = await audit('groups.agency_user.linked');
    expect(linked).toHaveLength(2);
    expect(linked).toEqual(
      expect.arrayContaining([
        {
          actor_id: securityId,
          site_id: f.siteId,
          target_id: secondId,
          details: { agencyId: f.agencyId, previousAgencyId: null },
        },
        {
          actor_id: securityId,
          site_id: f.siteId,
          target_id: portalId,
          details: { agencyId: f.agencyId, previousAgencyId: null },
        },
      ]),
    );
  });

  it('moves a login linked again to another agency, auditing where it came from', async () => {
    expect((await link(security, f.otherAgencyId, secondId)).statusCode).toBe(204);
    expect((await list(f.agencyId)).map((u) => u.loginName)).toEqual(['p.agency1']);
    expect((await list(f.otherAgencyId)).map((u) => u.loginName)).toEqual(['p.agency2']);
    expect(await audit('groups.agency_user.linked')).toContainEqual({
      actor_id: securityId,
      site_id: f.siteId,
      target_id: secondId,
      details: { agencyId: f.otherAgencyId, previousAgencyId: f.agencyId },
    });
  });

  it('refuses a login with a role only at another site', async () => {
    const outsider = await createTestUser(t.database.db, {
      loginName: 'p.outsider',
      roles: ['agency'],
      siteId: elsewhere.siteId,
    });
    const res = await link(security, f.agencyId, outsider.id);
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ error: { code: 'agency_user_other_site' } });
    expect((await list(f.agencyId)).map((u) => u.loginName)).toEqual(['p.agency1']);
  });

  it('does not take a login from an agency of another site', async () => {
    // A login with the agency role at both sites, linked at the other one first.
    const both = await createTestUser(t.database.db, {
      loginName: 'p.both',
      roles: ['agency'],
      siteId: elsewhere.siteId,
    });
    await t.database.db.execute(
      sql`insert into user_roles (id, user_id, role_id, site_id)
          select ${randomUUID()}::uuid, user_id, role_id, ${f.siteId}::uuid from user_roles where user_id = ${both.id}`,
    );
    const there = await security.request(
      `/api/v1/sites/${elsewhere.siteId}/agencies/${elsewhere.agencyId}/portal-users`,
      { method: 'POST', payload: { userId: both.id } },
    );
    expect(there.statusCode, there.body).toBe(204);
    const res = await link(security, f.agencyId, both.id);
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ error: { code: 'agency_user_other_site' } });
    expect((await list(f.agencyId)).map((u) => u.loginName)).toEqual(['p.agency1']);
  });

  it('is refused to a seller and to the portal user itself, and changes nothing', async () => {
    for (const client of [seller, portal]) {
      const listed = await client.request(`${base}/${f.agencyId}/portal-users`);
      expect(listed.statusCode).toBe(403);
      expect(listed.json()).toMatchObject({ error: { code: 'permission_denied' } });
      expect((await link(client, f.agencyId, secondId)).statusCode).toBe(403);
      const removed = await unlink(client, f.agencyId, portalId);
      expect(removed.statusCode).toBe(403);
      expect(removed.json()).toMatchObject({ error: { code: 'permission_denied' } });
    }
    expect((await list(f.agencyId)).map((u) => u.loginName)).toEqual(['p.agency1']);
    expect(await audit('groups.agency_user.unlinked')).toEqual([]);
  });

  it('answers agency_not_found for an agency of another site', async () => {
    const res = await security.request(`${base}/${elsewhere.agencyId}/portal-users`);
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: { code: 'agency_not_found' } });
    const linked = await link(security, elsewhere.agencyId, portalId);
    expect(linked.statusCode).toBe(404);
    expect(linked.json()).toMatchObject({ error: { code: 'agency_not_found' } });
  });

  it('unlinks a login, audited; the former portal user then sees no groups', async () => {
    expect((await portal.request(`/api/v1/sites/${f.siteId}/groups`)).statusCode).toBe(200);
    // Not linked to this agency: nothing to remove.
    const elsewhere = await unlink(security, f.agencyId, secondId);
    expect(elsewhere.statusCode).toBe(404);
    expect(elsewhere.json()).toMatchObject({ error: { code: 'not_found' } });

    const res = await unlink(security, f.agencyId, portalId);
    expect(res.statusCode, res.body).toBe(204);
    expect(await list(f.agencyId)).toEqual([]);
    expect(await audit('groups.agency_user.unlinked')).toEqual([
      { actor_id: securityId, site_id: f.siteId, target_id: portalId, details: { agencyId: f.agencyId } },
    ]);
    expect((await unlink(security, f.agencyId, portalId)).statusCode).toBe(404);

    // Holding the agency role alone no longer shows any agency's groups.
    const groups = await portal.request(`/api/v1/sites/${f.siteId}/groups`);
    expect(groups.statusCode).toBe(403);
    expect(groups.json()).toMatchObject({ error: { code: 'agency_user_not_linked' } });
  });
});
