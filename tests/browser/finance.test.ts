// Issue 11's acceptance test, in a real Chromium against the real server (`admit start`, embedded
// database, fresh data folder with the demo). Yesterday at 云山风景区 is rehearsed through the API with
// the server's clock set back (ADMIT_CLOCK_OFFSET_MINUTES): a seller opens a shift, sells two adults for
// cash and three by payment code through the payment simulator, refunds one of them, and closes the
// shift blind ¥10 over. Then the server restarts on the real clock, and yesterday is over. Finance
// (role 财务), by keyboard in Chinese: confirms the shift (交班审核), reads yesterday's settlement (日结)
// against what was sold and confirms it (locked); finds the standard chart of accounts (会计科目);
// generates yesterday's vouchers (凭证) and exports them for Kingdee — the xlsx balances overall and per
// voucher — and a second export is refused until 重新导出 is ticked; imports the simulator's statement
// with one amount changed (对账): one difference, resolved with a note. The statistician (统计员) sees
// the dashboard (报表) with today's sale and yesterday's figures, is offered no refund, and the API
// refuses one (403). No console errors or CSP violations.
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  authCookies,
  csrfHeader,
  refundResponseSchema,
  saleResponseSchema,
  shiftReportSchema,
  shiftViewSchema,
  type SaleResponse,
} from '@admit/contracts';
import {
  addDays,
  businessDate,
  cashDenominations,
  civilParts,
  formatYuan,
  parseYuan,
  zonedToUtc,
} from '@admit/domain';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiFor, type Api } from './api';
import { chromiumMissingReason, launchChromium, watchForProblems } from './chromium';
import { pressEnterOn, tabTo } from './first-admin';
import { waitForFocusOn } from './gate-scan';
import { REPO_ROOT, startAdmit, type RunningAdmit } from './server';

const SCREENSHOTS = join(REPO_ROOT, 'tmp/screenshots');
const ZONE = 'Asia/Shanghai';
const ADMIN_PASSWORD = 'Finance-Day-Keeper-2026!';
const SELLER = { login: 'cashier03', name: '赵售票', password: 'Cashier-Three-2026!' };
const FINANCE = { login: 'finance01', name: '王财务', password: 'Ledger-Balance-2026!' };
const STATS = { login: 'stats01', name: '李统计', password: 'Figures-Only-2026!' };
/** The float, ¥500, and what the drawer holds over the expected cash at the blind count: ¥10. */
const FLOAT = 50_000;
const OVER = 1_000;
/** The statement's payment line is changed by −¥1: the provider "received" a yuan less. */
const STATEMENT_CHANGE = -100;

const yuan = (fen: number) => `¥${formatYuan(fen)}`;

function minutesIntoDay(now = new Date()): number {
  const [h, m] = civilParts(now, ZONE).time.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

/**
 * The test needs "yesterday" to stay yesterday from the rehearsal to the end, and to be over with the
 * settlement's grace (00:05) when the server comes back: near midnight at the site it waits for 00:08.
 */
async function awayFromMidnight(): Promise<void> {
  const minutes = minutesIntoDay();
  if (minutes >= 8 && minutes < 23 * 60 + 55) return;
  const today = businessDate(new Date(), ZONE);
  const target = zonedToUtc(minutes < 8 ? today : addDays(today, 1), '00:08', ZONE);
  await new Promise((done) => setTimeout(done, target.getTime() - Date.now()));
}

function answerTo(page: Page, method: string, path: RegExp): Promise<Response> {
  return page.waitForResponse(
    (response) => response.request().method() === method && path.test(new URL(response.url()).pathname),
  );
}

/** Opens an Ant Design select from the keyboard and walks down to the option with this text. */
async function pickWithArrows(page: Page, selector: string, text: string): Promise<void> {
  await page.locator(selector).focus();
  await page.keyboard.press('ArrowDown');
  const active = page.locator('.ant-select-item-option-active');
  await active.first().waitFor();
  for (let i = 0; i < 10 && !((await active.textContent()) ?? '').includes(text); i++)
    await page.keyboard.press('ArrowDown');
  expect(await active.textContent()).toContain(text);
  await page.keyboard.press('Enter');
}

/** A confirmation dialog takes Enter once its OK button has the focus. */
async function waitForConfirmFocus(page: Page): Promise<void> {
  await expect
    .poll(() =>
      page.evaluate<boolean>(
        `document.activeElement !== null && document.activeElement === document.querySelector('.ant-modal-confirm-btns .ant-btn-primary')`,
      ),
    )
    .toBe(true);
}

/** Logs in on the login page by keyboard (the password was changed from the one-time one already). */
async function logIn(page: Page, url: string, login: string, password: string, name: string): Promise<void> {
  await page.goto(new URL('login', url).href);
  await page.getByRole('heading', { level: 1, name: '登录' }).waitFor();
  await page.locator('#loginName').focus();
  await page.keyboard.type(login);
  await tabTo(page, 'password', 1);
  await page.keyboard.type(password);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: `您好，${name}` }).waitFor();
}

