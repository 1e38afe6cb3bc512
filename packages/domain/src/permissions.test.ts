import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  allPermissions,
  builtInRoles,
  checkGrantChange,
  checkRoleDefinition,
  holdsPermission,
  permissionsAt,
  type Grant,
  type Permission,
} from './permissions';

const grant = (permissions: Permission[], siteId: string | null = null): Grant => ({
  roleId: 'r',
  siteId,
  permissions,
});

describe('built-in roles', () => {
  it('only name permissions from the catalogue', () => {
    for (const role of Object.values(builtInRoles)) {
      for (const p of role.permissions) expect(allPermissions).toContain(p);
    }
  });

  it.each([
    [
      'seller',
      ['orders.sell', 'orders.refund', 'orders.rebook', 'orders.read', 'shifts.operate', 'catalog.read'],
    ],
    ['gate_staff', ['checkin.redeem', 'catalog.read']],
    [
      'admin',
      allPermissions.filter((p) => !['users.manage', 'roles.manage', 'pii.read', 'audit.read'].includes(p)),
    ],
    [
      'finance',
      [
        'finance.settle',
        'finance.reconcile',
        'finance.vouchers',
        'finance.invoices',
        'orders.read',
        'reports.read',
        'catalog.read',
      ],
    ],
    ['statistician', ['reports.read', 'catalog.read']],
    ['security_admin', ['users.read', 'users.manage', 'roles.manage', 'pii.read']],
    ['auditor', ['audit.read', 'users.read']],
    ['agency', ['groups.book']],
  ] as const)('%s holds exactly its permissions', (code, permissions: readonly string[]) => {
    expect([...builtInRoles[code].permissions].sort()).toEqual([...permissions].sort());
  });

  it('separate system, security and audit duties (三员分立)', () => {
    const { admin, security_admin, auditor } = builtInRoles;
    const has = (role: { permissions: readonly string[] }, p: string) => role.permissions.includes(p);
    expect(has(admin, 'users.manage') || has(admin, 'roles.manage') || has(admin, 'audit.read')).toBe(false);
    expect(has(security_admin, 'audit.read') || has(security_admin, 'catalog.write')).toBe(false);
    expect(has(auditor, 'users.manage') || has(auditor, 'catalog.write')).toBe(false);
    expect(has(builtInRoles.statistician, 'orders.sell')).toBe(false);
  });
});

describe('holding permissions at a site', () => {
  it('lets an all-sites grant reach every site, and a site grant only its site', () => {
    const grants = [grant(['orders.sell'], 'site-a'), grant(['reports.read'])];
    expect(holdsPermission(grants, 'orders.sell', 'site-a')).toBe(true);
    expect(holdsPermission(grants, 'orders.sell', 'site-b')).toBe(false);
    expect(holdsPermission(grants, 'orders.sell', null)).toBe(false);
    expect(holdsPermission(grants, 'reports.read', 'site-b')).toBe(true);
    expect(permissionsAt(grants, 'site-b')).toEqual(['reports.read']);
    expect(permissionsAt(grants, { any: true })).toEqual(['orders.sell', 'reports.read']);
  });
});

describe('granting roles', () => {
  const securityAdmin = [
    grant(['users.manage', 'users.read', 'roles.manage', 'orders.sell', 'catalog.read']),
  ];

  it('refuses changing one’s own roles', () => {
    expect(
      checkGrantChange({ actorId: 'u1', actorGrants: securityAdmin, targetUserId: 'u1', changes: [] }),
    ).toBe('own_roles');
  });

  it('refuses granting a permission the granter lacks, at that scope', () => {
    const changes = [{ siteId: null, permissions: ['orders.sell', 'orders.refund'] }];
    expect(checkGrantChange({ actorId: 'u1', actorGrants: securityAdmin, targetUserId: 'u2', changes })).toBe(
      'grant_exceeds_own_permissions',
    );
    const siteOnly = [grant(['users.manage', 'orders.sell'], 'site-a')];
    expect(
      checkGrantChange({
        actorId: 'u1',
        actorGrants: siteOnly,
        targetUserId: 'u2',
        changes: [{ siteId: null, permissions: ['orders.sell'] }],
      }),
    ).toBe('grant_exceeds_own_permissions');
    expect(
      checkGrantChange({
        actorId: 'u1',
        actorGrants: siteOnly,
        targetUserId: 'u2',
        changes: [{ siteId: 'site-a', permissions: ['orders.sell'] }],
      }),
    ).toBeNull();
  });

  it('never lets anyone hand out more than they hold (property)', () => {
    fc.assert(
      fc.property(fc.subarray(allPermissions), fc.subarray(allPermissions), (held, requested) => {
        const refusal = checkGrantChange({
          actorId: 'a',
          actorGrants: [grant(held)],
          targetUserId: 'b',
          changes: [{ siteId: null, permissions: requested }],
        });
        expect(refusal === null).toBe(requested.every((p) => held.includes(p)));
      }),
    );
  });

  it('limits custom roles to the author’s own all-sites permissions', () => {
    expect(checkRoleDefinition(securityAdmin, ['orders.sell', 'finance.settle', 'nonsense'])).toEqual([
      'finance.settle',
      'nonsense',
    ]);
  });
});
