// Launches the system's Chromium (Debian package) through playwright-core. Never downloads a browser.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env['ADMIT_CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** Why browser tests cannot run here, or undefined when they can. */
export const chromiumMissingReason: string | undefined = existsSync(CHROMIUM_PATH)
  ? undefined
  : `Chromium not found at ${CHROMIUM_PATH} (install the Debian package "chromium" or set ADMIT_CHROMIUM_PATH); browser tests are skipped.`;

if (chromiumMissingReason !== undefined) console.warn(`[browser tests] ${chromiumMissingReason}`);

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * Collects what must never happen on a page: console errors (Chromium logs CSP violations and failed
 * loads there), uncaught exceptions, and CSP violations reported by the document itself.
 */
export function watchForProblems(page: Page): { problems: string[] } {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') {
      const { url, lineNumber } = message.location();
      problems.push(`console.error: ${message.text()}${url ? ` (${url}:${lineNumber})` : ''}`);
    }
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.stack ?? error.message}`));
  page.on('crash', () => problems.push('page crashed'));
  // Init scripts run outside the page's CSP; the listener reports violations even if the console is quiet.
  void page.addInitScript(`
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error('CSP violation: ' + event.violatedDirective + ' blocked ' + (event.blockedURI || 'inline') +
        ' at ' + event.sourceFile + ':' + event.lineNumber);
    });
  `);
  return { problems };
}