/**
 * A session through the API only, in a context of its own: logs in and, for a one-time password,
 * changes it. The page is never opened; it carries the cookies `apiFor` reads.
 */
async function apiSession(
  browser: Browser,
  url: string,
  login: string,
  password: string,
  newPassword?: string,
): Promise<{ context: BrowserContext; page: Page; api: Api }> {
  const context = await browser.newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  const answer = await page.request.post(new URL('api/v1/auth/login', url).href, {
    data: { loginName: login, password },
  });
  if (!answer.ok()) throw new Error(`login ${login}: HTTP ${answer.status()} ${await answer.text()}`);
  if (newPassword !== undefined)
    await (
      await apiFor(page, url)
    ).post('/api/v1/auth/change-password', {
      currentPassword: password,
      newPassword,
    });
  return { context, page, api: await apiFor(page, url) };
}

/** The pieces per denomination that make up an amount (the drawer as counted). */
function countOf(amount: number): Record<string, number> {
  const counted: Record<string, number> = {};
  let left = amount;
  for (const denomination of cashDenominations) {
    const pieces = Math.floor(left / denomination);
    left -= pieces * denomination;
    if (pieces > 0) counted[String(denomination)] = pieces;
  }
  expect(left).toBe(0);
  return counted;
}

/** Chromium logs every 4xx answer: the refused second export is on purpose, nothing else may fail. */
function isDeliberateRefusal(problem: string): boolean {
  return problem.includes('status of 409') && problem.includes('/vouchers/export');
}

