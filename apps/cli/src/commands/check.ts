// `admit check`: consistency checks an operator runs after an incident or a migration. Today: the
// capacity invariant — every sold place of every stripe is accounted for by an order, and no stripe
// is over its capacity. Exits 0 when consistent, 2 when a problem is found.
import { Command } from 'commander';
import { openDatabase } from '@admit/db';
import { loadConfig } from '@admit/server';
import { checkCapacityInvariant } from '@admit/services';
import { exitCodes } from '../exit-codes';

export function checkCommand(): Command {
  return new Command('check')
    .description(
      'Check the capacity invariant: each stripe’s sold places equal the places the orders that drew on it ' +
        'account for, and no stripe is over capacity. Exits 0 when consistent, 2 otherwise.',
    )
    .action(async () => {
      const config = loadConfig();
      const database = await openDatabase(
        config.databaseUrl
          ? { engine: 'postgresql', url: config.databaseUrl, poolSize: 1, applicationName: 'admit-check' }
          : { engine: 'embedded', dataDir: config.dataDir, purpose: 'admit check' },
      );
      const result = await checkCapacityInvariant(database.db).finally(() => database.close());
      if (result.problems.length === 0) {
        process.stdout.write(`Capacity: ${result.stripes} stripes checked, all consistent.\n`);
        return;
      }
      process.stdout.write(
        `Capacity: ${result.problems.length} of ${result.stripes} stripes inconsistent:\n`,
      );
      for (const p of result.problems.slice(0, 50)) {
        process.stdout.write(
          `  pool ${p.poolId} stripe ${p.stripe}: capacity ${p.capacity}, sold ${p.sold}, held ${p.held}, ` +
            `accounted for by orders ${p.accounted}\n`,
        );
      }
      process.exitCode = exitCodes.checkFailed;
    });
}
