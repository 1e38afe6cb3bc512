// `admit user …`: for the operator on the server itself (locked out of the web, or scripting a site
// set-up). Acts as the system actor; every action is audited like one made in the web app.
import { Command } from 'commander';
import { eq, sql } from 'drizzle-orm';
import { roles, sites, users } from '@admit/db';
import { createUser, resetUserPassword, syncBuiltInRoles, systemContext } from '@admit/services';
import { loadConfig, loadSecrets } from '@admit/server';
import { withDatabase } from '../database';

function serviceKeys(secretsDir: string, generateMissing: boolean) {
  const { secrets } = loadSecrets(secretsDir, { generateMissing });
  return { piiEncryption: secrets.piiEncryption, piiLookup: secrets.piiLookup, auditSeal: secrets.auditSeal };
}

export function userCommand(): Command {
  const user = new Command('user').description('Create users and reset passwords from the server’s console.');

  user
    .command('create')
    .description('Create a user with a one-time password (printed once) that must be changed at first login.')
    .requiredOption('--login <name>', 'login name (letters, digits, . _ @ -)')
    .requiredOption('--name <display name>', 'the name shown in the app')
    .option('--role <code...>', 'built-in or custom role codes, e.g. seller finance', [])
    .option('--site <code>', 'limit the roles to this site (default: all sites)')
    .option('--phone <number>', 'mobile number')
    .action(
      async (options: { login: string; name: string; role: string[]; site?: string; phone?: string }) => {
        const config = loadConfig();
        const keys = serviceKeys(config.secretsDir, config.databaseUrl === null);
        await withDatabase(config, 'admit user create', async (db) => {
          const ctx = { ...systemContext(db, 'cli'), keys };
          await syncBuiltInRoles(db);
          let siteId: string | null = null;
          if (options.site) {
            const [site] = await db.select({ id: sites.id }).from(sites).where(eq(sites.code, options.site));
            if (!site) throw new Error(`No site with code ${options.site}.`);
            siteId = site.id;
          }
          const grants = [];
          for (const code of options.role) {
            const [role] = await db.select({ id: roles.id }).from(roles).where(eq(roles.code, code));
            if (!role)
              throw new Error(
                `No role with code ${code}. Built-in roles: seller, gate_staff, admin, finance, statistician, security_admin, auditor.`,
              );
            grants.push({ roleId: role.id, siteId });
          }
          const { user: created, temporaryPassword } = await createUser(ctx, {
            loginName: options.login,
            displayName: options.name,
            ...(options.phone ? { phone: options.phone } : {}),
            grants,
          });
          process.stdout.write(
            `Created user ${created.loginName} (${created.roles.map((r) => r.roleCode).join(', ') || 'no roles'}).\n` +
              `  one-time password: ${temporaryPassword}\n` +
              'Hand it over in person; it must be changed at first login.\n',
          );
        });
      },
    );

  user
    .command('reset-password')
    .description(
      'Give a user a new one-time password (printed once), unlock the account and end its auth sessions.',
    )
    .argument('<login>', 'login name')
    .action(async (login: string) => {
      const config = loadConfig();
      const keys = serviceKeys(config.secretsDir, config.databaseUrl === null);
      await withDatabase(config, 'admit user reset-password', async (db) => {
        const [target] = await db
          .select({ id: users.id })
          .from(users)
          .where(sql`lower(${users.loginName}) = lower(${login})`);
        if (!target) throw new Error(`No user with login name ${login}.`);
        const { temporaryPassword } = await resetUserPassword(
          { ...systemContext(db, 'cli'), keys },
          target.id,
        );
        process.stdout.write(
          `New one-time password for ${login}: ${temporaryPassword}\nIt must be changed at next login.\n`,
        );
      });
    });

  return user;
}
