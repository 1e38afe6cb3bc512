// The counter's remembered choices (site, paper width) in this browser; private browsing that refuses
// storage only loses the memory, never the choice itself.
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
