#!/usr/bin/env node
// `admit`: the command line for operators and implementation engineers.
import { Command } from 'commander';
import { ConfigError } from '@admit/server';
import { DatabaseLockedError } from '@admit/db';
import { AppError, errorMessage } from '@admit/domain';
import { startCommand } from './commands/start';
import { migrateCommand } from './commands/migrate';
import { versionCommand } from './commands/version';
import { secretsCommand } from './commands/secrets';
import { userCommand } from './commands/user';
import { seedCommand } from './commands/seed';
import { auditCommand } from './commands/audit';
import { checkCommand } from './commands/check';
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
program.addCommand(userCommand());
program.addCommand(seedCommand());
program.addCommand(auditCommand());
program.addCommand(checkCommand());

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`Configuration error: ${error.message}\n`);
    process.exit(exitCodes.config);
  }
  if (error instanceof AppError) {
    process.stderr.write(
      `${error.code}: ${errorMessage(error.code, 'zh-CN')} ${errorMessage(error.code, 'en')}\n`,
    );
    process.exit(exitCodes.failure);
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
  const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : '';
  process.stderr.write(`admit: ${error instanceof Error ? error.message : String(error)}${cause}\n`);
  process.exit(exitCodes.failure);
}
