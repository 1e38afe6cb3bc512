// The payment providers screen (支付通道), in a real Chromium against the real server (`admit start`,
// embedded database, fresh data folder with the demo, its public address set as in production). This
// test process runs a payment simulator of its own: the provider the server reaches. The first
// administrator opens 支付通道 for 云山风景区 and, by keyboard, configures the simulator with its
// address, its secret and merchant SIM-MERCHANT: saved, the secret never on the page nor in any answer
// the page received, only its last four characters; "test connection" is green. Saving again with the
// secret left empty keeps it (its hint stays, the test is still green); a wrong secret turns the test
// red. The notification address is the server's public address of that account. An Alipay account
// with a broken private key is refused with the reason next to that field and nothing is saved. Then
// the page in English, and the simulator drills switched on and off.
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { startPaymentSimulator, type RunningSimulator } from '@admit/services';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiFor } from './api';
import { chromiumMissingReason, launchChromium, watchForProblems } from './chromium';
import { logInAsFirstAdmin, pressEnterOn } from './first-admin';
import { REPO_ROOT, startAdmit, type RunningAdmit } from './server';

const SCREENSHOTS = join(REPO_ROOT, 'tmp/screenshots');
const ADMIN_PASSWORD = 'Payment-Keeper-2026!';
const SITE_NAME = '云山风景区';
const WRONG_SECRET = 'not-the-simulator-secret-XY12';

type Account = {
  id: string;
  provider: string;
  label: string;
  secretHints: Record<string, string>;
  notifyUrl: string;
};

/** Chromium logs every 4xx answer; the broken Alipay key is refused on purpose, nothing else may fail. */
function isDeliberateRefusal(problem: string): boolean {
  return problem.includes('status of 400') && problem.includes('/payment-accounts/alipay');
}

/** A free port, so the server's public address (ADMIT_PUBLIC_URL) can be known before it starts. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** Types into an Ant Design select with the keyboard and picks the highlighted option. */
async function choose(page: Page, selector: string, text: string): Promise<void> {
  await page.locator(selector).focus();
  await page.keyboard.type(text);
  await page.locator('.ant-select-item-option-active', { hasText: text }).waitFor();
  await page.keyboard.press('Enter');
}

/** Replaces a field's text by keyboard: focus, select all, type. */
async function retype(page: Page, selector: string, text: string): Promise<void> {
  await page.locator(selector).focus();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(text);
}

/** Opens a provider's drawer from its card with the keyboard. */
async function openForm(page: Page, provider: string): Promise<void> {
  await pressEnterOn(page, `payment-edit-${provider}`);
  await page.getByTestId(`payment-form-${provider}`).waitFor();
}

/** Enter in a one-line field submits the drawer's form; the drawer closes once saved. */
async function submitWithEnter(page: Page, provider: string): Promise<void> {
  await page.keyboard.press('Enter');
  await page.getByTestId(`payment-form-${provider}`).waitFor({ state: 'detached' });
}

/** "Test connection" by keyboard; returns whether the card shows it green, and its text. */
async function testConnection(page: Page, provider: string): Promise<{ ok: boolean; text: string }> {
  const answered = page.waitForResponse(
    (response) => response.request().method() === 'POST' && response.url().endsWith('/test'),
  );
  await pressEnterOn(page, `payment-test-${provider}`);
  await answered;
  const result = page.getByTestId(`payment-test-result-${provider}`);
  await result.waitFor();
  return {
    ok: (await result.getAttribute('data-ok')) === 'true',
    text: (await result.textContent()) ?? '',
  };
}

function hintOf(secret: string): string {
  return `••••${secret.slice(-4)}`;
}

