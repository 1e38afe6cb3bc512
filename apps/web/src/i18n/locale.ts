// Which language the UI shows: the user's remembered choice first, then the server's default, then zh-CN.
import type { Locale } from '@admit/contracts';

export type { Locale };

export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];
export const FALLBACK_LOCALE: Locale = 'zh-CN';
export const LOCALE_STORAGE_KEY = 'admit.locale';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

export function otherLocale(locale: Locale): Locale {
  return locale === 'zh-CN' ? 'en' : 'zh-CN';
}

/** The remembered choice, or undefined when there is none (or storage is unavailable, e.g. blocked). */
export function readStoredLocale(storage: Storage | undefined = safeLocalStorage()): Locale | undefined {
  try {
    const value = storage?.getItem(LOCALE_STORAGE_KEY);
    return isLocale(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

export function storeLocale(locale: Locale, storage: Storage | undefined = safeLocalStorage()): void {
  try {
    storage?.setItem(LOCALE_STORAGE_KEY, locale);
  } catch {
    // Storage full or blocked: the choice lasts for this page only.
  }
}

/** The language to start with before the server has answered. */
export function initialLocale(storage?: Storage): Locale {
  return readStoredLocale(storage) ?? FALLBACK_LOCALE;
}

function safeLocalStorage(): Storage | undefined {
  try {
    return typeof window === 'undefined' ? undefined : window.localStorage;
  } catch {
    return undefined;
  }
}
