import { afterEach, describe, expect, it } from 'vitest';
import { readCspNonce, stampNonceOnInsertedStyles } from './csp';
import { renderApp } from './test/render';

function setNonceMeta(content: string | undefined): void {
  document.head.querySelector('meta[name="admit-csp-nonce"]')?.remove();
  if (content === undefined) return;
  const meta = document.createElement('meta');
  meta.name = 'admit-csp-nonce';
  meta.content = content;
  document.head.append(meta);
}

describe('CSP nonce', () => {
  afterEach(() => setNonceMeta(undefined));

  it('reads the nonce the server put into the meta tag', () => {
    setNonceMeta('r4nd0mN0nce+/=');
    expect(readCspNonce()).toBe('r4nd0mN0nce+/=');
  });

  it('ignores a missing meta tag and the unreplaced placeholder', () => {
    expect(readCspNonce()).toBeUndefined();
    setNonceMeta('__ADMIT_CSP_NONCE__');
    expect(readCspNonce()).toBeUndefined();
    setNonceMeta('');
    expect(readCspNonce()).toBeUndefined();
  });

  it("puts the nonce on Ant Design's runtime style tags", async () => {
    const { findByRole } = renderApp({ cspNonce: 'test-nonce-123' });
    await findByRole('heading', { level: 1 });
    const styles = [...document.head.querySelectorAll('style')];
    expect(styles.length).toBeGreaterThan(0);
    for (const style of styles) expect(style.nonce).toBe('test-nonce-123');
  });

  it("stamps the nonce on style tags inserted without one (the dialogs' scroll locker)", () => {
    stampNonceOnInsertedStyles('page-nonce');
    const appended = document.createElement('style');
    document.head.appendChild(appended);
    const inserted = document.createElement('style');
    document.head.insertBefore(inserted, document.head.firstChild);
    const own = document.createElement('style');
    own.nonce = 'own-nonce';
    document.head.appendChild(own);
    const div = document.createElement('div');
    document.body.appendChild(div);
    try {
      expect(appended.nonce).toBe('page-nonce');
      expect(inserted.nonce).toBe('page-nonce');
      expect(own.nonce).toBe('own-nonce');
      expect(div.hasAttribute('nonce')).toBe(false);
    } finally {
      for (const node of [appended, inserted, own, div]) node.remove();
    }
  });
});
