import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { loadConfig, startServer } from '@admit/server';

const repoRoot = resolve(import.meta.dirname, '../../../..');

/** First start on a fresh clone: the web app has not been built yet, so build it once. */
function ensureWebAppBuilt(distDir: string): void {
  if (existsSync(join(distDir, 'index.html'))) return;
  process.stdout.write('Building the web app (first start only, about a minute)…\n');
  const result = spawnSync('npm', ['run', 'build', '-w', '@admit/web'], { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('building the web app failed; see the output above');
}

export function startCommand(): Command {
  return new Command('start')
    .description(
      'Run the server. Without DATABASE_URL it uses the embedded database under ADMIT_DATA_DIR (created and migrated on first start).',
    )
    .option('--no-build', 'do not build the web app when it is missing')
    .action(async (options: { build: boolean }) => {
      const config = loadConfig();
      if (options.build) ensureWebAppBuilt(config.webDistDir);
      const say = (line: string) => process.stdout.write(`${line}\n`);
      const server = await startServer(config, { say });
      say(`Admit is running at ${server.url}`);
      say('Press Ctrl+C to stop.');
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        say(`Received ${signal}, stopping…`);
        server.close().then(
          () => process.exit(0),
          (error: unknown) => {
            process.stderr.write(`Error while stopping: ${String(error)}\n`);
            process.exit(1);
          },
        );
      };
      process.on('SIGINT', () => stop('SIGINT'));
      process.on('SIGTERM', () => stop('SIGTERM'));
    });
}
