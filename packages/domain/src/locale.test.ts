import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { negotiateLocale } from './locale';

describe('negotiateLocale', () => {
  it('picks by quality, mapping any Chinese or English tag', () => {
    expect(negotiateLocale('en-US,en;q=0.9,zh;q=0.8')).toBe('en');
    expect(negotiateLocale('zh-TW;q=0.5, en;q=0.4')).toBe('zh-CN');
    expect(negotiateLocale('fr, en;q=0.1')).toBe('en');
    expect(negotiateLocale('fr', 'en')).toBe('en');
    expect(negotiateLocale(undefined)).toBe('zh-CN');
    expect(negotiateLocale('en;q=0, zh')).toBe('zh-CN');
  });

  it('never throws and always returns a supported language', () => {
    fc.assert(
      fc.property(fc.string(), (header) => {
        expect(['zh-CN', 'en']).toContain(negotiateLocale(header));
      }),
    );
  });
});
