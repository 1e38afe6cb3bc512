// The one error handler. 4xx carries a stable code, a message in the caller's language and details;
// 5xx says only "internal error" with the request id, and the real error goes to the log.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError, errorMessage, errorStatus, isAppError, type ErrorCode } from '@admit/domain';

export type ErrorBody = { error: { code: string; message: string; details?: unknown; requestId?: string } };

export function errorBody(request: FastifyRequest, code: ErrorCode, details?: unknown): ErrorBody {
  return {
    error: {
      code,
      message: errorMessage(code, request.locale),
      ...(details === undefined ? {} : { details }),
      requestId: request.id,
    },
  };
}

export function sendError(request: FastifyRequest, reply: FastifyReply, error: AppError): FastifyReply {
  for (const [name, value] of Object.entries(error.headers)) void reply.header(name, value);
  return reply
    .code(error.status)
    .type('application/json; charset=utf-8')
    .send(errorBody(request, error.code, error.details));
}

/** Maps framework errors (body parsing, limits, validation) to catalogue codes. */
function classify(error: FastifyError): AppError | null {
  if (hasZodFastifySchemaValidationErrors(error)) {
    return new AppError('validation_failed', {
      details: {
        in: error.validationContext,
        issues: error.validation.map((v) => ({
          path: v.instancePath.replace(/^\//, '').replaceAll('/', '.'),
          message: v.message,
        })),
      },
    });
  }
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('malformed_json');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('unsupported_media_type');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('payload_too_large');
    default:
      break;
  }
  if (error.statusCode === 400 && error instanceof SyntaxError) return new AppError('malformed_json');
  if (error.statusCode === 429) return new AppError('rate_limited');
  if (error.statusCode === 404) return new AppError('not_found');
  return null;
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const known = isAppError(error) ? error : classify(error);
    if (known && known.status < 500) return sendError(request, reply, known);
    if (known) {
      request.log.warn({ err: error, code: known.code }, 'request failed');
      return sendError(request, reply, known);
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error, issues: error.cause.issues }, 'response did not match its schema');
    } else {
      request.log.error({ err: error }, 'internal error');
    }
    return reply
      .code(errorStatus('internal_error'))
      .type('application/json; charset=utf-8')
      .send(errorBody(request, 'internal_error'));
  });
}
