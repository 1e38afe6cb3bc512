// Component tests under jsdom; the root vitest.config.ts lists this folder as the `web` project.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { defineConfig, mergeConfig } from 'vitest/config';
import viteConfig from './vite.config.ts';

// Node's `node` export condition gives the CommonJS build of `react-router` to our sources but the ESM
// build to `react-router/dom`: two copies, two router contexts, and every hook fails. Pin both to ESM,
// as in the browser build.
const reactRouterDist = join(
  dirname(createRequire(import.meta.url).resolve('react-router/package.json')),
  'dist/development',
);

export default mergeConfig(
  viteConfig,
  defineConfig({
    resolve: {
      alias: [
        { find: /^react-router$/, replacement: join(reactRouterDist, 'index.mjs') },
        { find: /^react-router\/dom$/, replacement: join(reactRouterDist, 'dom-export.mjs') },
      ],
    },
    test: {
      name: 'web',
      environment: 'jsdom',
      include: ['src/**/*.test.{ts,tsx}'],
      setupFiles: ['src/test/setup.ts'],
      testTimeout: 20_000,
    },
  }),
);
