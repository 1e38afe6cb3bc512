// Turns a failed request into a sentence for the user.
import { errorMessage, isErrorCode } from '@admit/domain';
import type { TFunction } from 'i18next';
import { ApiError, CLIENT_ERROR_CODES } from '../api/client';
import type { Locale } from '../i18n/index';

export function errorText(error: unknown, t: TFunction): string {
  if (error instanceof ApiError) {
    if (error.code === CLIENT_ERROR_CODES.network) return t('errors.network');
    if (error.code === CLIENT_ERROR_CODES.badResponse) return t('errors.unexpected');
    return error.message;
  }
  return t('errors.unexpected');
}

/** An error code met outside a failed request (a bulk refund's report, a policy preview) in words. */
export function codeText(code: string, locale: Locale): string {
  return isErrorCode(code) ? errorMessage(code, locale) : code;
}
