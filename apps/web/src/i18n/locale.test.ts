import { afterEach, describe, expect, it, vi } from 'vitest';
import { chooseLocale, createI18n, currentLocale, adoptServerDefaultLocale } from './index';
import { initialLocale, LOCALE_STORAGE_KEY, readStoredLocale } from './locale';
import { isLocaleShortcut } from './hooks';

describe('locale choice', () => {
  afterEach(() => window.localStorage.clear());

  it('starts in zh-CN when nothing is stored and ignores unknown stored values', () => {
    expect(initialLocale()).toBe('zh-CN');
    window.localStorage.setItem(LOCALE_STORAGE_KEY, 'fr');
    expect(initialLocale()).toBe('zh-CN');
    window.localStorage.setItem(LOCALE_STORAGE_KEY, 'en');
    expect(initialLocale()).toBe('en');
  });

  it('survives a storage that throws', () => {
    const broken = {
      getItem: vi.fn(() => {
        throw new Error('SecurityError');
      }),
    } as unknown as Storage;
    expect(readStoredLocale(broken)).toBeUndefined();
  });

  it('remembers an explicit choice and sets <html lang>', async () => {
    const i18n = createI18n('zh-CN');
    expect(document.documentElement.lang).toBe('zh-CN');
    await chooseLocale(i18n, 'en');
    expect(currentLocale(i18n)).toBe('en');
    expect(document.documentElement.lang).toBe('en');
    expect(window.localStorage.getItem(LOCALE_STORAGE_KEY)).toBe('en');
  });

  it('adopts the server default only without a stored choice', async () => {
    const i18n = createI18n('zh-CN');
    await adoptServerDefaultLocale(i18n, 'en');
    expect(currentLocale(i18n)).toBe('en');
    expect(window.localStorage.getItem(LOCALE_STORAGE_KEY)).toBeNull();

    const chosen = createI18n('zh-CN');
    window.localStorage.setItem(LOCALE_STORAGE_KEY, 'zh-CN');
    await adoptServerDefaultLocale(chosen, 'en');
    expect(currentLocale(chosen)).toBe('zh-CN');
  });

  it('recognises Alt+L and nothing else', () => {
    const base = { altKey: true, ctrlKey: false, metaKey: false, shiftKey: false, code: 'KeyL', key: 'l' };
    expect(isLocaleShortcut(base)).toBe(true);
    expect(isLocaleShortcut({ ...base, key: '¬' })).toBe(true);
    expect(isLocaleShortcut({ ...base, altKey: false })).toBe(false);
    expect(isLocaleShortcut({ ...base, ctrlKey: true })).toBe(false);
    expect(isLocaleShortcut({ ...base, code: 'KeyK', key: 'k' })).toBe(false);
  });
});
