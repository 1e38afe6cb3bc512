import { Command } from 'commander';
import { loadConfig } from '@admit/server';
import { seedDemo } from '@admit/services';
import { withDatabase } from '../database';

export function seedCommand(): Command {
  const seed = new Command('seed').description('Load sample data.');
  seed
    .command('demo')
    .description(
      'Load the demo catalog (a scenic area, a museum, a theatre and a ferry, with 30 days of sessions) into an empty database. ' +
        '`admit start` does this by itself on an empty embedded database.',
    )
    .option('--days <n>', 'days of sessions to generate', '30')
    .action(async (options: { days: string }) => {
      const days = Number(options.days);
      if (!Number.isInteger(days) || days < 1 || days > 366)
        throw new Error('--days must be a whole number from 1 to 366');
      const config = loadConfig();
      await withDatabase(config, 'admit seed demo', async (db) => {
        const loaded = await seedDemo(db, { days });
        process.stdout.write(
          loaded
            ? `Loaded the demo: ${loaded.join(', ')}.\n`
            : 'The database already has sites or users; the demo is only loaded into an empty one.\n',
        );
      });
    });
  return seed;
}