describe.skipIf(chromiumMissingReason !== undefined)('finance and reports (Chromium)', () => {
  let admit: RunningAdmit | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  let yesterday = '';
  let today = '';

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    await awayFromMidnight();
    today = businessDate(new Date(), ZONE);
    yesterday = addDays(today, -1);
    // The rehearsal: yesterday 10:00 at the site, the day's sales still ahead.
    const offset = Math.round((zonedToUtc(yesterday, '10:00', ZONE).getTime() - Date.now()) / 60_000);
    [admit, browser] = await Promise.all([
      startAdmit({ env: { ADMIT_CATALOG_CACHE_MS: '0', ADMIT_CLOCK_OFFSET_MINUTES: String(offset) } }),
      launchChromium(),
    ]);
  }, 15 * 60_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await admit?.stop();
  });

  it('settles yesterday, exports balanced vouchers, reconciles a changed statement; the statistician only reads', async () => {
    if (admit === undefined || browser === undefined) throw new Error('setup failed');
    const chromium = browser;
    const started = Date.now();
    const url = admit.url;
    const firstAdmin = admit.firstAdmin;
    if (firstAdmin === undefined) throw new Error(`no first administrator was printed:\n${admit.stdout()}`);

    // ---- Yesterday, through the API (what is not under test) ----
    const admin = await apiSession(browser, url, firstAdmin.loginName, firstAdmin.password, ADMIN_PASSWORD);
    contexts.push(admin.context);
    const { sites } = await admin.api.get<{ sites: { id: string; code: string; nameZh: string }[] }>(
      '/api/v1/catalog/sites',
    );
    const site = sites.find((s) => s.code === 'YUNSHAN');
    if (site === undefined) throw new Error('the demo site YUNSHAN is missing');
    const siteId = site.id;
    const sales = `/api/v1/sites/${siteId}`;
    const { roles } = await admin.api.get<{ roles: { id: string; code: string }[] }>('/api/v1/roles');
    const roleId = (code: string) => roles.find((r) => r.code === code)?.id ?? '';
    const makeUser = async (who: typeof SELLER, role: string) => {
      const created = await admin.api.post<{ user: { id: string }; temporaryPassword: string }>(
        '/api/v1/users',
        { loginName: who.login, displayName: who.name, grants: [{ roleId: roleId(role), siteId }] },
      );
      const session = await apiSession(chromium, url, who.login, created.temporaryPassword, who.password);
      contexts.push(session.context);
      return { id: created.user.id, ...session };
    };
    // Side by side: each login and password change hashes (slowly, on purpose) on the server.
    const [seller] = await Promise.all([
      makeUser(SELLER, 'seller'),
      makeUser(FINANCE, 'finance'),
      makeUser(STATS, 'statistician'),
    ]);

    // The demo's sessions start on the real today: one for yesterday afternoon, sold in the morning.
    const { products } = await admin.api.get<{ products: { id: string; code: string }[] }>(
      `/api/v1/catalog/sites/${siteId}/products`,
    );
    const adultId = products.find((p) => p.code === 'ADULT')?.id ?? '';
    await admin.api.post(`/api/v1/catalog/sites/${siteId}/sessions/generate`, {
      kind: 'timeslot',
      from: yesterday,
      to: yesterday,
      times: { list: ['16:00'] },
      durationMinutes: 60,
      capacity: 100,
      productIds: [adultId],
      nameZh: '日结测试场',
      nameEn: 'Settlement test',
    });
    // And one for the whole of today, whatever the hour the test runs at: the dashboard's sale.
    await admin.api.post(`/api/v1/catalog/sites/${siteId}/sessions/generate`, {
      kind: 'timeslot',
      from: today,
      to: today,
      times: { list: ['00:00'] },
      durationMinutes: 24 * 60 - 1,
      capacity: 100,
      productIds: [adultId],
      nameZh: '看板测试场',
      nameEn: 'Dashboard test',
    });
    type Day = {
      today: string;
      sessions: { id: string; nameZh: string }[];
      products: { code: string; price: number }[];
    };
    const day = await seller.api.get<Day>(`${sales}/box-office?date=${yesterday}`);
    expect(day.today).toBe(yesterday);
    const sessionId = day.sessions.find((s) => s.nameZh === '日结测试场')?.id ?? '';
    const price = day.products.find((p) => p.code === 'ADULT')?.price ?? 0;
    expect(price).toBeGreaterThan(0);

    const shift = shiftViewSchema.parse(
      await seller.api.post(`${sales}/shifts`, { terminal: '03', floatAmount: FLOAT }),
    );
    const sell = async (quantity: number, payment: Record<string, unknown>) =>
      saleResponseSchema.parse(
        await seller.api.post<SaleResponse>(
          `${sales}/orders`,
          {
            visitDate: yesterday,
            sessionId,
            terminal: '03',
            lines: [{ productId: adultId, quantity }],
            payments: [{ ...payment, amount: quantity * price }],
          },
          { 'Idempotency-Key': randomUUID() },
        ),
      );
    const byCash = await sell(2, { method: 'cash', tendered: 2 * price });
    // Alipay payment codes (25–30…): the installation's payment simulator charges them at once.
    const byCode = await sell(2, { method: 'payment_code', authCode: '281234567890123499' });
    const byCodeToo = await sell(1, { method: 'payment_code', authCode: '281234567890123588' });
    for (const sale of [byCash, byCode, byCodeToo]) expect(sale.order.status).toBe('paid');
    const refund = refundResponseSchema.parse(
      await seller.api.post(
        `${sales}/orders/${byCode.order.id}/refunds`,
        { ticketIds: [byCode.order.tickets[0]!.id], reason: '游客行程变更' },
        { 'Idempotency-Key': randomUUID() },
      ),
    );
    expect(refund).toMatchObject({ refunded: price, fee: 0, cash: 0 });
    expect(refund.refunds.map((r) => r.status)).toEqual(['succeeded']);
    // Blind count ¥10 over: a reason, and the administrator approves at the counter.
    const expectedCash = FLOAT + 2 * price;
    const closed = shiftReportSchema.parse(
      await seller.api.post(`${sales}/shifts/${shift.id}/close`, {
        counted: countOf(expectedCash + OVER),
        differenceReason: '点钞多出 10 元',
        approval: { loginName: firstAdmin.loginName, password: ADMIN_PASSWORD },
      }),
    );
    expect(closed.shift).toMatchObject({ status: 'closed', expectedCash, difference: OVER });

    // ---- Today: the server on the real clock; yesterday has ended ----
    await admit.restart({ ADMIT_CLOCK_OFFSET_MINUTES: '0' });
    const sold = 5 * price;
    const net = sold - price;

    // ---- Finance, in the browser ----
    const financeContext = await browser.newContext({
      viewport: { width: 1440, height: 1000 },
      locale: 'zh-CN',
    });
    contexts.push(financeContext);
    const page = await financeContext.newPage();
    const { problems } = watchForProblems(page);
    await logIn(page, url, FINANCE.login, FINANCE.password, FINANCE.name);
    const api = await apiFor(page, url);

    // 交班审核 (Alt+5 opens 财务 on its first tab): yesterday's shift, ¥10 over, confirmed.
    await page.keyboard.press('Alt+5');
    await page.getByRole('heading', { level: 1, name: '交班审核' }).waitFor();
    // Dates are filled in whole: typing into a date field follows the browser's locale.
    await page.getByTestId('shifts-date').fill(yesterday);
    await expect
      .poll(() => page.getByTestId(`shift-difference-${shift.id}`).textContent(), { timeout: 10_000 })
      .toBe(yuan(OVER));
    expect(await page.getByTestId(`shift-status-${shift.id}`).textContent()).toBe('已交班');
    await pressEnterOn(page, `shift-confirm-${shift.id}`);
    await page.locator('.ant-modal-confirm-title', { hasText: `确认 ${SELLER.name} 的班次？` }).waitFor();
    await waitForConfirmFocus(page);
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.getByTestId(`shift-status-${shift.id}`).textContent(), { timeout: 10_000 })
      .toBe('已确认');

    // 日结: yesterday by default, ready; its figures are what was sold.
    await page.getByRole('tab', { name: '日结', exact: true }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: '日结' }).waitFor();
    expect(await page.getByTestId('settlement-date').inputValue()).toBe(yesterday);
    const readiness = page.getByTestId('settlement-readiness');
    await readiness.getByText('当天班次均已确认，可以日结。').waitFor();
    const total = (field: string) => page.getByTestId(`settlement-total-${field}`).textContent();
    expect(await total('sales')).toBe(yuan(sold));
    expect(await total('refunds')).toBe(yuan(price));
    expect(await total('rebookings')).toBe(yuan(0));
    expect(await total('adjustments')).toBe(yuan(0));
    expect(await total('net')).toBe(yuan(net));
    expect(await total('ticketsSold')).toBe('5');
    expect(await total('ticketsRefunded')).toBe('1');
    const row = (table: string, key: string) =>
      page.getByTestId(table).locator(`tr[data-row-key="${key}"]`).locator('td');
    // By method: sales, refunds, rebookings, adjustments, net.
    expect(await row('settlement-by-method', 'cash').allTextContents()).toEqual([
      '现金',
      yuan(2 * price),
      yuan(0),
      yuan(0),
      yuan(0),
      yuan(2 * price),
    ]);
    expect(await row('settlement-by-method', 'payment_code').allTextContents()).toEqual([
      '付款码',
      yuan(3 * price),
      yuan(price),
      yuan(0),
      yuan(0),
      yuan(2 * price),
    ]);
    expect((await row('settlement-by-type', 'ADULT').allTextContents()).slice(1, 2)).toEqual([yuan(sold)]);
    expect((await row('settlement-by-channel', 'box_office').allTextContents())[0]).toBe('窗口');
    expect((await row('settlement-by-seller', seller.id).allTextContents())[0]).toBe(SELLER.name);
    expect(await page.getByTestId('settlement-over-short').textContent()).toContain(`长款${yuan(OVER)}`);

    // 确认日结: the dialog takes a note, Enter confirms; the day is locked.
    await pressEnterOn(page, 'settlement-confirm');
    await waitForFocusOn(page, 'settlement-note');
    await page.keyboard.type('现金已解缴银行');
    const confirmAnswer = answerTo(page, 'POST', /\/settlements\/[\d-]+\/confirm$/);
    await page.keyboard.press('Enter');
    expect((await confirmAnswer).status()).toBe(200);
    const confirmedAlert = page.getByTestId('settlement-confirmed');
    await confirmedAlert.waitFor();
    expect(await confirmedAlert.textContent()).toContain('已锁定');
    expect(await confirmedAlert.textContent()).toContain(FINANCE.name);
    expect(await confirmedAlert.textContent()).toContain('现金已解缴银行');
    await expect
      .poll(() => page.getByTestId(`settlement-day-state-${yesterday}`).textContent(), { timeout: 10_000 })
      .toBe('已日结');
    expect(await page.getByTestId('settlement-confirm').count()).toBe(0);
    await page.getByTestId('settlement-confirm-ok').waitFor({ state: 'detached' });
    await page.screenshot({ path: join(SCREENSHOTS, 'finance-settlement-zh.png'), fullPage: true });

    // 会计科目: the demo starts with the standard chart; a site without one takes the template.
    await page.getByRole('tab', { name: '会计科目', exact: true }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: '会计科目' }).waitFor();
    await page.locator('[data-testid="accounts-updated"], [data-testid="accounts-none"]').first().waitFor();
    if ((await page.getByTestId('accounts-none').count()) > 0) {
      await pressEnterOn(page, 'accounts-template');
      await expect.poll(() => page.getByTestId('accounts-revenue-default').inputValue()).not.toBe('');
      await pressEnterOn(page, 'accounts-save');
      await page.getByTestId('accounts-updated').waitFor();
    }
    expect(await page.getByTestId('accounts-voucher-word').inputValue()).toBe('记');

    // 凭证: yesterday's vouchers generated — sales, refunds, over/short — every one balanced.
    await page.getByRole('tab', { name: '凭证', exact: true }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: '凭证' }).waitFor();
    await page.getByTestId('vouchers-from').fill(yesterday);
    await page.getByTestId('vouchers-to').fill(yesterday);
    // The default range is this month up to yesterday: narrowed to yesterday, the list is read again
    // (unless it was yesterday alone already) before generating.
    const listed =
      `${today.slice(0, 7)}-01` === yesterday
        ? Promise.resolve()
        : page.waitForResponse(
            (r) =>
              r.request().method() === 'GET' &&
              r.url().includes(`/vouchers?from=${yesterday}&to=${yesterday}`),
          );
    await pressEnterOn(page, 'vouchers-show');
    await listed;
    const generated = answerTo(page, 'POST', /\/vouchers\/generate$/);
    await pressEnterOn(page, 'vouchers-generate');
    const generateAnswer = await generated;
    expect(generateAnswer.status()).toBe(200);
    expect(generateAnswer.request().postDataJSON()).toEqual({ from: yesterday, to: yesterday });
    const list = page.getByTestId('vouchers-list');
    for (const n of [1, 2, 3]) await list.getByTestId(`voucher-number-${n}`).waitFor();
    expect(await list.getByTestId('voucher-number-4').count()).toBe(0);
    expect(await list.locator('.ant-tag', { hasText: '不平衡' }).count()).toBe(0);
    expect(await list.locator('.ant-tag', { hasText: '借贷平衡' }).count()).toBe(3);
    const vouchers = await api.get<{
      vouchers: { number: number; kind: string; debitTotal: number; creditTotal: number }[];
    }>(`/api/v1/finance/sites/${siteId}/vouchers?from=${yesterday}&to=${yesterday}`);
    expect(vouchers.vouchers.map((v) => v.kind).sort()).toEqual(['over_short', 'refunds', 'sales']);
    expect(vouchers.vouchers.find((v) => v.kind === 'sales')?.debitTotal).toBe(sold);
    expect(vouchers.vouchers.find((v) => v.kind === 'over_short')?.debitTotal).toBe(OVER);

    // 导出: Kingdee, Excel — the file balances overall and per voucher number.
    const exportOnce = async (press: () => Promise<void>) => {
      const download = page.waitForEvent('download');
      await press();
      const file = await download;
      expect(file.suggestedFilename()).toBe(`凭证-YUNSHAN-${yesterday}_${yesterday}-金蝶.xlsx`);
      const path = await file.path();
      return readKingdee(readFileSync(path));
    };
    const exported = await exportOnce(() => pressEnterOn(page, 'vouchers-export'));
    expect([...exported.byNumber.keys()].sort()).toEqual([1, 2, 3]);
    expect(exported.debit).toBe(exported.credit);
    expect(exported.debit).toBe(vouchers.vouchers.reduce((sum, v) => sum + v.debitTotal, 0));
    for (const [n, sums] of exported.byNumber) expect(sums.debit, `voucher 记-${n}`).toBe(sums.credit);
    expect(exported.preparers).toEqual([FINANCE.name]);
    await expect
      .poll(() => list.getByTestId('voucher-exported-1').textContent(), { timeout: 10_000 })
      .toContain('已导出 1 次');

    // Again: refused — importing twice books twice — until 重新导出 is ticked and confirmed.
    const refused = answerTo(page, 'POST', /\/vouchers\/export$/);
    await pressEnterOn(page, 'vouchers-export');
    expect((await refused).status()).toBe(409);
    expect(await page.getByTestId('vouchers-export-error').textContent()).toContain('已经导出过');
    await page.getByTestId('vouchers-reexport').focus();
    await page.keyboard.press('Space');
    expect(await page.getByTestId('vouchers-reexport').isChecked()).toBe(true);
    const again = await exportOnce(async () => {
      await pressEnterOn(page, 'vouchers-export');
      await pressEnterOn(page, 'vouchers-reexport-ok');
    });
    expect(again.debit).toBe(exported.debit);
    await page.getByTestId('vouchers-reexport-ok').waitFor({ state: 'detached' });
    await expect
      .poll(() => list.getByTestId('voucher-exported-1').textContent(), { timeout: 10_000 })
      .toContain('已导出 2 次');
    await page.screenshot({ path: join(SCREENSHOTS, 'finance-vouchers-zh.png'), fullPage: true });

    // 对账: the simulator's statement for yesterday, its payment line of the second sale a yuan short.
    const statement = await page.request.get(
      new URL(
        `api/v1/finance/reconciliation/simulator-statement?siteId=${siteId}&from=${yesterday}&to=${yesterday}&format=csv`,
        url,
      ).href,
    );
    expect(statement.status()).toBe(200);
    const lines = iconv.decode(await statement.body(), 'gbk').split('\r\n');
    const dataLines = lines.filter((l) => l !== '' && !l.startsWith('#') && !l.startsWith('支付宝交易号'));
    expect(dataLines).toHaveLength(3);
    const changedAt = lines.findIndex((l) => {
      const cells = l.split(',');
      return cells[2] === '交易' && (cells[3] ?? '').endsWith(byCode.order.number);
    });
    expect(changedAt).toBeGreaterThan(0);
    const cells = lines[changedAt]!.split(',');
    expect(parseYuan(cells[11]!)).toBe(2 * price);
    cells[11] = cells[12] = formatYuan(2 * price + STATEMENT_CHANGE);
    lines[changedAt] = cells.join(',');

    await page.getByRole('tab', { name: '对账', exact: true }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: '对账' }).waitFor();
    await page.getByTestId('recon-file').setInputFiles({
      name: `simulator_${yesterday.replaceAll('-', '')}_业务明细.csv`,
      mimeType: 'text/csv',
      buffer: iconv.encode(lines.join('\r\n'), 'gbk'),
    });
    await pickWithArrows(page, '#provider', '支付模拟器');
    const imported = answerTo(page, 'POST', /\/reconciliation\/runs$/);
    await pressEnterOn(page, 'recon-import');
    const importAnswer = await imported;
    expect(importAnswer.status(), await importAnswer.text()).toBe(201);
    const { run } = (await importAnswer.json()) as {
      run: { id: string; lineCount: number; periodFrom: string; periodTo: string; openCount: number };
    };
    expect(run).toMatchObject({ lineCount: 3, periodFrom: yesterday, periodTo: yesterday, openCount: 1 });
    const runCard = page.getByTestId('recon-run');
    await runCard.waitFor();
    // The run's counts, as tags above its filter and items.
    const outcomes = runCard.locator('.ant-card-body > .ant-space').first().locator('.ant-tag');
    await expect.poll(() => outcomes.allTextContents()).toEqual(['一致 2', '金额不符 1']);
    expect(await page.getByTestId(`recon-run-open-count-${run.id}`).textContent()).toBe('1');

    // Only the open ones (Space), the difference opened (Enter), a note, Enter: resolved.
    await page.getByTestId('recon-filter-open').focus();
    await page.keyboard.press('Space');
    const { items } = await api.get<{
      items: { id: string; outcome: string; amountDifference: number | null; orderNumber: string | null }[];
    }>(`/api/v1/finance/reconciliation/runs/${run.id}/items?siteId=${siteId}&open=true`);
    expect(items).toHaveLength(1);
    const item = items[0]!;
    expect(item).toMatchObject({
      outcome: 'amount_mismatch',
      amountDifference: STATEMENT_CHANGE,
      orderNumber: byCode.order.number,
    });
    await expect
      .poll(() => page.getByTestId('recon-items').locator('tbody tr.ant-table-row').count())
      .toBe(1);
    expect(await page.getByTestId(`recon-item-outcome-${item.id}`).textContent()).toBe('金额不符');
    await pressEnterOn(page, `recon-resolve-${item.id}`);
    await page.getByTestId('recon-resolve-drawer').waitFor();
    await waitForFocusOn(page, 'recon-resolution-note');
    await page.keyboard.type('支付宝优惠 1 元，由渠道承担，已核实');
    const resolved = answerTo(page, 'POST', /\/items\/[^/]+\/resolve$/);
    await page.keyboard.press('Enter');
    expect((await resolved).status()).toBe(200);
    await page.getByTestId('recon-resolve-drawer').waitFor({ state: 'detached' });
    await expect
      .poll(() => page.getByTestId(`recon-run-open-count-${run.id}`).textContent(), { timeout: 10_000 })
      .toBe('0');
    await page.getByTestId('recon-filter-open').focus();
    await page.keyboard.press('Space');
    await expect
      .poll(() => page.getByTestId(`recon-item-resolution-${item.id}`).textContent(), { timeout: 10_000 })
      .toBe('已核实（说明原因）');
    await page.screenshot({ path: join(SCREENSHOTS, 'finance-reconciliation-zh.png'), fullPage: true });
    expect(problems.filter((p) => !isDeliberateRefusal(p))).toEqual([]);

    // ---- Today a ticket is sold, so the dashboard has something of today to show ----
    const counter = await apiSession(browser, url, SELLER.login, SELLER.password);
    contexts.push(counter.context);
    const todayDay = await counter.api.get<Day>(`${sales}/box-office?date=${today}`);
    const todayPrice = todayDay.products.find((p) => p.code === 'ADULT')?.price ?? 0;
    const todaySession = todayDay.sessions.find((s) => s.nameZh === '看板测试场')?.id ?? '';
    await counter.api.post(`${sales}/shifts`, { terminal: '03', floatAmount: 0 });
    await counter.api.post(
      `${sales}/orders`,
      {
        visitDate: today,
        sessionId: todaySession,
        terminal: '03',
        lines: [{ productId: adultId, quantity: 1 }],
        payments: [{ method: 'cash', amount: todayPrice, tendered: todayPrice }],
      },
      { 'Idempotency-Key': randomUUID() },
    );

    // ---- The statistician: the dashboard, and no refunds ----
    const statsContext = await browser.newContext({
      viewport: { width: 1440, height: 1000 },
      locale: 'zh-CN',
    });
    contexts.push(statsContext);
    const stats = await statsContext.newPage();
    const statsWatch = watchForProblems(stats);
    await logIn(stats, url, STATS.login, STATS.password, STATS.name);
    await stats.getByTestId('nav-reports').waitFor();
    for (const area of ['boxOffice', 'orders', 'finance'])
      expect(await stats.getByTestId(`nav-${area}`).count(), `nav-${area}`).toBe(0);
    await stats.keyboard.press('Alt+6');
    await stats.getByRole('heading', { level: 1, name: '报表' }).waitFor();
    const dashboard = stats.getByTestId('dashboard');
    await dashboard.waitFor();
    const refreshed = answerTo(stats, 'POST', /\/reports\/refresh$/);
    await pressEnterOn(stats, 'reports-refresh');
    expect((await refreshed).status()).toBe(200);
    await expect
      .poll(() => stats.getByTestId('kpi-sales').textContent(), { timeout: 15_000 })
      .toBe(yuan(todayPrice));
    expect(await stats.getByTestId('kpi-tickets').textContent()).toBe('1');
    expect(await stats.getByTestId('kpi-visitors').textContent()).toBe('0');
    await stats.getByTestId('kpi-occupancy').waitFor();
    await stats.getByTestId('kpi-refund-rate').waitFor();
    // Yesterday in the last 30 days: what the settlement counted.
    await pressEnterOn(stats, 'chart-sales-by-day-table-toggle');
    const yesterdayRow = stats
      .getByTestId('chart-sales-by-day')
      .locator(`tr[data-row-key="${yesterday}"]`)
      .locator('td');
    expect(await yesterdayRow.allTextContents()).toEqual([yesterday, yuan(sold), '5', '0']);
    await stats.screenshot({ path: join(SCREENSHOTS, 'reports-dashboard-zh.png'), fullPage: true });

    // A refund with the statistician's session: 403, refused.
    const cookies = await statsContext.cookies(url);
    const attempt = await stats.request.post(
      new URL(`api/v1/sites/${siteId}/orders/${byCash.order.id}/refunds`, url).href,
      {
        data: { ticketIds: [byCash.order.tickets[0]!.id], reason: 'test' },
        headers: {
          [csrfHeader]: cookies.find((c) => c.name === authCookies.csrf)?.value ?? '',
          'Idempotency-Key': randomUUID(),
        },
      },
    );
    expect(attempt.status(), await attempt.text()).toBe(403);
    expect(((await attempt.json()) as { error?: { code?: string } }).error?.code).toBe('permission_denied');
    expect(statsWatch.problems).toEqual([]);
    console.info(`[finance] scenario took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }, 180_000);
});

/** Σ debits and credits of a Kingdee export (yuan to fen), overall and per voucher number (FNum). */
async function readKingdee(buffer: Buffer): Promise<{
  debit: number;
  credit: number;
  byNumber: Map<number, { debit: number; credit: number }>;
  preparers: string[];
}> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  if (sheet === undefined) throw new Error('the export has no worksheet');
  const header = (sheet.getRow(1).values as unknown[]).map((v) => (typeof v === 'string' ? v : ''));
  const column = (name: string) => {
    const at = header.indexOf(name);
    if (at < 1) throw new Error(`no ${name} column in ${header.join(',')}`);
    return at;
  };
  const [num, debitAt, creditAt, preparerAt] = ['FNum', 'FDebit', 'FCredit', 'FPreparer'].map(column) as [
    number,
    number,
    number,
    number,
  ];
  const fen = (value: unknown) => Math.round(Number(value) * 100);
  const byNumber = new Map<number, { debit: number; credit: number }>();
  const preparers = new Set<string>();
  let debit = 0;
  let credit = 0;
  for (let r = 2; r <= sheet.rowCount; r++) {
    const cells = sheet.getRow(r);
    const n = Number(cells.getCell(num).value);
    const d = fen(cells.getCell(debitAt).value);
    const c = fen(cells.getCell(creditAt).value);
    const sums = byNumber.get(n) ?? { debit: 0, credit: 0 };
    sums.debit += d;
    sums.credit += c;
    byNumber.set(n, sums);
    debit += d;
    credit += c;
    preparers.add(cells.getCell(preparerAt).text);
  }
  return { debit, credit, byNumber, preparers: [...preparers] };
}
