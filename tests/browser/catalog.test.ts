// The catalog issue's acceptance test, in a real Chromium against the real server (`admit start`,
// embedded database, fresh data folder with the demo). The first administrator opens 票务配置 for
// 云山风景区, creates a night-tour ticket type, generates a week of evening slots for it through the
// preview, finds them on the sessions calendar, and asks the price explainer why a child's ticket on a
// national holiday is free and what an adult pays that day. In Chinese, mostly by keyboard, with no
// console errors or CSP violations.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { addDays, businessDate } from '@admit/domain';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissingReason, launchChromium, watchForProblems } from './chromium';
import { logInAsFirstAdmin, pressEnterOn } from './first-admin';
import { REPO_ROOT, startAdmit, type RunningAdmit } from './server';

const SCREENSHOTS = join(REPO_ROOT, 'tmp/screenshots');
const ADMIN_PASSWORD = 'Catalog-Keeper-2026!';
/**
 * A national holiday in the demo's example calendar (元旦). The demo's price version starts on 1 January
 * of the year it is loaded and has no end, so this date is covered whether the test runs in 2026 or 2027.
 */
const HOLIDAY = '2027-01-01';

/** Lets a drawer or dialog finish its opening animation before a picture is taken. */
async function settle(page: Page): Promise<void> {
  await expect
    .poll(() =>
      page.locator('.ant-modal[class*="zoom"], .ant-drawer-content-wrapper[class*="motion"]').count(),
    )
    .toBe(0);
}

