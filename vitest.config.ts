// One test run for the whole workspace, split into projects: node-side unit/service/route tests, the
// web app's component tests under jsdom, and browser tests that drive the real app in Chromium.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Vitest's default is one worker less than the cores: one on the two-core CI machines. Two workers:
    // the node tests wait on PostgreSQL half the time and the jsdom tests are CPU-bound, so both use the
    // second core. (The browser project still runs its files one at a time.)
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          include: [
            'packages/*/src/**/*.test.ts',
            'apps/server/src/**/*.test.ts',
            'apps/cli/src/**/*.test.ts',
            'tests/**/*.test.ts',
          ],
          exclude: ['tests/browser/**', '**/node_modules/**'],
          globalSetup: ['tests/support/global-setup.ts'],
          // One process per worker runs its files in turn: importing the app (Fastify, the services and
          // their SDKs) once per worker instead of once per file saves minutes of CI on two cores. Tests
          // that switch a module's control knob restore it in \`finally\`.
          isolate: false,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      'apps/web',
      {
        test: {
          name: 'browser',
          environment: 'node',
          include: ['tests/browser/**/*.test.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
