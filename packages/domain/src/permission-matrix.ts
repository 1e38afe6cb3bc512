// The permission matrix as Markdown, generated from the catalogue so docs/permissions.md can never
// drift from the code (a test compares them; `npm run docs:permissions` rewrites it).
import {
  builtInRoleCodes,
  builtInRoles,
  permissionAreas,
  permissionCatalogue,
  type PermissionArea,
} from './permissions';

export function renderPermissionMatrix(): string {
  const header = `| 权限 Permission | code | ${builtInRoleCodes.map((c) => `${builtInRoles[c].name['zh-CN']}<br>${builtInRoles[c].name.en}<br>\`${c}\``).join(' | ')} |`;
  const divider = `|---|---|${builtInRoleCodes.map(() => ':-:').join('|')}|`;
  const lines: string[] = [
    '# 权限矩阵 · Permission matrix',
    '',
    '<!-- Generated from packages/domain/src/permissions.ts by `npm run docs:permissions`. Do not edit by hand. -->',
    '',
    'Built-in roles and the permissions they carry. A role is granted to a user for one site or for all',
    'sites. Nobody grants a permission they do not hold, and nobody changes their own roles. `admin`,',
    '`security_admin` and `auditor` separate system, security and audit duties (三员分立); the first',
    'administrator of a new installation holds all three, and a site that separates the duties gives each',
    'role to a different person.',
    '',
    '内置角色及其权限。角色可按场馆授予，也可授予全部场馆。任何人不能授予自己没有的权限，也不能修改自己的角色。',
    '',
  ];
  for (const [area, label] of Object.entries(permissionAreas) as [
    PermissionArea,
    (typeof permissionAreas)[PermissionArea],
  ][]) {
    lines.push(`## ${label['zh-CN']} · ${label.en}`, '', header, divider);
    for (const [code, def] of Object.entries(permissionCatalogue)) {
      if (def.area !== area) continue;
      const ticks = builtInRoleCodes.map((role) =>
        (builtInRoles[role].permissions as readonly string[]).includes(code) ? '✓' : '',
      );
      lines.push(`| ${def.label['zh-CN']}<br>${def.label.en} | \`${code}\` | ${ticks.join(' | ')} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}
