// Checks shared by the channel configurations. A configuration is checked once, when its channel is
// built, so a missing secret or a mistyped endpoint is refused at setup — naming the field — rather
// than at the first customer's message.
import { AppError } from '@admit/domain';
import type { Locale, TemplateId } from './channel';

/** An approved provider template per language; English falls back to the Chinese one when absent. */
export type SmsTemplateCodes = { 'zh-CN': string; en?: string };

export function invalidConfig(channel: string, field: string, rule: string): AppError {
  return new AppError('validation_failed', { details: { channel, field, rule } });
}

export function requireText(channel: string, field: string, value: string | undefined): string {
  if (typeof value !== 'string' || value.trim() === '') throw invalidConfig(channel, field, 'required');
  return value;
}

/** https only, except a loopback address (a local fake, or a relay on the same machine). */
export function checkEndpoint(channel: string, field: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalidConfig(channel, field, 'url');
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url.hostname)))
    throw invalidConfig(channel, field, 'https');
  return url.toString().replace(/\/+$/, '');
}

export function isLoopback(host: string): boolean {
  return ['127.0.0.1', 'localhost', '[::1]', '::1'].includes(host);
}

export function checkTimeout(channel: string, value: number | undefined): number {
  const timeoutMs = value ?? 10_000;
  if (!Number.isInteger(timeoutMs) || timeoutMs < 50 || timeoutMs > 120_000)
    throw invalidConfig(channel, 'timeoutMs', 'range_50_120000');
  return timeoutMs;
}

export function checkTemplateCodes(
  channel: string,
  field: string,
  codes: Partial<Record<TemplateId, SmsTemplateCodes>> | undefined,
): Partial<Record<TemplateId, SmsTemplateCodes>> {
  for (const [template, byLocale] of Object.entries(codes ?? {})) {
    if (!byLocale || typeof byLocale['zh-CN'] !== 'string' || byLocale['zh-CN'].trim() === '')
      throw invalidConfig(channel, `${field}.${template}.zh-CN`, 'required');
  }
  return { ...codes };
}

export function templateCode(
  codes: Partial<Record<TemplateId, SmsTemplateCodes>>,
  template: TemplateId,
  locale: Locale,
): string | null {
  const byLocale = codes[template];
  return byLocale ? (byLocale[locale] ?? byLocale['zh-CN']) : null;
}
