#!/usr/bin/env node
// `admit`: the command line for operators and implementation engineers.
import { Command } from 'commander';
import { ConfigError } from '@admit/server';
import { DatabaseLockedError } from '@admit/db';
import { startCommand } from './commands/start';
import { migrateCommand } from './commands/migrate';
import { versionCommand } from './commands/version';
import { secretsCommand } from './commands/secrets';
import { exitCodes } from './exit-codes';

const program = new Command()
  .name('admit')
  .description('Admit ticketing: run the server and operate an installation.')
  .showHelpAfterError()
  .configureHelp({ sortSubcommands: true });

program.addCommand(startCommand());
program.addCommand(migrateCommand());
program.addCommand(versionCommand());
program.addCommand(secretsCommand());

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`Configuration error: ${error.message}\n`);
    process.exit(exitCodes.config);
  }
  if (error instanceof DatabaseLockedError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(exitCodes.locked);
  }
  if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    process.stderr.write(
      `Another program already listens on ${(error as { address?: string }).address ?? ''}:${(error as { port?: number }).port ?? ''}; stop it or set ADMIT_PORT.\n`,
    );
    process.exit(exitCodes.failure);
  }
  process.stderr.write(`admit: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(exitCodes.failure);
}
