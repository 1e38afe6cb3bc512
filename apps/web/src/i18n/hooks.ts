// React glue for the language: the current locale, the switch, the Alt+L shortcut and the server default.
import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { metaQuery } from '../api/system';
import { adoptServerDefaultLocale, chooseLocale, currentLocale, otherLocale, type Locale } from './index';

export function useLocale(): {
  locale: Locale;
  setLocale: (locale: Locale) => void;
  toggleLocale: () => void;
} {
  const { i18n } = useTranslation();
  const locale = currentLocale(i18n);
  const setLocale = useCallback((next: Locale) => void chooseLocale(i18n, next), [i18n]);
  const toggleLocale = useCallback(() => void chooseLocale(i18n, otherLocale(currentLocale(i18n))), [i18n]);
  return { locale, setLocale, toggleLocale };
}

type ShortcutKeyEvent = Pick<KeyboardEvent, 'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'code' | 'key'>;

/** Alt+L. Matched on the physical key too, because on macOS Option+L types "¬". */
export function isLocaleShortcut(event: ShortcutKeyEvent): boolean {
  if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return false;
  return event.code === 'KeyL' || event.key.toLowerCase() === 'l';
}

export function useLocaleShortcut(): void {
  const { toggleLocale } = useLocale();
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.repeat || !isLocaleShortcut(event)) return;
      event.preventDefault();
      toggleLocale();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [toggleLocale]);
}

/** Until the user picks a language, follow the server's configured default. */
export function useServerDefaultLocale(): void {
  const { i18n } = useTranslation();
  const { data } = useQuery(metaQuery);
  const serverDefault = data?.defaultLocale;
  useEffect(() => {
    if (serverDefault !== undefined) void adoptServerDefaultLocale(i18n, serverDefault);
  }, [i18n, serverDefault]);
}
