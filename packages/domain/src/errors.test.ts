import { describe, expect, it } from 'vitest';
import { AppError, errorCatalogue, isErrorCode } from './errors';

describe('error catalogue', () => {
  it('gives every code a client-error or server-error status and both languages', () => {
    for (const [code, definition] of Object.entries(errorCatalogue)) {
      expect(code).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(definition.status).toBeGreaterThanOrEqual(400);
      expect(definition.status).toBeLessThan(600);
      expect(definition.message['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
      expect(definition.message.en).toMatch(/^[A-Z]/);
    }
  });

  it('builds errors that carry their code, status and details', () => {
    const error = new AppError('idempotency_key_reused', { details: { key: 'k' } });
    expect(error.status).toBe(409);
    expect(error.details).toEqual({ key: 'k' });
    expect(isErrorCode('idempotency_key_reused')).toBe(true);
    expect(isErrorCode('toString')).toBe(false);
  });
});
