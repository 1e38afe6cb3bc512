// Writes the documents generated from code: the permission matrix.
import { writeFileSync } from 'node:fs';
import { renderPermissionMatrix } from '@admit/domain';

const target = new URL('../docs/permissions.md', import.meta.url);
writeFileSync(target, renderPermissionMatrix());
process.stdout.write(`wrote ${target.pathname}\n`);
