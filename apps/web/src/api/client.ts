// A small JSON client for our own API. Failures become ApiError with the server's error code, so
// components can show a message without knowing HTTP details.
import './zod-config';
import { authCookies, csrfHeader, errorBodySchema } from '@admit/contracts';

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
  /** Further request headers, e.g. `Idempotency-Key` on a sale. */
  headers?: Record<string, string>;
}

/** For 204 answers (logout, delete). */
export const noContent: ResponseSchema<undefined> = {
  safeParse: () => ({ success: true, data: undefined }),
};

/** Header naming the UI language, so the server answers error messages in it. */
export const LOCALE_HEADER = 'X-Admit-Locale';

let requestLocale: string | undefined;
let csrfTokenFromSession: string | undefined;

/** Called whenever the UI language changes. */
export function setRequestLocale(locale: string): void {
  requestLocale = locale;
}

/** The token from /auth/me, used when the CSRF cookie cannot be read (the cookie wins when present). */
export function setCsrfToken(token: string | undefined): void {
  csrfTokenFromSession = token;
}

function csrfToken(): string | undefined {
  return readCookie(authCookies.csrf) ?? csrfTokenFromSession;
}

/** A cookie readable by scripts (the CSRF cookie is; the session cookie is HttpOnly and is not). */
export function readCookie(name: string): string | undefined {
  if (typeof document === 'undefined') return undefined;
  for (const part of document.cookie.split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) {
      const raw = value.join('=');
      try {
        return raw === '' ? undefined : decodeURIComponent(raw);
      } catch {
        return raw;
      }
    }
  }
  return undefined;
}

async function send(path: string, options: RequestOptions, accept: string): Promise<Response> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { Accept: accept, ...options.headers };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (requestLocale !== undefined) headers[LOCALE_HEADER] = requestLocale;
  // Double-submit CSRF protection: state-changing requests echo the readable cookie in a header.
  const token = method === 'GET' ? undefined : csrfToken();
  if (token !== undefined) headers[csrfHeader] = token;
  try {
    return await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? null : JSON.stringify(options.body),
      signal: options.signal ?? null,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(CLIENT_ERROR_CODES.network, `Network error on ${path}`, { cause });
  }
}

/** A binary answer (a PDF to print); failures carry the server's error as for JSON requests. */
export async function apiBlob(path: string, options: RequestOptions = {}): Promise<Blob> {
  const response = await send(path, options, 'application/pdf, application/json');
  if (!response.ok) throw errorFromResponse(path, response, await readJson(response));
  return response.blob();
}

export async function apiRequest<T>(
  path: string,
  schema: ResponseSchema<T>,
  options: RequestOptions = {},
): Promise<T> {
  const response = await send(path, options, 'application/json');
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

/** True for the errors that mean "nobody is logged in (any more)". */
export function isSessionEnded(error: unknown): boolean {
  return (
    error instanceof ApiError &&
    error.status === 401 &&
    (error.code === 'authentication_required' || error.code === 'session_expired')
  );
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
