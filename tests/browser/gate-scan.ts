// The gate screen as a test drives it: where the focus is, and a keyboard-wedge scan with its answer.
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** Polled from here: the app's CSP (no 'unsafe-eval') refuses predicates evaluated in the page. */
export async function waitForFocusOn(page: Page, testId: string): Promise<void> {
  await expect
    .poll(() =>
      page.evaluate<string | null>(
        `document.activeElement === null ? null : document.activeElement.getAttribute('data-testid')`,
      ),
    )
    .toBe(testId);
}

export type Shown = { result: string; text: string; offline: boolean };

/**
 * What a keyboard-wedge scanner (or an ID-card reader) does: types the text into whatever has the
 * focus — the gate input, which must have it — and Enter. Returns the answer the screen shows.
 */
export async function wedgeScan(page: Page, text: string): Promise<Shown> {
  await waitForFocusOn(page, 'gate-input');
  const before = Number((await page.getByTestId('gate-result').getAttribute('data-seq')) ?? '0');
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
  const result = page.locator(`[data-testid="gate-result"][data-seq="${before + 1}"]`);
  await result.waitFor();
  await waitForFocusOn(page, 'gate-input');
  return {
    result: (await result.getAttribute('data-result')) ?? '',
    text: (await result.textContent()) ?? '',
    offline: (await result.getAttribute('data-offline')) === 'true',
  };
}
