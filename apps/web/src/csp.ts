// The server puts a fresh CSP nonce into <meta name="admit-csp-nonce"> of index.html on every request.
// Runtime-injected <style> tags (Ant Design's CSS-in-JS) must carry it to pass `style-src 'nonce-…'`.
export const CSP_NONCE_META_NAME = 'admit-csp-nonce';

/**
 * The nonce, or undefined when absent or still the unreplaced placeholder (`__ADMIT_CSP_NONCE__`, as
 * served by the Vite dev server, which sends no CSP).
 */
export function readCspNonce(doc: Document = document): string | undefined {
  const meta = doc.querySelector<HTMLMetaElement>(`meta[name="${CSP_NONCE_META_NAME}"]`);
  const content = meta?.content.trim() ?? '';
  if (content === '' || isPlaceholder(content)) return undefined;
  return content;
}

function isPlaceholder(value: string): boolean {
  return value.startsWith('__') && value.endsWith('__');
}