async function openTab(page: Page, name: string): Promise<void> {
  await page.getByRole('tab', { name, exact: true }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('tab', { name, exact: true, selected: true }).waitFor();
}

/** Types into an Ant Design select with the keyboard and picks the highlighted option. */
async function choose(page: Page, selector: string, text: string): Promise<void> {
  await page.locator(selector).focus();
  await page.keyboard.type(text);
  await page.locator('.ant-select-item-option-active', { hasText: text }).waitFor();
  await page.keyboard.press('Enter');
}

describe.skipIf(chromiumMissingReason !== undefined)('catalog (Chromium)', () => {
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

  it('creates a ticket type, generates its sessions through a preview, and explains holiday prices', async () => {
    if (admit === undefined || browser === undefined) throw new Error('setup failed');
    context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const { problems } = watchForProblems(page);
    await logInAsFirstAdmin(page, admit, ADMIN_PASSWORD);

    // 1. 票务配置 by its shortcut, then the scenic area.
    await page.keyboard.press('Alt+3');
    await page.getByRole('heading', { level: 1, name: '票务配置' }).waitFor();
    await page.getByTestId('site-form').waitFor();
    await choose(page, '#catalog-site', '云山风景区');
    await page.locator('.ant-select-content[title="云山风景区 (YUNSHAN)"]').waitFor();
    await page.getByTestId('site-form').getByLabel('中文名称').waitFor();
    expect(await page.getByTestId('site-form').getByLabel('中文名称').inputValue()).toBe('云山风景区');
    await page.screenshot({ path: join(SCREENSHOTS, 'catalog-site-zh.png'), fullPage: true });

    // 2. A new ticket type: 夜游票, adult, ¥80.
    await openTab(page, '票种');
    await page.getByTestId('product-ADULT').waitFor();
    await pressEnterOn(page, 'new-product');
    const drawer = page.locator('.ant-drawer-body');
    await drawer.getByLabel('票种代码').focus();
    await page.keyboard.type('NIGHT');
    await drawer.getByLabel('中文名称').fill('夜游票');
    await drawer.getByLabel('英文名称').fill('Night tour');
    expect(await drawer.locator('.ant-select-content[title="成人"]').count()).toBe(1);
    await drawer.getByLabel('票面价').fill('80');
    await settle(page);
    await page.screenshot({ path: join(SCREENSHOTS, 'catalog-new-product-zh.png') });
    await page.keyboard.press('Enter');
    const nightRow = page.getByRole('row').filter({ has: page.getByTestId('product-NIGHT') });
    await nightRow.waitFor();
    await drawer.waitFor({ state: 'detached' });
    const rowText = (await nightRow.textContent()) ?? '';
    expect(rowText).toContain('夜游票');
    expect(rowText).toContain('成人');
    expect(rowText).toContain('¥80.00');
    await page.screenshot({ path: join(SCREENSHOTS, 'catalog-products-zh.png'), fullPage: true });

    // 3. Seven days of hourly evening slots for it, 18:00–20:00, after a preview.
    const today = businessDate(new Date(), 'Asia/Shanghai');
    const from = addDays(today, 1);
    const to = addDays(today, 7);
    await openTab(page, '场次');
    await page.getByTestId('sessions-calendar').waitFor();
    await pressEnterOn(page, 'generate-sessions');
    await page.getByTestId('schedule-from').fill(from);
    await page.getByTestId('schedule-to').fill(to);
    await page.getByTestId('schedule-first').fill('18:00');
    await page.getByTestId('schedule-last').fill('20:00');
    await page.getByTestId('schedule-capacity').fill('120');
    await choose(page, '[data-testid="schedule-products"] input', '夜游票');
    await pressEnterOn(page, 'schedule-preview');
    const preview = page.getByTestId('schedule-preview-result');
    await preview.waitFor();
    expect(await preview.getByTestId('preview-summary').textContent()).toBe('将生成 21 个场次。');
    expect(await preview.getByTestId('preview-duplicate').count()).toBe(0);
    expect(await preview.locator('tbody tr').count()).toBe(21);
    expect(await preview.locator('tbody tr').first().textContent()).toContain(`${from}`);
    expect(await preview.locator('tbody tr').first().textContent()).toContain('18:00–19:00');
    await settle(page);
    await page.screenshot({ path: join(SCREENSHOTS, 'catalog-generate-preview-zh.png') });
    await pressEnterOn(page, 'schedule-apply');
    await page.locator('.ant-message', { hasText: '已生成 21 个场次' }).waitFor();
    await page.getByTestId('schedule-preview-result').waitFor({ state: 'detached' });

    // On the calendar: the first day shows the demo's daytime slots and the three evening ones, green.
    const firstDay = page.getByTestId(`day-${from}`);
    await firstDay.locator('li', { hasText: '20:00' }).waitFor();
    const chips = await firstDay.locator('li').allTextContents();
    expect(chips.map((chip) => chip.slice(0, 5))).toEqual(
      expect.arrayContaining(['08:00', '16:00', '18:00', '19:00', '20:00']),
    );
    expect(await firstDay.locator('li[data-tone="open"]', { hasText: '18:00' }).count()).toBe(1);
    const dayList = page.getByTestId('day-sessions');
    const evening = dayList.getByRole('row').filter({ hasText: '18:00–19:00' });
    expect(await evening.textContent()).toContain('夜游票');
    expect(await evening.textContent()).toContain('120');
    await page.screenshot({ path: join(SCREENSHOTS, 'catalog-sessions-zh.png'), fullPage: true });

    // 4. Why is a child's ticket free on a national holiday, and what does an adult pay?
    await openTab(page, '价格解释');
    await page.getByTestId('explainer-date').fill(HOLIDAY);
    await page.getByLabel('儿童免票').fill('1');
    await page.keyboard.press('Enter');
    const result = page.getByTestId('quote-result');
    await result.waitFor();
    expect(await result.getByTestId('quote-explanation').allTextContents()).toEqual(['免费票种：儿童免票']);
    expect(await result.getByTestId('quote-total').textContent()).toBe('¥0.00');
    expect(await result.getByTestId('quote-day-types').textContent()).toContain('节假日');
    await page.screenshot({ path: join(SCREENSHOTS, 'catalog-explainer-child-zh.png'), fullPage: true });

    await page.getByLabel('儿童免票').fill('0');
    await page.getByLabel('成人票').fill('1');
    await page.keyboard.press('Enter');
    await result.getByTestId('quote-product-ADULT').waitFor();
    const [adult] = await result.getByTestId('quote-explanation').allTextContents();
    expect(adult).toMatch(/^节假日价（holiday）：价格版本“\d{4} 标准价”中成人票的节假日价 ¥140\.00$/);
    expect(await result.getByTestId('quote-total').textContent()).toBe('¥140.00');
    await page.screenshot({ path: join(SCREENSHOTS, 'catalog-explainer-adult-zh.png'), fullPage: true });

    expect(problems).toEqual([]);
  });
});
