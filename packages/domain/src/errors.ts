// The one catalogue of stable error codes. Each code has its HTTP status and a message a cashier
// understands, in Simplified Chinese and English. Codes never change meaning once published: clients
// (box office, gates, channel partners) branch on them.
import type { Locale } from './locale';

export type ErrorDefinition = {
  status: number;
  message: Record<Locale, string>;
};

export const errorCatalogue = {
  validation_failed: {
    status: 400,
    message: {
      'zh-CN': '提交的内容有误，请检查后重试。',
      en: 'Some of the input is not valid. Please check it and try again.',
    },
  },
  malformed_json: {
    status: 400,
    message: { 'zh-CN': '请求内容不是有效的 JSON。', en: 'The request body is not valid JSON.' },
  },
  unsupported_media_type: {
    status: 415,
    message: { 'zh-CN': '不支持的请求内容类型。', en: 'This content type is not supported.' },
  },
  payload_too_large: {
    status: 413,
    message: { 'zh-CN': '请求内容过大。', en: 'The request is too large.' },
  },
  route_not_found: {
    status: 404,
    message: { 'zh-CN': '找不到请求的地址。', en: 'No such address.' },
  },
  not_found: {
    status: 404,
    message: { 'zh-CN': '找不到该记录。', en: 'The record was not found.' },
  },
  idempotency_key_required: {
    status: 400,
    message: {
      'zh-CN': '此操作需要 Idempotency-Key 请求头，以防重复扣款。',
      en: 'This operation needs an Idempotency-Key header so it is never done twice.',
    },
  },
  idempotency_key_invalid: {
    status: 400,
    message: {
      'zh-CN': 'Idempotency-Key 格式不正确（1–200 个可见字符）。',
      en: 'The Idempotency-Key must be 1–200 visible characters.',
    },
  },
  idempotency_key_reused: {
    status: 409,
    message: {
      'zh-CN': '该 Idempotency-Key 已用于另一笔不同的请求。',
      en: 'This Idempotency-Key was already used for a different request.',
    },
  },
  idempotency_request_in_progress: {
    status: 409,
    message: {
      'zh-CN': '同一笔请求正在处理中，请稍后再查看结果，不要重复提交。',
      en: 'The same request is still being processed. Check again shortly; do not submit it again.',
    },
  },
  rate_limited: {
    status: 429,
    message: {
      'zh-CN': '操作过于频繁，请稍后再试。',
      en: 'Too many requests. Please wait a moment and try again.',
    },
  },
  service_unavailable: {
    status: 503,
    message: {
      'zh-CN': '系统暂时不可用，请稍后再试。',
      en: 'The system is temporarily unavailable. Please try again shortly.',
    },
  },
  internal_error: {
    status: 500,
    message: {
      'zh-CN': '系统内部错误，请联系管理员并提供请求编号。',
      en: 'Something went wrong on our side. Please contact the administrator with the request id.',
    },
  },
} as const satisfies Record<string, ErrorDefinition>;

export type ErrorCode = keyof typeof errorCatalogue;

export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(errorCatalogue, code);
}

export function errorStatus(code: ErrorCode): number {
  return errorCatalogue[code].status;
}

export function errorMessage(code: ErrorCode, locale: Locale): string {
  return errorCatalogue[code].message[locale];
}

/**
 * A failure the caller can act on. Services throw it; the server's one error handler turns it into
 * `{ error: { code, message, details } }` with the catalogue's status and the caller's language.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;
  readonly headers: Record<string, string>;

  constructor(
    code: ErrorCode,
    options: { details?: unknown; headers?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(
      errorCatalogue[code].message.en,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = 'AppError';
    this.code = code;
    this.details = options.details;
    this.headers = options.headers ?? {};
  }

  get status(): number {
    return errorStatus(this.code);
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}
