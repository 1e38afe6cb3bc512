// The start page in a real Chromium against the real server (`admit start`, embedded database):
// Chinese by default, English by keyboard, the choice remembered, and no console errors or CSP
// violations under the production CSP (no inline scripts; Ant Design styles carry the nonce).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissingReason, launchChromium, watchForProblems } from './chromium';
import { REPO_ROOT, startAdmit, type RunningAdmit } from './server';

const SCREENSHOTS = join(REPO_ROOT, 'tmp/screenshots');

async function headingText(page: Page): Promise<string> {
  return ((await page.getByRole('heading', { level: 1 }).textContent()) ?? '').trim();
}

async function htmlLang(page: Page): Promise<string | null> {
  return page.locator('html').getAttribute('lang');
}

/** Tab through the page until the language switch has focus, as a keyboard user would. */
async function tabTo(page: Page, testId: string, maxTabs = 20): Promise<void> {
  for (let i = 0; i < maxTabs; i++) {
    await page.keyboard.press('Tab');
    if (
      (await page
        .locator(':focus')
        .getAttribute('data-testid')
        .catch(() => null)) === testId
    )
      return;
  }
  throw new Error(`[data-testid="${testId}"] never received focus after ${maxTabs} Tab presses`);
}

describe.skipIf(chromiumMissingReason !== undefined)('start page (Chromium)', () => {
  let admit: RunningAdmit | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    [admit, browser] = await Promise.all([startAdmit(), launchChromium()]);
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await admit?.stop();
  });

  it('is Chinese by default, switches to English by keyboard and remembers it', async () => {
    if (admit === undefined || browser === undefined) throw new Error('setup failed');
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const { problems } = watchForProblems(page);

    const response = await page.goto(admit.url);
    expect(response?.status()).toBe(200);
    const csp = response?.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("'unsafe-inline'");

    // Chinese, with the server's facts loaded.
    await page.getByRole('heading', { level: 1, name: 'Admit 票务平台' }).waitFor();
    expect(await htmlLang(page)).toBe('zh-CN');
    await page.getByTestId('readiness').getByText('就绪').waitFor();
    expect(await page.getByTestId('database-engine').textContent()).toContain('内置数据库');
    expect((await page.getByTestId('version').textContent())?.trim()).toMatch(/^\d+\.\d+\.\d+/);
    for (const area of ['售票', '检票', '票务配置', '订单', '财务', '报表', '系统管理']) {
      await page.getByRole('heading', { level: 3, name: area }).waitFor();
    }
    expect(await page.getByText('即将推出').count()).toBe(1);
    expect(await page.getByText('已上线（登录后使用）').count()).toBe(6);
    expect(await page.getByRole('link', { name: 'API 文档' }).getAttribute('href')).toBe('/api/docs');
    // No inline scripts; Ant Design's runtime <style> tags all carry this response's style nonce.
    expect(await page.locator('script:not([src])').count()).toBe(0);
    const styleNonce = /style-src [^;]*'nonce-([^']+)'/.exec(csp)?.[1];
    expect(styleNonce, `no style nonce in CSP: ${csp}`).toBeDefined();
    const nonces = await page.evaluate<string[]>(
      `Array.from(document.querySelectorAll('style'), (s) => s.nonce)`,
    );
    expect(nonces.length).toBeGreaterThan(0);
    expect(new Set(nonces)).toEqual(new Set([styleNonce]));
    await page.screenshot({ path: join(SCREENSHOTS, 'start-page-zh.png'), fullPage: true });

    // Keyboard: Tab to the switch and press Enter.
    await tabTo(page, 'locale-switch');
    expect(await page.locator(':focus').textContent()).toBe('English');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Admit Ticketing platform' }).waitFor();
    await page.locator('html[lang="en"]').waitFor({ state: 'attached' });
    await page.getByTestId('readiness').getByText('Ready').waitFor();
    expect(await page.getByText('Coming soon').count()).toBe(1);
    expect(await page.getByText('Available after login').count()).toBe(6);

    // Alt+L toggles back and forth from anywhere on the page.
    await page.keyboard.press('Alt+L');
    await page.getByRole('heading', { level: 1, name: 'Admit 票务平台' }).waitFor();
    expect(await htmlLang(page)).toBe('zh-CN');
    await page.keyboard.press('Alt+L');
    await page.getByRole('heading', { level: 1, name: 'Admit Ticketing platform' }).waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'start-page-en.png'), fullPage: true });

    // The choice survives a reload.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Admit Ticketing platform' }).waitFor();
    expect(await headingText(page)).toBe('Admit Ticketing platform');
    expect(await htmlLang(page)).toBe('en');
    await page.getByTestId('readiness').getByText('Ready').waitFor();

    expect(problems).toEqual([]);
  });

  it('serves the app for client-side paths (SPA fallback) with a not-found page', async () => {
    if (admit === undefined || browser === undefined) throw new Error('setup failed');
    const fresh = await browser.newContext({ locale: 'zh-CN' });
    try {
      const page = await fresh.newPage();
      const { problems } = watchForProblems(page);
      const response = await page.goto(new URL('no/such/page', admit.url).href);
      expect(response?.status()).toBe(200);
      await page.getByRole('heading', { level: 1, name: '页面不存在' }).waitFor();
      expect(await htmlLang(page)).toBe('zh-CN');
      expect(problems).toEqual([]);
    } finally {
      await fresh.close();
    }
  });
});
