// React glue for the language: the current locale, the switch, the Alt+L shortcut, the server default,
// and the logged-in user's remembered language.
import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { meQuery, meQueryKey, updateMyLocale, type MeResponse } from '../api/auth';
import { metaQuery } from '../api/system';
import { replaceMe } from '../auth/session';
import {
  adoptServerDefaultLocale,
  chooseLocale,
  currentLocale,
  otherLocale,
  readStoredLocale,
  type Locale,
} from './index';

export function useLocale(): {
  locale: Locale;
  setLocale: (locale: Locale) => void;
  toggleLocale: () => void;
} {
  const { i18n } = useTranslation();
  const client = useQueryClient();
  const locale = currentLocale(i18n);
  const setLocale = useCallback(
    (next: Locale) => {
      void chooseLocale(i18n, next);
      rememberForUser(client, next);
    },
    [i18n, client],
  );
  const toggleLocale = useCallback(() => setLocale(otherLocale(currentLocale(i18n))), [i18n, setLocale]);
  return { locale, setLocale, toggleLocale };
}

/** A logged-in user's choice is saved on their account, so it follows them to other computers. */
function rememberForUser(client: QueryClient, locale: Locale): void {
  const me = client.getQueryData<MeResponse | null>(meQueryKey);
  if (me === null || me === undefined || me.mustChangePassword || me.locale === locale) return;
  updateMyLocale(locale).then(
    (updated) => replaceMe(client, updated),
    () => undefined, // Not saved: the choice still holds in this browser.
  );
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

/**
 * The language is remembered per user. When a user logs in (or an open session is found), their saved
 * language applies. A user without one who chose a language in this browser (on the login page, say)
 * gets that choice saved, once they are past any forced password change.
 */
export function useUserLocale(): void {
  const { i18n } = useTranslation();
  const client = useQueryClient();
  const { data: me } = useQuery(meQuery);
  const appliedFor = useRef<string | null>(null);
  const savedFor = useRef<string | null>(null);
  useEffect(() => {
    if (me === undefined) return;
    if (me === null) {
      appliedFor.current = null;
      savedFor.current = null;
      return;
    }
    if (appliedFor.current !== me.id) {
      appliedFor.current = me.id;
      if (me.locale !== null && me.locale !== currentLocale(i18n)) void chooseLocale(i18n, me.locale);
    }
    if (!me.mustChangePassword && savedFor.current !== me.id) {
      savedFor.current = me.id;
      const chosen = readStoredLocale();
      if (me.locale === null && chosen !== undefined) rememberForUser(client, chosen);
    }
  }, [me, i18n, client]);
}
