// Vite 8 (Rolldown) build of the web app into apps/web/dist, which the server serves with an SPA fallback,
// plus the gate's service worker.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, transformWithOxc, type Plugin } from 'vite';

const API_TARGET = process.env['ADMIT_DEV_API'] ?? 'http://127.0.0.1:8080';

const SERVICE_WORKER_SOURCE = fileURLToPath(new URL('./src/serviceWorker/sw.ts', import.meta.url));

/**
 * The offline gate's files: the service worker (src/serviceWorker/sw.ts, on its own as dist/sw.js, at
 * the root so it may serve the whole site) and dist/sw-assets.json, the built files it keeps with the
 * gate page so the gate screen starts with the server down. Their names change with every release.
 */
function offlineShell(): Plugin {
  return {
    name: 'admit-offline-shell',
    apply: 'build',
    async generateBundle(_options, bundle) {
      const assets = Object.keys(bundle)
        .filter((file) => file.startsWith('assets/'))
        .sort();
      this.emitFile({
        type: 'asset',
        fileName: 'sw-assets.json',
        source: `${JSON.stringify({ assets }, null, 2)}\n`,
      });
      const source = await readFile(SERVICE_WORKER_SOURCE, 'utf8');
      const { code } = await transformWithOxc(source, 'sw.ts', { lang: 'ts' });
      // A classic worker script: the module marker that keeps its names out of the app's type scope goes.
      this.emitFile({
        type: 'asset',
        fileName: 'sw.js',
        source: `// Admit's service worker, built from apps/web/src/serviceWorker/sw.ts.\n${code.replace(/^export\s*\{\s*\};?\s*$/m, '')}`,
      });
    },
  };
}

export default defineConfig({
  plugins: [react(), offlineShell()],
  server: {
    host: '127.0.0.1',
    proxy: {
      '/api': { target: API_TARGET, changeOrigin: false },
      '/healthz': { target: API_TARGET },
      '/readyz': { target: API_TARGET },
    },
  },
  preview: {
    host: '127.0.0.1',
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The admin shell uses most of Ant Design (tables, forms, drawers, date pickers): about 1 MB
    // minified, 310 kB gzipped, in one chunk cached long-term under a hashed name.
    chunkSizeWarningLimit: 1100,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            {
              name: 'react',
              test: /[\\/]node_modules[\\/](react|react-dom|scheduler|react-router|cookie|set-cookie-parser)[\\/]/,
              priority: 30,
            },
            {
              name: 'antd',
              test: /[\\/]node_modules[\\/](antd|@ant-design|@rc-component|rc-[^\\/]+|dayjs|@babel[\\/]runtime|classnames|clsx|stylis|@emotion|throttle-debounce|scroll-into-view-if-needed|compute-scroll-into-view)[\\/]/,
              priority: 20,
            },
            // Charts load with the first chart (reports), never with every page.
            { name: 'echarts', test: /[\\/]node_modules[\\/](echarts|zrender)[\\/]/, priority: 15 },
            { name: 'vendor', test: /[\\/]node_modules[\\/]/, priority: 10 },
          ],
        },
      },
    },
  },
});
