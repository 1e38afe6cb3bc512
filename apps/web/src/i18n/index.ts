// The i18next instance: resources are bundled TS objects, so initialisation is synchronous.
import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { setRequestLocale } from '../api/client';
import { en } from './en';
import { FALLBACK_LOCALE, isLocale, LOCALES, readStoredLocale, storeLocale, type Locale } from './locale';
import { zhCN, type Messages } from './zh-CN';

export * from './locale';
export type { I18n, Messages };

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Messages };
  }
}

export const resources = {
  'zh-CN': { translation: zhCN },
  en: { translation: en },
} satisfies Record<Locale, { translation: Messages }>;

/**
 * A fresh instance per app (and per test). Keeps `<html lang>` and the document title in step with the
 * language when a document is present.
 */
export function createI18n(locale: Locale): I18n {
  const instance = i18next.createInstance();
  instance.on('languageChanged', (lng) => {
    // The server answers (error messages included) in the language the user reads.
    setRequestLocale(lng);
    if (typeof document === 'undefined') return;
    document.documentElement.lang = lng;
    document.title = instance.t('app.documentTitle');
  });
  void instance.use(initReactI18next).init({
    resources,
    lng: locale,
    fallbackLng: FALLBACK_LOCALE,
    supportedLngs: [...LOCALES],
    interpolation: { escapeValue: false }, // React escapes
    initAsync: false,
  });
  return instance;
}

export function currentLocale(instance: I18n): Locale {
  const lng = instance.resolvedLanguage ?? instance.language;
  return isLocale(lng) ? lng : FALLBACK_LOCALE;
}

/** The user's explicit choice: shown at once and remembered for the next visit. */
export async function chooseLocale(instance: I18n, locale: Locale): Promise<void> {
  storeLocale(locale);
  await instance.changeLanguage(locale);
}

/** The server's default applies only while the user has not chosen a language. */
export async function adoptServerDefaultLocale(instance: I18n, serverDefault: Locale): Promise<void> {
  if (readStoredLocale() !== undefined) return;
  if (currentLocale(instance) === serverDefault) return;
  await instance.changeLanguage(serverDefault);
}
