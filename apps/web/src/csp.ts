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

let stampedNonce: string | undefined;

/**
 * Ant Design's own runtime styles get the nonce through ConfigProvider, but a few helpers underneath
 * insert <style> tags without one — notably the scroll locker of every modal and drawer
 * (@rc-component/util's updateCSS) — which the CSP then blocks. Rather than weaken the policy, style
 * elements the app's own scripts insert get this page's nonce. Only DOM insertion from our bundle
 * passes here (script-src 'self'); markup parsed from strings does not.
 */
export function stampNonceOnInsertedStyles(nonce: string): void {
  if (stampedNonce !== undefined) {
    stampedNonce = nonce;
    return;
  }
  stampedNonce = nonce;
  const stamp = (node: Node) => {
    if (node instanceof HTMLStyleElement && node.nonce === '' && stampedNonce !== undefined) {
      node.nonce = stampedNonce;
    }
  };
  /* eslint-disable @typescript-eslint/unbound-method -- wrapped and called with the original receiver */
  const { appendChild, insertBefore } = Node.prototype;
  /* eslint-enable @typescript-eslint/unbound-method */
  Node.prototype.appendChild = function <T extends Node>(this: Node, node: T): T {
    stamp(node);
    return appendChild.call(this, node) as T;
  };
  Node.prototype.insertBefore = function <T extends Node>(this: Node, node: T, child: Node | null): T {
    stamp(node);
    return insertBefore.call(this, node, child) as T;
  };
}
