// The counter's remembered choices (site, paper width) in this browser; private browsing that refuses
// storage only loses the memory, never the choice itself.

/** The counter's site: the sell screen, the look-up and the shift close share it. */
export const SITE_KEY = 'admit.sell.site';
/** The thermal paper's width (80 or 58 mm). */
export const LAYOUT_KEY = 'admit.sell.paper';
export function readStored(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

export function store(key: string, value: string): void {
  try {
    window.localStorage.setItem(key, value);
  } catch {
    // The choice holds until the page is reloaded.
  }
}
