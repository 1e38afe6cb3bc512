#!/usr/bin/env node
// `npm test`: lint, format check, type-check, web build, then every test project, printing how long
// each stage took and one closing line with the counts. Runs every stage even after a failure, so one
// run shows everything that is wrong; exits non-zero if any stage failed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const reports = join(root, 'tmp', 'test-reports');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

const vitest = (project, file) => [
  'npx',
  [
    'vitest',
    'run',
    '--project',
    project,
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${join(reports, file)}`,
  ],
];

const stages = [
  { name: 'lint', cmd: ['npx', ['eslint', '--max-warnings', '0', '.']] },
  { name: 'format', cmd: ['npx', ['prettier', '--check', '--log-level', 'warn', '.']] },
  { name: 'type-check', cmd: ['npx', ['tsc', '-p', 'tsconfig.json']] },
  { name: 'type-check web', cmd: ['npx', ['tsc', '-p', 'apps/web/tsconfig.json']] },
  { name: 'build web', cmd: ['npm', ['run', '--silent', 'build', '-w', '@admit/web']] },
  { name: 'unit, service and route tests', cmd: vitest('node', 'node.json'), report: 'node.json' },
  { name: 'web component tests', cmd: vitest('web', 'web.json'), report: 'web.json' },
  { name: 'browser tests', cmd: vitest('browser', 'browser.json'), report: 'browser.json' },
  // Benchmarks at a small scale, as a smoke test of the code and its targets (they need PostgreSQL).
  ...readdirSync(join(root, 'bench'))
    .filter((f) => f.endsWith('.ts'))
    .sort()
    .map((f) => ({
      name: `benchmark ${f} (small)`,
      cmd: ['npx', ['tsx', `bench/${f}`]],
      env: { BENCH_SCALE: 'small' },
    })),
];

const only = process.argv.slice(2);
const results = [];
for (const stage of stages) {
  if (only.length > 0 && !only.some((o) => stage.name.includes(o))) continue;
  process.stdout.write(`\n▶ ${stage.name}\n`);
  const started = Date.now();
  const [command, args] = stage.cmd;
  const run = spawnSync(command, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...stage.env },
  });
  const seconds = (Date.now() - started) / 1000;
  results.push({ ...stage, ok: run.status === 0, seconds });
  process.stdout.write(`${run.status === 0 ? '✔' : '✘'} ${stage.name} (${seconds.toFixed(1)} s)\n`);
}

let passed = 0;
let failed = 0;
let skipped = 0;
for (const { report } of results) {
  if (!report || !existsSync(join(reports, report))) continue;
  const json = JSON.parse(readFileSync(join(reports, report), 'utf8'));
  passed += json.numPassedTests;
  failed += json.numFailedTests;
  skipped += json.numPendingTests + (json.numTodoTests ?? 0);
}

process.stdout.write('\nStage timings\n');
for (const r of results)
  process.stdout.write(`  ${r.ok ? 'ok  ' : 'FAIL'}  ${r.seconds.toFixed(1).padStart(6)} s  ${r.name}\n`);
const total = results.reduce((sum, r) => sum + r.seconds, 0);
process.stdout.write(`  total ${total.toFixed(1)} s\n\n`);
const failedStages = results.filter((r) => !r.ok);
if (failedStages.length > 0)
  process.stdout.write(`Failed stages: ${failedStages.map((r) => r.name).join(', ')}\n`);
process.stdout.write(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
process.exit(failedStages.length > 0 ? 1 : 0);
