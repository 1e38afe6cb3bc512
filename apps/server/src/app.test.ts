// The server's contract with every client: error bodies, probes, the web app page and idempotency.
import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { testApp, type TestApp } from '../../../tests/support/app';
import { deferred, type Deferred } from '../../../tests/support/deferred';

type Probe = { sales: number; gate: Deferred<void> | null; entered: Deferred<void> | null };

function probeRoutes(probe: Probe) {
  return (scope: FastifyInstance) => {
    const app = scope.withTypeProvider<ZodTypeProvider>();
    app.post(
      '/api/v1/_test/sell',
      {
        config: { idempotent: true, public: true },
        schema: { body: z.object({ quantity: z.number().int().min(1).max(10) }) },
      },
      async (request, reply) => {
        probe.entered?.resolve();
        if (probe.gate) await probe.gate.promise;
        probe.sales += 1;
        return reply.code(201).send({ sale: probe.sales, quantity: request.body.quantity });
      },
    );
    app.post('/api/v1/_test/fail', { config: { idempotent: true, public: true } }, () => {
      throw new Error('connection string postgres://secret@db leaked');
    });
    app.get('/api/v1/_test/boom', { config: { public: true } }, () => {
      throw new Error('the secret internal detail');
    });
  };
}

describe('server skeleton', () => {
  const probe: Probe = { sales: 0, gate: null, entered: null };
  let t: TestApp;

  beforeAll(async () => {
    t = await testApp({ extraRoutes: probeRoutes(probe) });
    mkdirSync(t.config.webDistDir, { recursive: true });
  });
  afterAll(async () => t?.close());

  it('answers the liveness and readiness probes', async () => {
    expect((await t.app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await t.app.inject('/readyz');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({
      status: 'ready',
      checks: { database: 'ok', migrations: 'current' },
    });
  });

  it('says which engine and language it runs with', async () => {
    const meta = (await t.app.inject('/api/v1/meta')).json<{ defaultLocale: string; product: string }>();
    expect(meta).toMatchObject({ product: 'Admit', defaultLocale: 'zh-CN' });
  });

  it('publishes the OpenAPI document and its UI at /api/docs', async () => {
    const doc = (await t.app.inject('/api/docs/json')).json<{
      openapi: string;
      paths: Record<string, unknown>;
    }>();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/meta', '/healthz', '/readyz']));
    const ui = await t.app.inject('/api/docs/');
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toMatch(/text\/html/);
  });

  it('answers malformed JSON with 400 malformed_json', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/_test/sell',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'k-malformed' },
      payload: '{"quantity": ',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: { code: 'malformed_json' } });
  });

  it('answers invalid input with 400 validation_failed naming the field, in the caller’s language', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/_test/sell',
      headers: { 'idempotency-key': 'k-invalid', 'accept-language': 'en-US,en;q=0.9' },
      payload: { quantity: 0 },
    });
    expect(res.statusCode).toBe(400);
    const body = res.json<{
      error: { code: string; message: string; details: { issues: { path: string }[] } };
    }>();
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.message).toMatch(/^Some of the input/);
    expect(body.error.details.issues[0]?.path).toBe('quantity');
  });

  it('answers an unknown API route with a JSON 404', async () => {
    const res = await t.app.inject({ url: '/api/v1/nowhere', headers: { accept: 'text/html' } });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.json()).toMatchObject({ error: { code: 'route_not_found', message: '找不到请求的地址。' } });
  });

  it('hides an internal error behind 500 internal_error with the request id', async () => {
    const res = await t.app.inject({
      url: '/api/v1/_test/boom',
      headers: { 'x-request-id': 'req-12345678' },
    });
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain('secret');
    expect(res.json()).toMatchObject({ error: { code: 'internal_error', requestId: 'req-12345678' } });
    expect(res.headers['x-request-id']).toBe('req-12345678');
  });

  it('serves the web app page for page paths, with a fresh CSP nonce written in', async () => {
    writeFileSync(
      `${t.config.webDistDir}/index.html`,
      '<html><head><meta name="admit-csp-nonce" content="__ADMIT_CSP_NONCE__"></head></html>',
    );
    const local = await testApp({ database: t.database, env: { ADMIT_WEB_DIST: t.config.webDistDir } });
    try {
      const first = await local.app.inject({ url: '/box-office/sell', headers: { accept: 'text/html' } });
      const second = await local.app.inject({ url: '/', headers: { accept: 'text/html' } });
      expect(second.statusCode).toBe(200);
      const direct = await local.app.inject({ url: '/index.html', headers: { accept: 'text/html' } });
      expect(direct.body).not.toContain('__ADMIT_CSP_NONCE__');
      expect(first.statusCode).toBe(200);
      const nonce = /content="([^"]+)"/.exec(first.body)?.[1];
      expect(nonce).toMatch(/^[A-Za-z0-9+/=_-]{16,}$/);
      expect(first.headers['content-security-policy']).toContain(`'nonce-${nonce}'`);
      expect(first.headers['content-security-policy']).toMatch(/script-src 'self'/);
      expect(first.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
      expect(second.body).not.toContain(nonce);
    } finally {
      await local.close();
    }
  });

  describe('Idempotency-Key on money-moving routes', () => {
    const sell = (key: string | undefined, quantity: number) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/_test/sell',
        headers: key === undefined ? {} : { 'idempotency-key': key },
        payload: { quantity },
      });

    it('requires the header', async () => {
      const res = await sell(undefined, 1);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ error: { code: 'idempotency_key_required' } });
    });

    it('replays the stored result to a retry instead of selling twice', async () => {
      const before = probe.sales;
      const first = await sell('retry-1', 2);
      const retry = await sell('retry-1', 2);
      expect(first.statusCode).toBe(201);
      expect(retry.statusCode).toBe(201);
      expect(retry.body).toBe(first.body);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(probe.sales).toBe(before + 1);
    });

    it('refuses the same key with another body: 409 idempotency_key_reused', async () => {
      await sell('reuse-1', 1);
      const res = await sell('reuse-1', 3);
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ error: { code: 'idempotency_key_reused' } });
    });

    it('answers a concurrent duplicate with 409 and Retry-After while the first is running', async () => {
      const before = probe.sales;
      probe.gate = deferred();
      probe.entered = deferred();
      const first = sell('concurrent-1', 1);
      // The first request holds the key once its handler runs; it is parked on the gate.
      await probe.entered.promise;
      probe.entered = null;
      const duplicate = await sell('concurrent-1', 1);
      expect(duplicate.statusCode).toBe(409);
      expect(duplicate.json()).toMatchObject({ error: { code: 'idempotency_request_in_progress' } });
      expect(Number(duplicate.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      probe.gate.resolve();
      probe.gate = null;
      expect((await first).statusCode).toBe(201);
      expect(probe.sales).toBe(before + 1);
      const after = await sell('concurrent-1', 1);
      expect(after.headers['idempotent-replayed']).toBe('true');
    });

    it('does not store a 5xx, so the retry runs again', async () => {
      const first = await t.app.inject({
        method: 'POST',
        url: '/api/v1/_test/fail',
        headers: { 'idempotency-key': 'fail-1' },
      });
      const retry = await t.app.inject({
        method: 'POST',
        url: '/api/v1/_test/fail',
        headers: { 'idempotency-key': 'fail-1' },
      });
      expect(first.statusCode).toBe(500);
      expect(retry.statusCode).toBe(500);
      expect(retry.headers['idempotent-replayed']).toBeUndefined();
    });
  });
});
