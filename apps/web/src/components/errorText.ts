// Turns a failed request into a sentence for the user.
import type { TFunction } from 'i18next';
import { ApiError, CLIENT_ERROR_CODES } from '../api/client';

export function errorText(error: unknown, t: TFunction): string {
  if (error instanceof ApiError) {
    if (error.code === CLIENT_ERROR_CODES.network) return t('errors.network');
    if (error.code === CLIENT_ERROR_CODES.badResponse) return t('errors.unexpected');
    return error.message;
  }
  return t('errors.unexpected');
}
