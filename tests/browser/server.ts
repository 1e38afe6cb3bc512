// Starts the real app the way a newcomer does — `admit start` from the repository root, embedded
// database, fresh data folder — and stops it again; or halts it and starts it again on the same port
// with the same data (the gate test's outage). Used by every browser test file.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(import.meta.dirname, '../..');
const STARTUP_TIMEOUT_MS = 90_000;
const STOP_GRACE_MS = 10_000;
const READY_LINE = /Admit is running at (https?:\/\/\S+)/;
const FIRST_ADMIN_HEADING = 'First administrator created. Log in and change this one-time password now:';
const FIRST_ADMIN_LOGIN = /^ {2}login: {4}(\S+)$/m;
const FIRST_ADMIN_PASSWORD = /^ {2}password: (\S+)$/m;

/** The one-time credentials the server prints when it creates the first administrator. */
export interface FirstAdmin {
  loginName: string;
  password: string;
}

export interface RunningAdmit {
  /** Base URL with a trailing slash, e.g. http://127.0.0.1:41234/ */
  url: string;
  dataDir: string;
  /** Everything the child printed so far (stdout and stderr), over all its runs. */
  output(): string;
  /** Everything the child printed on stdout so far. */
  stdout(): string;
  /** Parsed from stdout; undefined when the database already had users (no first administrator). */
  firstAdmin: FirstAdmin | undefined;
  /** Stops the server and removes its data (unless the data folder was given). */
  stop(): Promise<void>;
  /** Stops the server (its clients' connections are refused from then on), keeping its data and port. */
  halt(): Promise<void>;
  /**
   * Starts it again after halt(): same port (clients reconnect to the same address), same data; with
   * `env`, these variables changed from then on (e.g. a clock offset).
   */
  restart(env?: Record<string, string>): Promise<void>;
}

export interface StartOptions {
  /** Extra environment, e.g. { ADMIT_DEFAULT_LOCALE: 'en' }. */
  env?: Record<string, string>;
  /** The port to listen on; by default any free one. */
  port?: number;
  /** A folder for the data and secrets to reuse (kept when the server stops); by default a fresh one. */
  dataRoot?: string;
}

export async function startAdmit(options: StartOptions = {}): Promise<RunningAdmit> {
  rebuildWebAppIfStale();
  // Data and secrets side by side in one temp folder: the server refuses secrets inside the data folder.
  const tempRoot = options.dataRoot ?? mkdtempSync(join(tmpdir(), 'admit-browser-'));
  const dataDir = join(tempRoot, 'data');
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    // A developer's own ADMIT_* settings or DATABASE_URL must not leak into the test server.
    if (key.startsWith('ADMIT_') || key === 'DATABASE_URL') continue;
    env[key] = value;
  }
  Object.assign(env, {
    ADMIT_PORT: String(options.port ?? 0),
    ADMIT_HOST: '127.0.0.1',
    ADMIT_DATA_DIR: dataDir,
    ADMIT_SECRETS_DIR: join(tempRoot, 'secrets'),
    ...options.env,
  });

  let output = '';
  let stdout = '';
  let child: ChildProcess | undefined;
  // Safety net if the test process exits without calling stop().
  const killOnExit = () => child?.kill('SIGKILL');
  process.once('exit', killOnExit);

  const launch = async (): Promise<string> => {
    const started = spawn(process.execPath, ['--import', 'tsx', 'apps/cli/src/main.ts', 'start'], {
      cwd: REPO_ROOT,
      env,
      // Same process group as the test run: Ctrl+C in the terminal reaches the server too.
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = started;
    const from = output.length;
    started.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      stdout += chunk;
    });
    started.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    return waitForUrl(started, () => output.slice(from));
  };

  const halt = async () => {
    if (child !== undefined) await terminate(child);
  };
  const stop = async () => {
    process.off('exit', killOnExit);
    await halt();
    if (options.dataRoot === undefined) rmSync(tempRoot, { recursive: true, force: true });
  };

  try {
    const url = await launch();
    // Printed before the server listens, so it is complete once the URL line has arrived.
    const firstAdmin = parseFirstAdmin(stdout);
    const port = new URL(url).port;
    return {
      url: url.endsWith('/') ? url : `${url}/`,
      dataDir,
      output: () => output,
      stdout: () => stdout,
      firstAdmin,
      stop,
      halt,
      restart: async (extra = {}) => {
        await halt();
        Object.assign(env, extra);
        env['ADMIT_PORT'] = port;
        await launch();
      },
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The login and password under the "First administrator created" heading, if it was printed. */
export function parseFirstAdmin(stdout: string): FirstAdmin | undefined {
  const start = stdout.indexOf(FIRST_ADMIN_HEADING);
  if (start === -1) return undefined;
  const block = stdout
    .slice(start + FIRST_ADMIN_HEADING.length)
    .split('\n')
    .slice(1, 3)
    .join('\n');
  const loginName = FIRST_ADMIN_LOGIN.exec(block)?.[1];
  const password = FIRST_ADMIN_PASSWORD.exec(block)?.[1];
  if (loginName === undefined || password === undefined) {
    throw new Error(`could not read the first administrator's credentials from:\n${stdout.slice(start)}`);
  }
  return { loginName, password };
}

function waitForUrl(child: ChildProcess, output: () => string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      child.off('error', onError);
    };
    const onData = () => {
      const match = READY_LINE.exec(output());
      if (match?.[1] !== undefined) {
        cleanup();
        resolvePromise(match[1]);
      }
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      cleanup();
      reject(
        new Error(`admit start exited (code ${code}, signal ${signal}) before it was running:\n${output()}`),
      );
    };
    const onError = (error: Error) => {
      cleanup();
      reject(new Error(`could not run admit start: ${error.message}\n${output()}`));
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`admit start printed no URL within ${STARTUP_TIMEOUT_MS / 1000} s:\n${output()}`));
    }, STARTUP_TIMEOUT_MS);
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
    child.once('error', onError);
    onData();
  });
}

async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill('SIGTERM');
  const timedOut = await Promise.race([
    exited.then(() => false),
    new Promise<boolean>((done) => setTimeout(() => done(true), STOP_GRACE_MS).unref()),
  ]);
  if (timedOut) {
    child.kill('SIGKILL');
    await exited;
  }
}

/**
 * A newcomer's first `admit start` builds the web app when apps/web/dist is missing; that path is left
 * to the CLI. A dist older than the web sources would test yesterday's UI, so rebuild that here.
 */
function rebuildWebAppIfStale(): void {
  const builtIndex = join(REPO_ROOT, 'apps/web/dist/index.html');
  if (!existsSync(builtIndex)) return;
  const builtAt = statSync(builtIndex).mtimeMs;
  const sources = [
    'apps/web/src',
    'apps/web/public',
    'apps/web/index.html',
    'apps/web/vite.config.ts',
    'packages/contracts/src',
    'packages/domain/src',
  ];
  const newest = Math.max(...sources.map((path) => newestMtime(join(REPO_ROOT, path))));
  if (newest <= builtAt) return;
  console.info('[browser tests] apps/web/dist is older than its sources: rebuilding the web app…');
  // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
  const result = spawnSync('npm', ['run', 'build', '-w', '@admit/web'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (result.status !== 0) {
    throw new Error(`npm run build -w @admit/web failed:\n${result.stdout}\n${result.stderr}`);
  }
}

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}
