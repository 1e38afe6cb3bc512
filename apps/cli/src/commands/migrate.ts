import { Command } from 'commander';
import { openDatabase, runMigrations } from '@admit/db';
import { loadConfig } from '@admit/server';

export function migrateCommand(): Command {
  return new Command('migrate')
    .description(
      'Apply pending database migrations (also done by `admit start`). Safe to run on several nodes at once: ' +
        'an advisory lock lets one apply them while the others wait.',
    )
    .action(async () => {
      const config = loadConfig();
      const database = await openDatabase(
        config.databaseUrl
          ? { engine: 'postgresql', url: config.databaseUrl, poolSize: 1, applicationName: 'admit-migrate' }
          : { engine: 'embedded', dataDir: config.dataDir, purpose: 'admit migrate' },
      );
      try {
        const report = await runMigrations(database.db, {
          onApply: (version) => process.stdout.write(`Applying ${version}…\n`),
        });
        process.stdout.write(
          report.applied.length === 0
            ? `Database is up to date (${report.alreadyApplied} migrations applied) at ${database.location}.\n`
            : `Applied ${report.applied.length} migration(s) to ${database.location}.\n`,
        );
      } finally {
        await database.close();
      }
    });
}
