// docs/permissions.md is generated from the catalogue; it must match the code, role by role.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { builtInRoleCodes, builtInRoles, renderPermissionMatrix } from '@admit/domain';

const doc = readFileSync(new URL('../../docs/permissions.md', import.meta.url), 'utf8');

/** Reads the ticks of one role's column back out of the Markdown tables. */
function permissionsInDoc(role: string): string[] {
  const column = builtInRoleCodes.indexOf(role as (typeof builtInRoleCodes)[number]);
  return doc
    .split('\n')
    .filter((line) => line.startsWith('| ') && line.includes('`') && !line.includes('<br>`'))
    .flatMap((line) => {
      const cells = line.split('|').map((c) => c.trim());
      const code = cells[2]?.replaceAll('`', '');
      return cells[3 + column] === '✓' && code ? [code] : [];
    });
}

describe('docs/permissions.md', () => {
  it('is the matrix generated from the code (run `npm run docs:permissions` after changing roles)', () => {
    expect(doc).toBe(renderPermissionMatrix());
  });

  it.each(builtInRoleCodes)('shows exactly the permissions of %s', (role) => {
    expect(permissionsInDoc(role).sort()).toEqual([...builtInRoles[role].permissions].sort());
  });
});
