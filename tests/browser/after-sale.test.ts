// The after-sale issue's acceptance test, in a real Chromium against the real server (`admit start`,
// embedded database, fresh data folder with the demo). The first administrator, at 云山风景区's box
// office: opens a shift with a float, sells 2 adults for cash, sells 1 more and voids it (V); looks the
// first order up by its number (查询), refunds one ticket (the cash handed back shown), rebooks the
// other to tomorrow — a peak day, dearer — paying the difference in cash, and prints the new ticket;
// then closes the shift blind, typing exactly the drawer's notes and coins, and sees a difference of
// ¥0.00 with totals by payment method and ticket type that match the sales; prints the shift report,
// which finance (财务) then confirms. A cancelled session's order is refunded in bulk from the catalog's
// sessions. In Chinese and by keyboard; then the look-up again in English. No console errors or CSP
// violations.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  orderViewSchema,
  refundResponseSchema,
  saleResponseSchema,
  shiftReportSchema,
  type OrderView,
} from '@admit/contracts';
import { addDays, businessDate, cashDenominations, civilParts } from '@admit/domain';
import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissingReason, launchChromium, watchForProblems } from './chromium';
import { logInAsFirstAdmin, pressEnterOn } from './first-admin';
import { randomUUID } from 'node:crypto';
import { apiFor } from './api';
import { REPO_ROOT, startAdmit, type RunningAdmit } from './server';

const SCREENSHOTS = join(REPO_ROOT, 'tmp/screenshots');
const ADMIN_PASSWORD = 'After-Sale-Keeper-2026!';
const ZONE = 'Asia/Shanghai';
/** The float, with coins in it: ¥523.40. */
const FLOAT = 52_340;
/** Tomorrow is made a peak day at the site, where an adult costs ¥200. */
const PEAK_ADULT = 20_000;
const SESSION_NAME = '售后测试场';

/** Polled from here: the app's CSP (no 'unsafe-eval') refuses predicates evaluated in the page. */
async function waitForFocusOn(page: Page, testId: string): Promise<void> {
  await expect
    .poll(() =>
      page.evaluate<string | null>(
        `document.activeElement === null ? null : document.activeElement.getAttribute('data-testid')`,
      ),
    )
    .toBe(testId);
}

/**
 * A confirmation dialog takes Enter only once its OK button has the focus: while it opens, the focus
 * can sit elsewhere (even on Cancel), and Enter then does nothing or cancels.
 */
async function waitForConfirmFocus(page: Page): Promise<void> {
  await expect
    .poll(() =>
      page.evaluate<boolean>(
        `document.activeElement !== null && document.activeElement === document.querySelector('.ant-modal-confirm-btns .ant-btn-primary')`,
      ),
    )
    .toBe(true);
}

/** Types into an Ant Design select with the keyboard and picks the highlighted option. */
async function choose(page: Page, selector: string, text: string): Promise<void> {
  await page.locator(selector).focus();
  await page.keyboard.type(text);
  await page.locator('.ant-select-item-option-active', { hasText: text }).waitFor();
  await page.keyboard.press('Enter');
}

function answerTo(page: Page, method: string, path: RegExp): Promise<Response> {
  return page.waitForResponse(
    (response) => response.request().method() === method && path.test(new URL(response.url()).pathname),
  );
}

/**
 * A session for the rest of today that starts a few minutes from now (so its tickets may still be
 * refunded and rebooked: the demo's policy allows it until the start), off the hour, on today's date
 * at the site. In the last three minutes before midnight there the test waits for the new day.
 */
async function laterToday(): Promise<{ today: string; time: string; nextTime: string; minutes: number }> {
  const minutesLeft = () => {
    const [hours, minutes] = civilParts(new Date(), ZONE).time.split(':').map(Number) as [number, number];
    return 24 * 60 - (hours * 60 + minutes);
  };
  if (minutesLeft() <= 3) await new Promise((done) => setTimeout(done, (minutesLeft() * 60 + 10) * 1000));
  const lead = Math.min(10, minutesLeft() - 2);
  let at = new Date(Date.now() + lead * 60_000);
  if (civilParts(at, ZONE).time.endsWith(':00')) at = new Date(at.getTime() + 60_000);
  const time = civilParts(at, ZONE).time;
  let next = new Date(at.getTime() + 60_000);
  if (civilParts(next, ZONE).time.endsWith(':00')) next = new Date(next.getTime() + 60_000);
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  return {
    today: businessDate(new Date(), ZONE),
    time,
    /** A minute or two later: the session that is cancelled and refunded in bulk. */
    nextTime: civilParts(next, ZONE).time,
    minutes: Math.max(30, 24 * 60 - (hours * 60 + minutes) - 1),
  };
}

const yuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`;

describe.skipIf(chromiumMissingReason !== undefined)('after the sale (Chromium)', () => {
  let admit: RunningAdmit | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    // Prices change during the setup: every sale reads the catalog afresh.
    [admit, browser] = await Promise.all([
      startAdmit({ env: { ADMIT_CATALOG_CACHE_MS: '0' } }),
      launchChromium(),
    ]);
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await admit?.stop();
  });

  it('refunds, voids, rebooks to a dearer day and closes the shift blind to the fen', async () => {
    if (admit === undefined || browser === undefined) throw new Error('setup failed');
    context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const { problems } = watchForProblems(page);
    await logInAsFirstAdmin(page, admit, ADMIN_PASSWORD);
    const api = await apiFor(page, admit.url);

    // Setup through the catalog API: a session for the rest of today, and tomorrow a peak day on which
    // an adult costs ¥200 (a 'peak' rule in the price version in force).
    const { sites } = await api.get<{ sites: { id: string; code: string }[] }>('/api/v1/catalog/sites');
    const siteId = sites.find((site) => site.code === 'YUNSHAN')?.id ?? '';
    const catalog = `/api/v1/catalog/sites/${siteId}`;
    const sales = `/api/v1/sites/${siteId}`;
    const { products } = await api.get<{ products: { id: string; code: string }[] }>(`${catalog}/products`);
    const adultId = products.find((product) => product.code === 'ADULT')?.id ?? '';
    const later = await laterToday();
    const today = later.today;
    const tomorrow = addDays(today, 1);
    await api.post(`${catalog}/sessions/generate`, {
      kind: 'timeslot',
      from: today,
      to: today,
      times: { list: [later.time] },
      durationMinutes: later.minutes,
      capacity: 300,
      productIds: [adultId],
      nameZh: SESSION_NAME,
      nameEn: 'After-sale test',
    });
    const calendar = await api.get<{ peakDates: { date: string; name: string }[]; seasons: unknown[] }>(
      `${catalog}/calendar`,
    );
    await api.put(`${catalog}/calendar`, {
      ...calendar,
      peakDates: [...calendar.peakDates, { date: tomorrow, name: '测试高峰日' }],
    });
    type Version = {
      id: string;
      name: string;
      effectiveFrom: string;
      effectiveTo: string | null;
      rules: {
        id: string;
        productId: string;
        dayType: string;
        season: string | null;
        channel: string | null;
        price: number;
      }[];
    };
    const { versions } = await api.get<{ versions: Version[] }>(`${catalog}/price-versions`);
    const version = versions.find(
      (v) => v.effectiveFrom <= tomorrow && (v.effectiveTo ?? '9999') >= tomorrow,
    );
    if (version === undefined) throw new Error('no price version in force tomorrow');
    await api.put(`${catalog}/price-versions/${version.id}`, {
      name: version.name,
      effectiveFrom: version.effectiveFrom,
      effectiveTo: version.effectiveTo,
      rules: [
        ...version.rules.map(({ id: _id, ...rule }) => rule),
        { productId: adultId, dayType: 'peak', season: null, channel: null, price: PEAK_ADULT },
      ],
    });
    type Day = { products: { code: string; price: number }[] };
    const adultOn = async (date: string) =>
      (await api.get<Day>(`${sales}/box-office?date=${date}`)).products.find((p) => p.code === 'ADULT')
        ?.price ?? 0;
    const price = await adultOn(today);
    expect(await adultOn(tomorrow)).toBe(PEAK_ADULT);
    expect(price).toBeLessThan(PEAK_ADULT);

    // 售票: the site, a shift with a ¥523.40 float (开班), our session.
    await page.keyboard.press('Alt+1');
    await page.getByRole('heading', { level: 1, name: '售票' }).waitFor();
    const screen = page.getByTestId('sell-screen');
    // The first site's day has loaded (the screen took the focus) before another site is chosen.
    await waitForFocusOn(page, 'sell-screen');
    await choose(page, '#sell-site', '云山风景区');
    await screen.getByTestId('product-key-ADULT').waitFor();
    await pressEnterOn(page, 'open-shift');
    await waitForFocusOn(page, 'shift-float');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('523.4');
    await page.keyboard.press('Enter');
    await page.getByTestId('shift-info').getByText('终端 01').waitFor();
    await page.getByTestId('session-list').locator('label', { hasText: SESSION_NAME }).click();
    await screen.focus();

    // Sale 1: two adults, exact cash — 1 1 Enter Enter.
    const firstSale = answerTo(page, 'POST', /\/orders$/);
    for (const key of ['1', '1', 'Enter']) await page.keyboard.press(key);
    await waitForFocusOn(page, 'cash-tendered');
    await page.keyboard.press('Enter');
    const sale = saleResponseSchema.parse(await (await firstSale).json());
    expect(sale.order.total).toBe(2 * price);
    await page.getByTestId('order-number').getByText(sale.order.number).waitFor();

    // Sale 2: one adult for cash, voided at once (V, then Enter on the confirmation): the cash goes back.
    const secondSale = answerTo(page, 'POST', /\/orders$/);
    await page.keyboard.press('1');
    await page.keyboard.press('Enter');
    await waitForFocusOn(page, 'cash-tendered');
    await page.keyboard.press('Enter');
    const voidedSale = saleResponseSchema.parse(await (await secondSale).json());
    await page.getByTestId('order-number').getByText(voidedSale.order.number).waitFor();
    await page.keyboard.press('v');
    await page
      .locator('.ant-modal-confirm-title', { hasText: `作废订单 ${voidedSale.order.number}？` })
      .waitFor();
    await waitForFocusOn(page, 'void-confirm');
    const voidAnswer = answerTo(page, 'POST', /\/refunds$/);
    await page.keyboard.press('Enter');
    const voided = refundResponseSchema.parse(await (await voidAnswer).json());
    expect(voided).toMatchObject({ fee: 0, cash: price, refunded: price });
    expect(await page.getByTestId('void-cash').textContent()).toBe(yuan(price));
    await page.screenshot({ path: join(SCREENSHOTS, 'after-sale-void-zh.png'), fullPage: true });

    // 查询 (Alt+4): the order number typed into the box that has the focus, Enter; one order, open.
    await page.keyboard.press('Alt+4');
    await page.getByRole('heading', { level: 1, name: '订单' }).waitFor();
    await waitForFocusOn(page, 'order-search');
    await page.keyboard.type(sale.order.number);
    await page.keyboard.press('Enter');
    const detail = page.getByTestId('order-detail');
    await detail.getByRole('heading', { name: `订单 ${sale.order.number}` }).waitFor();
    const [first, second] = sale.order.tickets as [
      OrderView['tickets'][number],
      OrderView['tickets'][number],
    ];
    await waitForFocusOn(page, `ticket-check-${first.number}`);
    await page.screenshot({ path: join(SCREENSHOTS, 'after-sale-lookup-zh.png'), fullPage: true });

    // 退票: Space ticks the first ticket, F8, Enter: the cash to hand back, large.
    await page.keyboard.press('Space');
    await page.keyboard.press('F8');
    const refundPanel = page.getByTestId('refund-panel');
    await refundPanel.waitFor();
    expect(await refundPanel.getByTestId('refund-preview-back').textContent()).toBe(yuan(price));
    await waitForFocusOn(page, 'refund-reason');
    await page.keyboard.type('游客行程变更');
    const refundAnswer = answerTo(page, 'POST', /\/refunds$/);
    await page.keyboard.press('Enter');
    const refund = refundResponseSchema.parse(await (await refundAnswer).json());
    expect(refund).toMatchObject({ refunded: price, fee: 0, cash: price });
    expect(await page.getByTestId('refund-cash').textContent()).toBe(yuan(price));
    await page.screenshot({ path: join(SCREENSHOTS, 'after-sale-refund-zh.png'), fullPage: true });
    await waitForFocusOn(page, 'refund-done');
    await page.keyboard.press('Enter');
    await expect.poll(() => detail.getByTestId(`ticket-status-${first.number}`).textContent()).toBe('已退票');

    // 改签: the other ticket to tomorrow (PgDn), its first session with places; ¥200 there, so the
    // difference is paid — exact cash, Enter, Enter — and the new ticket printed (P).
    await waitForFocusOn(page, `ticket-check-${second.number}`);
    await page.keyboard.press('Space');
    await page.keyboard.press('F9');
    const rebookPanel = page.getByTestId('rebook-panel');
    await rebookPanel.waitFor();
    await page.keyboard.press('PageDown');
    await expect.poll(() => page.getByTestId('sell-date').inputValue()).toBe(tomorrow);
    const difference = PEAK_ADULT - price;
    await expect.poll(() => rebookPanel.getByTestId('rebook-due').textContent()).toBe(yuan(difference));
    expect(await rebookPanel.getByTestId('rebook-new').textContent()).toBe(yuan(PEAK_ADULT));
    await page.screenshot({ path: join(SCREENSHOTS, 'after-sale-rebook-zh.png'), fullPage: true });
    await page.keyboard.press('Enter');
    await waitForFocusOn(page, 'cash-tendered');
    expect(await page.getByTestId('payment-due').textContent()).toBe(yuan(difference));
    const rebookAnswer = answerTo(page, 'POST', /\/rebook$/);
    await page.keyboard.press('Enter');
    const rebookResponse = await rebookAnswer;
    expect(rebookResponse.status(), await rebookResponse.text()).toBe(200);
    const rebooked = (await rebookResponse.json()) as {
      difference: number;
      newTicketIds: string[];
      order: unknown;
    };
    expect(rebooked.difference).toBe(difference);
    const rebookedOrder = orderViewSchema.parse(rebooked.order);
    const fresh = rebookedOrder.tickets.find((ticket) => ticket.id === rebooked.newTicketIds[0]);
    expect(fresh).toMatchObject({ price: PEAK_ADULT, status: 'valid' });
    expect(rebookedOrder.visitDate).toBe(tomorrow);
    await page.getByTestId('rebook-result').waitFor();
    expect(await page.getByTestId('rebook-difference').textContent()).toBe(yuan(difference));

    await page.evaluate(`window.print = () => { window.__printed = (window.__printed || 0) + 1; }`);
    const printAnswer = answerTo(page, 'POST', /\/print$/);
    await page.keyboard.press('p');
    expect((await printAnswer).status()).toBe(200);
    await expect.poll(() => page.evaluate<number>('window.__printed || 0')).toBe(1);
    const printedTickets = page.locator('.admit-print-root .admit-ticket');
    expect(await printedTickets.count()).toBe(1);
    expect(await printedTickets.locator('.admit-ticket-number').textContent()).toBe(fresh?.number);
    await page.screenshot({ path: join(SCREENSHOTS, 'after-sale-rebooked-zh.png'), fullPage: true });
    await page.keyboard.press('Escape');
    await rebookPanel.waitFor({ state: 'detached' });
    await expect
      .poll(() => detail.getByTestId(`ticket-status-${second.number}`).textContent())
      .toBe('已改签（作废）');
    await detail.getByTestId('order-timeline').getByText('改签', { exact: true }).waitFor();

    // 交班 (J on the sell screen), blind: no expected figure on the page; the drawer counted by notes and
    // coins, Enter from field to field. It holds the float + cash taken − cash given back.
    await page.keyboard.press('Alt+1');
    await screen.waitFor();
    await screen.focus();
    await page.keyboard.press('j');
    await page.getByRole('heading', { level: 1, name: '交班' }).waitFor();
    await waitForFocusOn(page, 'count-10000');
    expect(await page.locator('main, #main').textContent()).not.toContain('应有现金');
    // Float + sale 1 (2 adults) + sale 2 (1 adult) − its void − the refund + the rebooking's difference.
    const expected = FLOAT + 2 * price + price - price - price + difference;
    let left = expected;
    for (const denomination of cashDenominations) {
      const pieces = Math.floor(left / denomination);
      left -= pieces * denomination;
      if (pieces > 0) await page.keyboard.type(String(pieces));
      await page.keyboard.press('Enter');
    }
    expect(left).toBe(0);
    expect(await page.getByTestId('counted-total').textContent()).toBe(yuan(expected));
    await waitForFocusOn(page, 'last-serial');
    await page.keyboard.press('Enter');
    await waitForFocusOn(page, 'close-shift-submit');
    await page.screenshot({ path: join(SCREENSHOTS, 'after-sale-close-shift-zh.png'), fullPage: true });
    const closeAnswer = answerTo(page, 'POST', /\/close$/);
    await page.keyboard.press('Enter');
    const closed = shiftReportSchema.parse(await (await closeAnswer).json());
    expect(closed.shift).toMatchObject({ expectedCash: expected, countedCash: expected, difference: 0 });

    const report = page.getByTestId('shift-report');
    await report.waitFor();
    expect(await report.getByTestId('report-expected').textContent()).toBe(yuan(expected));
    expect(await report.getByTestId('report-counted').textContent()).toBe(yuan(expected));
    expect(await report.getByTestId('report-difference').textContent()).toBe('¥0.00');
    expect(await report.getByTestId('report-outcome').textContent()).toContain('无长短款');
    // Cash taken: both sales and the difference; given back: the void and the refund.
    const cashRow = report.getByTestId('report-method-cash');
    const cashTaken = 3 * price + difference;
    expect(await cashRow.textContent()).toBe(
      `现金${yuan(cashTaken)}${yuan(2 * price)}${yuan(cashTaken - 2 * price)}`,
    );
    expect(closed.totals?.takenByMethod).toEqual({ cash: cashTaken });
    expect(closed.totals?.refundedByMethod).toEqual({ cash: 2 * price });
    // Tickets by type: every ticket the shift sold — the two of the first order (one refunded later;
    // the other replaced by its rebooking, which counts instead) and the one voided.
    const adultRow = report.getByTestId('report-type-ADULT');
    expect(await adultRow.textContent()).toBe(`成人票3${yuan(2 * price + PEAK_ADULT)}`);
    expect(await report.getByTestId('report-orders').textContent()).toBe('2');
    expect(await report.getByTestId('report-voided').textContent()).toBe('1');
    expect(await report.getByTestId('report-printed').textContent()).toBe('1');
    await page.screenshot({ path: join(SCREENSHOTS, 'after-sale-shift-report-zh.png'), fullPage: true });

    // The printed 交班单 (P): A4, only the report on the paper.
    await page.evaluate(`window.__printed = 0`);
    await page.keyboard.press('p');
    await expect.poll(() => page.evaluate<number>('window.__printed || 0')).toBe(1);
    expect(await page.locator('.admit-report-print .admit-shift-report').count()).toBe(1);
    writeFileSync(
      join(SCREENSHOTS, 'after-sale-shift-report-a4.pdf'),
      await page.pdf({ preferCSSPageSize: true, printBackground: false }),
    );

    // 财务 (Alt+5): the day's shifts; this one balanced, confirmed after a question.
    await page.keyboard.press('Alt+5');
    await page.getByRole('heading', { level: 1, name: '交班审核' }).waitFor();
    const shiftId = closed.shift.id;
    await expect.poll(() => page.getByTestId(`shift-difference-${shiftId}`).textContent()).toBe('¥0.00');
    await pressEnterOn(page, `shift-confirm-${shiftId}`);
    await page.locator('.ant-modal-confirm-title', { hasText: '确认 系统管理员 的班次？' }).waitFor();
    await waitForConfirmFocus(page);
    await page.keyboard.press('Enter');
    // The confirmation, then the list fetched again: more than expect.poll's default second on a busy CI.
    await expect
      .poll(() => page.getByTestId(`shift-status-${shiftId}`).textContent(), { timeout: 10_000 })
      .toBe('已确认');
    await page.screenshot({ path: join(SCREENSHOTS, 'after-sale-finance-shifts-zh.png'), fullPage: true });

    // A session cancelled with an order in it (sold by card in a second shift, through the API), refunded
    // in bulk from the catalog's sessions: its orders, the start, the progress and the report.
    await api.post(`${catalog}/sessions/generate`, {
      kind: 'timeslot',
      from: today,
      to: today,
      times: { list: [later.nextTime] },
      durationMinutes: later.minutes,
      capacity: 50,
      productIds: [adultId],
      nameZh: '取消测试场',
      nameEn: 'Cancelled test',
    });
    const { sessions } = await api.get<{ sessions: { id: string; nameZh: string }[] }>(
      `${catalog}/sessions?from=${today}&to=${today}`,
    );
    const cancelledId = sessions.find((session) => session.nameZh === '取消测试场')?.id ?? '';
    await api.post(`${sales}/shifts`, { terminal: '02', floatAmount: 0 });
    const doomed = saleResponseSchema.parse(
      await api.post(
        `${sales}/orders`,
        {
          visitDate: today,
          sessionId: cancelledId,
          terminal: '02',
          lines: [{ productId: adultId, quantity: 2 }],
          payments: [{ method: 'card', amount: 2 * price, reference: 'POS-0001' }],
        },
        { 'Idempotency-Key': randomUUID() },
      ),
    );
    await api.patch(`${catalog}/sessions/${cancelledId}`, { status: 'cancelled' });
    await page.keyboard.press('Alt+3');
    await page.getByRole('heading', { level: 1, name: '票务配置' }).waitFor();
    await choose(page, '#catalog-site', '云山风景区');
    await page.getByRole('tab', { name: '场次', exact: true }).focus();
    await page.keyboard.press('Enter');
    await pressEnterOn(page, `bulk-refund-${cancelledId}`);
    const bulk = page.getByTestId('bulk-refund');
    await bulk.getByTestId('bulk-orders').getByText(doomed.order.number).waitFor();
    await pressEnterOn(page, 'bulk-start');
    await page.locator('.ant-modal-confirm-title', { hasText: '为 1 个订单全额退款？' }).waitFor();
    await waitForConfirmFocus(page);
    await page.keyboard.press('Enter');
    await expect
      .poll(() => bulk.getByTestId('bulk-status').textContent(), { timeout: 20_000 })
      .toContain('已完成');
    expect(await bulk.getByTestId('bulk-status').textContent()).toContain('已处理 1 / 1（成功 1，失败 0）');
    const reportRow = bulk
      .getByTestId('bulk-report')
      .getByRole('row')
      .filter({ hasText: doomed.order.number });
    expect(await reportRow.textContent()).toContain('已退款');
    const refundedOrder = orderViewSchema.parse(await api.get(`${sales}/orders/${doomed.order.id}`));
    expect(refundedOrder.status).toBe('refunded');
    await page.screenshot({ path: join(SCREENSHOTS, 'after-sale-bulk-refund-zh.png'), fullPage: true });
    await page.keyboard.press('Escape');

    // The look-up in English (Alt+L): the rebooked ticket's 13-digit number finds the order.
    await page.keyboard.press('Alt+L');
    await page.keyboard.press('Alt+4');
    await page.getByRole('heading', { level: 1, name: 'Orders' }).waitFor();
    await waitForFocusOn(page, 'order-search');
    await page.keyboard.type(fresh?.number ?? '');
    await page.keyboard.press('Enter');
    await detail.getByRole('heading', { name: `Order ${sale.order.number}` }).waitFor();
    expect(await page.getByTestId('results-count').textContent()).toContain('by ticket number');
    expect(await detail.getByTestId('order-status').textContent()).toBe('Partly refunded');
    expect(await detail.getByTestId(`ticket-status-${first.number}`).textContent()).toBe('Refunded');
    expect(await detail.getByTestId(`ticket-status-${second.number}`).textContent()).toBe('Rebooked (void)');
    expect(await detail.getByTestId(`ticket-status-${fresh?.number ?? ''}`).textContent()).toBe('Valid');
    const history = detail.getByTestId('order-timeline');
    for (const action of ['Sold', 'Refunded', 'Rebooked'])
      await history.getByText(action, { exact: true }).waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'after-sale-lookup-en.png'), fullPage: true });

    expect(problems).toEqual([]);
  }, 300_000);
});
