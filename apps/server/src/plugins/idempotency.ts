// The Idempotency-Key middleware for money-moving routes (route option `config: { idempotent: true }`).
// The first request with a key runs and its response is stored; a retry with the same key and body
// gets that response again (header Idempotent-Replayed: true); the same key with another body is
// refused (409 idempotency_key_reused); a retry while the first is still running gets 409 with
// Retry-After. A 5xx is not stored: nothing happened, so the retry runs afresh.
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '@admit/domain';
import {
  actorRef,
  canonicalJson,
  claimIdempotencyKey,
  completeIdempotencyKey,
  releaseIdempotencyKey,
} from '@admit/services';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Requires an Idempotency-Key header and replays the first result for retries. */
    idempotent?: boolean;
  }
  interface FastifyRequest {
    idempotencyClaimId: string | null;
  }
}

const keyPattern = /^[\x21-\x7e]{1,200}$/;

export function requestHash(request: FastifyRequest): string {
  // Canonical JSON: key order must not make two identical bodies look different.
  return createHash('sha256')
    .update(`${request.method} ${request.url}\n${canonicalJson(request.body ?? null)}`)
    .digest('hex');
}

export function registerIdempotency(app: FastifyInstance): void {
  app.decorateRequest('idempotencyClaimId', null);

  app.addHook('preHandler', async (request, reply) => {
    if (!request.routeOptions.config.idempotent) return;
    const raw = request.headers['idempotency-key'];
    if (raw === undefined) throw new AppError('idempotency_key_required');
    const key = Array.isArray(raw) ? raw[0] : raw;
    if (key === undefined || !keyPattern.test(key)) throw new AppError('idempotency_key_invalid');

    const ctx = request.serviceContext();
    const claim = await claimIdempotencyKey(ctx, {
      scope: `${actorRef(request.actor)} ${request.method} ${request.routeOptions.url ?? request.url}`,
      key,
      requestHash: requestHash(request),
    });
    switch (claim.outcome) {
      case 'claimed':
        request.idempotencyClaimId = claim.id;
        return;
      case 'mismatch':
        throw new AppError('idempotency_key_reused');
      case 'in_progress':
        throw new AppError('idempotency_request_in_progress', {
          headers: { 'retry-after': String(claim.retryAfterSeconds) },
        });
      case 'replay':
        return reply
          .code(claim.status)
          .headers({ ...claim.headers, 'idempotent-replayed': 'true' })
          .send(claim.body);
    }
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const id = request.idempotencyClaimId;
    if (!id) return payload;
    request.idempotencyClaimId = null;
    const ctx = request.serviceContext();
    if (reply.statusCode >= 500) {
      await releaseIdempotencyKey(ctx, id);
      return payload;
    }
    const body =
      typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : null;
    if (body === null) {
      // A streamed response cannot be replayed byte for byte; keep nothing rather than a wrong answer.
      await releaseIdempotencyKey(ctx, id);
      return payload;
    }
    const contentType = reply.getHeader('content-type');
    await completeIdempotencyKey(ctx, {
      id,
      status: reply.statusCode,
      headers: typeof contentType === 'string' ? { 'content-type': contentType } : {},
      body,
    });
    return payload;
  });
}
