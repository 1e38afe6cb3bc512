// One HTTP call to an SMS provider with a deadline. It never throws: no answer at all (a timeout, a
// refused connection) comes back as `answered: false`, which is retryable — though the provider may
// have taken the message before the line went quiet, so a retry can send it twice.
import { failed, type SendResult } from './channel';

export type ProviderAnswer =
  | { answered: true; status: number; json: Record<string, unknown> | null }
  | { answered: false; problem: 'timeout' | 'network'; detail: string };

export async function callProvider(
  url: string,
  init: RequestInit,
  timeoutMs: number,
): Promise<ProviderAnswer> {
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    const text = await response.text();
    return { answered: true, status: response.status, json: jsonObject(text) };
  } catch (error) {
    const timeout = error instanceof Error && error.name === 'TimeoutError';
    const cause =
      error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
    return {
      answered: false,
      problem: timeout ? 'timeout' : 'network',
      detail: timeout ? `${timeoutMs} ms` : cause,
    };
  }
}

function jsonObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

export function unanswered(provider: string, answer: { problem: string; detail: string }): SendResult {
  return failed(true, answer.problem, `${provider}: no answer (${answer.problem}: ${answer.detail})`);
}

/** An answer that is not the provider's JSON (a proxy's error page): retry; the provider may be down. */
export function unreadable(provider: string, status: number): SendResult {
  return failed(true, `http_${status}`, `${provider}: unreadable answer (HTTP ${status})`);
}

export function textField(json: Record<string, unknown> | null | undefined, name: string): string | null {
  const value = json?.[name];
  return typeof value === 'string' ? value : null;
}

/** Provider messages go into the outbox and the admin view: keep them to one readable line. */
export function shortReason(provider: string, code: string, message: string | null): string {
  const text = (message ?? '').replace(/\s+/g, ' ').trim();
  return `${provider}: ${code}${text ? ` — ${text.length > 200 ? `${text.slice(0, 200)}…` : text}` : ''}`;
}
