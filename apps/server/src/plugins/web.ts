// Serves the built web app: hashed assets with a year's cache, and index.html for every other page
// path (the app routes in the browser), with this response's CSP nonce written into it so Ant Design's
// runtime style tags are allowed under `style-src 'self' 'nonce-…'`.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';

export const NONCE_PLACEHOLDER = '__ADMIT_CSP_NONCE__';

export type WebApp = {
  /** Whether the request should get the web app's page rather than a JSON 404. */
  wantsPage(request: FastifyRequest): boolean;
  sendPage(reply: FastifyReply): FastifyReply;
};

export async function registerWebApp(app: FastifyInstance, distDir: string): Promise<WebApp> {
  const indexPath = join(distDir, 'index.html');
  const indexHtml = existsSync(indexPath) ? readFileSync(indexPath, 'utf8') : null;
  if (indexHtml !== null) {
    await app.register(fastifyStatic, {
      root: distDir,
      prefix: '/',
      index: false,
      // One route per built file: `/` and unknown paths fall through to the page handler.
      wildcard: false,
      dotfiles: 'deny',
      allowedPath: (pathName) => pathName !== '/index.html',
      setHeaders: (res, path) => {
        res.header(
          'cache-control',
          path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
  }
  return {
    wantsPage(request) {
      if (request.method !== 'GET' && request.method !== 'HEAD') return false;
      if (/^\/(api|healthz|readyz)(\/|$|\?)/.test(request.url)) return false;
      return (request.headers.accept ?? '').includes('text/html');
    },
    sendPage(reply) {
      if (indexHtml === null) {
        return reply
          .code(503)
          .type('text/plain; charset=utf-8')
          .send('The web app has not been built yet: run `npm run build:web` (npm start does it for you).');
      }
      const nonce = reply.cspNonce?.style ?? '';
      return reply
        .code(200)
        .header('cache-control', 'no-cache')
        .type('text/html; charset=utf-8')
        .send(indexHtml.replaceAll(NONCE_PLACEHOLDER, nonce));
    },
  };
}