describe.skipIf(chromiumMissingReason !== undefined)('payment providers (Chromium)', () => {
  let admit: RunningAdmit | undefined;
  let browser: Browser | undefined;
  let simulator: RunningSimulator | undefined;
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const port = await freePort();
    [admit, browser, simulator] = await Promise.all([
      startAdmit({ port, env: { ADMIT_PUBLIC_URL: `http://127.0.0.1:${port}` } }),
      launchChromium(),
      startPaymentSimulator({ merchantId: 'SIM-MERCHANT' }),
    ]);
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await simulator?.close();
    await admit?.stop();
  });

  it('configures the simulator with a write-only secret, tests the connection, and refuses a broken Alipay key', async () => {
    if (admit === undefined || browser === undefined || simulator === undefined)
      throw new Error('setup failed');
    const started = Date.now();
    const { secret } = simulator;
    context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const { problems } = watchForProblems(page);
    // Every answer of the API the page receives, to look for the secret in afterwards.
    const answers: Promise<{ url: string; body: string }>[] = [];
    page.on('response', (response) => {
      if (!new URL(response.url()).pathname.startsWith('/api/')) return;
      answers.push(
        response.text().then(
          (body) => ({ url: response.url(), body }),
          () => ({ url: response.url(), body: '' }),
        ),
      );
    });
    await logInAsFirstAdmin(page, admit, ADMIN_PASSWORD);
    const api = await apiFor(page, admit.url);
    const { sites } = await api.get<{ sites: { id: string; code: string }[] }>('/api/v1/catalog/sites');
    const siteId = sites.find((site) => site.code === 'YUNSHAN')?.id ?? '';
    const accounts = () => api.get<Account[]>(`/api/v1/sites/${siteId}/payment-accounts`);

    // 支付通道, beside the site's configuration in the navigation; the demo's scenic area.
    await page.getByTestId('nav-payments').click();
    await page.getByRole('heading', { level: 1, name: '支付通道' }).waitFor();
    await choose(page, '#payments-site', SITE_NAME);
    await page.locator(`[data-testid="payment-accounts"][data-site="${siteId}"]`).waitFor();
    expect(await page.getByTestId('payment-status-simulator').getAttribute('data-status')).toBe('none');

    // The simulator, by keyboard: the label has the focus; merchant, address, secret, Enter.
    await openForm(page, 'simulator');
    expect(await page.locator('#secrets_secret').getAttribute('placeholder')).toBeNull();
    await retype(page, '#label', '培训模拟器');
    await retype(page, '#merchantId', 'SIM-MERCHANT');
    await retype(page, '#settings_url', simulator.url);
    await retype(page, '#secrets_secret', secret);
    await submitWithEnter(page, 'simulator');
    await page.locator('[data-testid="payment-status-simulator"][data-status="enabled"]').waitFor();
    expect(await page.getByTestId('payment-hint-simulator-secret').textContent()).toBe(hintOf(secret));
    expect(await page.getByTestId('payment-merchant-simulator').textContent()).toBe('SIM-MERCHANT');
    expect(await page.getByTestId('payment-last-test-simulator').textContent()).toBe('尚未测试');
    // Nowhere on the page: not in its text, not in any attribute or field.
    expect(await page.content()).not.toContain(secret);

    // The notification address: this account's, at the server's public address, with a copy button.
    const [simulatorAccount] = (await accounts()).filter((account) => account.provider === 'simulator');
    if (simulatorAccount === undefined) throw new Error('the simulator account was not saved');
    const notifyUrl = page.getByTestId('payment-notify-url-simulator');
    expect(await notifyUrl.textContent()).toBe(`${admit.url}api/v1/payments/notify/${simulatorAccount.id}`);
    expect(await page.getByTestId('payment-card-simulator').locator('.ant-typography-copy').count()).toBe(1);

    // Test connection: the server signs a call to the simulator with the stored secret — green.
    const first = await testConnection(page, 'simulator');
    expect(first.ok).toBe(true);
    expect(first.text).toContain('连接成功');
    await page.screenshot({ path: join(SCREENSHOTS, 'payments-simulator-zh.png'), fullPage: true });

    // Saved again with only the label changed: the secret field is empty, its hint the placeholder.
    await openForm(page, 'simulator');
    const secretField = page.locator('#secrets_secret');
    expect(await secretField.inputValue()).toBe('');
    expect(await secretField.getAttribute('placeholder')).toBe(`已保存 ${hintOf(secret)}，留空则不变`);
    await retype(page, '#label', '云山模拟通道');
    await submitWithEnter(page, 'simulator');
    await expect.poll(() => page.getByTestId('payment-label-simulator').textContent()).toBe('云山模拟通道');
    expect(await page.getByTestId('payment-hint-simulator-secret').textContent()).toBe(hintOf(secret));
    // The stored secret was kept, not blanked: the connection still works with it.
    expect((await testConnection(page, 'simulator')).ok).toBe(true);

    // A wrong secret: saved (only the simulator can tell), and the test is red with the reason.
    await openForm(page, 'simulator');
    await retype(page, '#secrets_secret', WRONG_SECRET);
    await submitWithEnter(page, 'simulator');
    await expect
      .poll(() => page.getByTestId('payment-hint-simulator-secret').textContent())
      .toBe(hintOf(WRONG_SECRET));
    const wrong = await testConnection(page, 'simulator');
    expect(wrong.ok).toBe(false);
    expect(wrong.text).toContain('连接失败');
    expect(wrong.text).toContain('check the secret');
    await page.screenshot({ path: join(SCREENSHOTS, 'payments-test-failed-zh.png'), fullPage: true });

    // Alipay with a private key that is not one: refused, the reason next to the key, nothing saved.
    const alipayPublicKey = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .publicKey.export({ type: 'spki', format: 'pem' })
      .toString();
    await openForm(page, 'alipay');
    await retype(page, '#merchantId', '2088000000000001');
    await retype(page, '#settings_appId', '2021000000000001');
    await retype(
      page,
      '#secrets_privateKey',
      '-----BEGIN PRIVATE KEY-----\nMIIBroken\n-----END PRIVATE KEY-----',
    );
    await page.locator('#settings_alipayPublicKey').fill(alipayPublicKey);
    const refused = page.waitForResponse((response) => response.url().endsWith('/payment-accounts/alipay'));
    await pressEnterOn(page, 'payment-save');
    const refusal = await refused;
    expect(refusal.status()).toBe(400);
    expect(((await refusal.json()) as { error: { details: unknown } }).error.details).toEqual({
      provider: 'alipay',
      field: 'privateKey',
      rule: 'invalid_key',
    });
    const keyError = page.locator('#secrets_privateKey_help');
    await keyError.getByText('不是有效的 RSA 密钥').waitFor();
    expect(await page.getByTestId('payment-form-alipay').isVisible()).toBe(true);
    await page.screenshot({ path: join(SCREENSHOTS, 'payments-alipay-refused-zh.png') });
    await page.keyboard.press('Escape');
    await page.getByTestId('payment-form-alipay').waitFor({ state: 'detached' });
    expect(await page.getByTestId('payment-status-alipay').getAttribute('data-status')).toBe('none');
    expect((await accounts()).map((account) => account.provider)).toEqual(['simulator']);

    // In English (Alt+L): the same card, the same write-only field.
    await page.keyboard.press('Alt+L');
    await page.getByRole('heading', { level: 1, name: 'Payment providers' }).waitFor();
    expect(await page.getByTestId('payment-status-simulator').textContent()).toBe('Enabled');
    expect(await page.getByTestId('payment-test-result-simulator').textContent()).toContain(
      'Connection failed',
    );
    await openForm(page, 'simulator');
    expect(await page.locator('#secrets_secret').getAttribute('placeholder')).toBe(
      `Saved ${hintOf(WRONG_SECRET)} — leave empty to keep`,
    );
    await page.keyboard.press('Escape');
    await page.getByTestId('payment-form-simulator').waitFor({ state: 'detached' });

    // The drills of the installation's own simulator: two copies of each notification, then off.
    await page.locator('#drills_duplicates').focus();
    await page.keyboard.type('2');
    await page.keyboard.press('Enter');
    const drills = page.getByTestId('drills-result');
    await page.locator('[data-testid="drills-result"][data-state="applied"]').waitFor();
    expect(await drills.textContent()).toContain('Applied to the simulator: 2 copies per attempt.');
    await page.screenshot({ path: join(SCREENSHOTS, 'payments-en.png'), fullPage: true });
    await pressEnterOn(page, 'drills-off');
    await page.locator('[data-testid="drills-result"][data-state="off"]').waitFor();

    // The secret was in no answer the page received, though the hints were.
    const received = await Promise.all(answers);
    expect(received.some(({ body }) => body.includes(hintOf(secret)))).toBe(true);
    expect(received.filter(({ body }) => body.includes(secret)).map(({ url }) => url)).toEqual([]);
    expect(await page.content()).not.toContain(secret);
    expect(problems.filter((problem) => !isDeliberateRefusal(problem))).toEqual([]);
    console.info(`[payments] scenario took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });
});
