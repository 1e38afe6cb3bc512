import { Command } from 'commander';
import { generateSecrets, loadConfig } from '@admit/server';

export function secretsCommand(): Command {
  const secrets = new Command('secrets').description('Manage the key files in ADMIT_SECRETS_DIR.');
  secrets
    .command('generate')
    .description(
      'Create any missing key file (cookie, personal-data encryption and lookup, audit seal). Existing files are never overwritten. ' +
        'With PostgreSQL, run it once and copy the folder to every node.',
    )
    .action(() => {
      const config = loadConfig();
      const written = generateSecrets(config.secretsDir);
      process.stdout.write(
        written.length === 0
          ? `All key files already exist in ${config.secretsDir}.\n`
          : `Created:\n${written.map((p) => `  ${p}`).join('\n')}\n`,
      );
    });
  return secrets;
}
