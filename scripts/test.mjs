#!/usr/bin/env node
// `npm test`: lint, format check, type-check, web build, then every test project, printing how long
// each stage took and one closing line with the counts. Runs every stage even after a failure, so one
// run shows everything that is wrong; exits non-zero if any stage failed.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const began = Date.now();
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

// The static checks are single-threaded tools: they run in two lanes side by side (ESLint, the longest,
// alone; the others one after another), each stage's output printed when it finishes.
const staticLanes = [
  [{ name: 'lint', cmd: ['npx', ['eslint', '--max-warnings', '0', '.']] }],
  [
    { name: 'format', cmd: ['npx', ['prettier', '--check', '--log-level', 'warn', '.']] },
    { name: 'type-check', cmd: ['npx', ['tsc', '-p', 'tsconfig.json']] },
    { name: 'type-check web', cmd: ['npx', ['tsc', '-p', 'apps/web/tsconfig.json']] },
    { name: 'build web', cmd: ['npm', ['run', '--silent', 'build', '-w', '@admit/web']] },
  ],
];

const stages = [
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
const wanted = (stage) => only.length === 0 || only.some((o) => stage.name.includes(o));
const results = [];

/** Runs a stage with its output captured, printed in one piece when it ends. */
function runCaptured(stage) {
  return new Promise((resolve) => {
    const started = Date.now();
    const [command, args] = stage.cmd;
    const child = spawn(command, args, { cwd: root, env: { ...process.env, ...stage.env } });
    const output = [];
    child.stdout.on('data', (d) => output.push(d));
    child.stderr.on('data', (d) => output.push(d));
    child.on('close', (code) => {
      const seconds = (Date.now() - started) / 1000;
      process.stdout.write(`\n▶ ${stage.name}\n${Buffer.concat(output).toString()}`);
      process.stdout.write(`${code === 0 ? '✔' : '✘'} ${stage.name} (${seconds.toFixed(1)} s)\n`);
      resolve({ ...stage, ok: code === 0, seconds });
    });
  });
}

const staticStarted = Date.now();
const laneResults = await Promise.all(
  staticLanes.map(async (lane) => {
    const done = [];
    for (const stage of lane.filter(wanted)) done.push(await runCaptured(stage));
    return done;
  }),
);
results.push(...laneResults.flat());
if (results.length > 0)
  process.stdout.write(`(static checks in ${((Date.now() - staticStarted) / 1000).toFixed(1)} s wall)\n`);

for (const stage of stages) {
  if (!wanted(stage)) continue;
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
process.stdout.write(
  `  total ${total.toFixed(1)} s of stages, ${((Date.now() - began) / 1000).toFixed(1)} s wall\n\n`,
);
const failedStages = results.filter((r) => !r.ok);
if (failedStages.length > 0)
  process.stdout.write(`Failed stages: ${failedStages.map((r) => r.name).join(', ')}\n`);
process.stdout.write(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
process.exit(failedStages.length > 0 ? 1 : 0);
