import { metaResponseSchema, readinessResponseSchema } from '@admit/contracts';
import { describe, expect, it, vi } from 'vitest';
import { ApiError, apiGet, apiRequest, CLIENT_ERROR_CODES } from './client';

function reply(status: number, body: unknown): void {
  vi.stubGlobal(
    'fetch',
    vi.fn<typeof fetch>(() =>
      Promise.resolve(
        new Response(typeof body === 'string' ? body : JSON.stringify(body), {
          status,
          headers: { 'Content-Type': 'application/json' },
        }),
      ),
    ),
  );
}

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe('api client', () => {
  it('returns the parsed body', async () => {
    const meta = { product: 'Admit', version: '1.2.3', defaultLocale: 'en', databaseEngine: 'postgresql' };
    reply(200, meta);
    await expect(apiGet('/api/v1/meta', metaResponseSchema)).resolves.toEqual(meta);
  });

  it('sends JSON and asks for JSON', async () => {
    reply(200, { status: 'ready', checks: { database: 'ok', migrations: 'current' }, pendingMigrations: [] });
    await apiRequest('/x', readinessResponseSchema, { method: 'POST', body: { a: 1 } });
    const [path, init] = vi.mocked(fetch).mock.calls[0] ?? [];
    expect(path).toBe('/x');
    expect(init?.method).toBe('POST');
    expect(init?.body).toBe('{"a":1}');
    expect(init?.headers).toMatchObject({ Accept: 'application/json', 'Content-Type': 'application/json' });
    expect(init?.credentials).toBe('same-origin');
  });

  it("turns the server's error body into an ApiError with its code", async () => {
    reply(409, {
      error: { code: 'SOLD_OUT', message: 'No capacity left', details: { left: 0 }, requestId: 'r1' },
    });
    const error = await failure(apiGet('/api/v1/meta', metaResponseSchema));
    expect(error.code).toBe('SOLD_OUT');
    expect(error.message).toBe('No capacity left');
    expect(error.status).toBe(409);
    expect(error.details).toEqual({ left: 0 });
    expect(error.requestId).toBe('r1');
    expect(error.name).toBe('ApiError');
  });

  it('reports an error status without our body as HTTP_ERROR', async () => {
    reply(502, '<html>Bad gateway</html>');
    const error = await failure(apiGet('/api/v1/meta', metaResponseSchema));
    expect(error.code).toBe(CLIENT_ERROR_CODES.http);
    expect(error.status).toBe(502);
  });

  it('rejects a body that does not match the schema', async () => {
    reply(200, { product: 'Other' });
    const error = await failure(apiGet('/api/v1/meta', metaResponseSchema));
    expect(error.code).toBe(CLIENT_ERROR_CODES.badResponse);
  });

  it('treats listed statuses as regular responses', async () => {
    const body = {
      status: 'not_ready',
      checks: { database: 'unreachable', migrations: 'unknown' },
      pendingMigrations: [],
    };
    reply(503, body);
    await expect(apiGet('/readyz', readinessResponseSchema, { acceptStatuses: [503] })).resolves.toEqual(
      body,
    );
  });

  it('reports a network failure as NETWORK_ERROR', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn<typeof fetch>(() => Promise.reject(new TypeError('Failed to fetch'))),
    );
    const error = await failure(apiGet('/api/v1/meta', metaResponseSchema));
    expect(error.code).toBe(CLIENT_ERROR_CODES.network);
    expect(error.status).toBe(0);
  });
});
