// A small JSON client for our own API. Failures become ApiError with the server's error code, so
// components can show a message without knowing HTTP details.
import './zod-config';
import { errorBodySchema } from '@admit/contracts';

/** Codes the client itself produces; all other codes come from the server's error catalogue. */
export const CLIENT_ERROR_CODES = {
  network: 'NETWORK_ERROR',
  badResponse: 'BAD_RESPONSE',
  http: 'HTTP_ERROR',
} as const;

export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly code: string;
  /** HTTP status, or 0 when no response arrived. */
  readonly status: number;
  readonly details: unknown;
  readonly requestId: string | undefined;

  constructor(
    code: string,
    message: string,
    options: { status?: number; details?: unknown; requestId?: string | undefined; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = options.status ?? 0;
    this.details = options.details;
    this.requestId = options.requestId;
  }
}

/** What the client needs from a response schema; every zod schema from @admit/contracts fits. */
export interface ResponseSchema<T> {
  safeParse(data: unknown): { success: true; data: T } | { success: false; error: { issues: unknown } };
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal | undefined;
  /** Non-2xx statuses whose body is a regular response (e.g. 503 from /readyz). */
  acceptStatuses?: readonly number[];
}

export async function apiRequest<T>(
  path: string,
  schema: ResponseSchema<T>,
  options: RequestOptions = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';

  let response: Response;
  try {
    response = await fetch(path, {
      method: options.method ?? 'GET',
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? null : JSON.stringify(options.body),
      signal: options.signal ?? null,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(CLIENT_ERROR_CODES.network, `Network error on ${path}`, { cause });
  }

  const body = await readJson(response);
  const accepted = response.ok || (options.acceptStatuses ?? []).includes(response.status);
  if (!accepted) throw errorFromResponse(path, response, body);

  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new ApiError(CLIENT_ERROR_CODES.badResponse, `Unexpected response from ${path}`, {
      status: response.status,
      details: parsed.error.issues,
    });
  }
  return parsed.data;
}

export function apiGet<T>(
  path: string,
  schema: ResponseSchema<T>,
  options: Omit<RequestOptions, 'method' | 'body'> = {},
): Promise<T> {
  return apiRequest(path, schema, { ...options, method: 'GET' });
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function errorFromResponse(path: string, response: Response, body: unknown): ApiError {
  const parsed = errorBodySchema.safeParse(body);
  if (parsed.success) {
    const { code, message, details, requestId } = parsed.data.error;
    return new ApiError(code, message, { status: response.status, details, requestId });
  }
  return new ApiError(CLIENT_ERROR_CODES.http, `HTTP ${response.status} from ${path}`, {
    status: response.status,
  });
}
