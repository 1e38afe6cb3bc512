// The shop issue's acceptance test, in a real Chromium on a phone-sized screen against the real server
// (`admit start`, embedded database, the demo catalog). A visitor opens the demo scenic area's shop,
// picks tomorrow and the 10:00 slot, two adults and one child, gives a phone number, books (the places
// are held with a countdown), pays on the payment simulator's page and comes back to the e-tickets:
// three tickets with rotating QR codes. The e-ticket SMS is in the log channel. Then it is tomorrow
// morning: the server restarts with its clock at 09:50 the next day (ADMIT_CLOCK_OFFSET_MINUTES, the
// rehearsal clock) and the phone's clock too; a gate device registered at the east entrance scans one
// ticket's live code (a keyboard-wedge scanner types it) — green — after refusing the bare signed part
// of it as expired; a minute later the phone shows another ticket's code changed.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { addDays, businessDate, zonedToUtc } from '@admit/domain';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiFor } from './api';
import { chromiumMissingReason, launchChromium, watchForProblems } from './chromium';
import { logInAsFirstAdmin } from './first-admin';
import { wedgeScan } from './gate-scan';
import { REPO_ROOT, startAdmit, type RunningAdmit } from './server';

const SCREENSHOTS = join(REPO_ROOT, 'tmp/screenshots');
const ADMIN_PASSWORD = 'Shop-Release-Keeper-2026!';
const ZONE = 'Asia/Shanghai';
const PHONE = '13912345678';
const PHONE_VIEWPORT = { width: 390, height: 844 };

/** The code a ticket card's QR shows right now. */
async function shownCode(page: Page, ticketNumber: string): Promise<string> {
  const qr = page.getByTestId(`shop-ticket-${ticketNumber}`).getByTestId('shop-qr');
  await qr.waitFor();
  return (await qr.getAttribute('data-code')) ?? '';
}

async function phoneContext(
  browser: Browser,
  at?: Date,
): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({
    viewport: PHONE_VIEWPORT,
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    userAgent:
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148',
  });
  const page = await context.newPage();
  if (at) await page.clock.install({ time: at });
  return { context, page, problems: watchForProblems(page).problems };
}

describe.skipIf(chromiumMissingReason !== undefined)('the online shop on a phone (Chromium)', () => {
  let admit: RunningAdmit | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    [admit, browser] = await Promise.all([startAdmit(), launchChromium()]);
  });
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await admit?.stop();
  });

  it('books 2 adults + 1 child for tomorrow 10:00, pays, gets the e-ticket by SMS, and a gate admits the rotating code', async () => {
    if (admit === undefined || browser === undefined) throw new Error('setup failed');
    const tomorrow = addDays(businessDate(new Date(), ZONE), 1);

    // The administrator, for the notification log.
    const adminContext = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      locale: 'zh-CN',
    });
    contexts.push(adminContext);
    const admin = await adminContext.newPage();
    await logInAsFirstAdmin(admin, admit, ADMIN_PASSWORD);
    const api = await apiFor(admin, admit.url);

    // The visitor's phone.
    const visitor = await phoneContext(browser);
    contexts.push(visitor.context);
    const phone = visitor.page;
    await phone.goto(new URL('shop/YUNSHAN', admit.url).href);
    await phone.getByText('云山风景区').first().waitFor();
    await phone.getByTestId(`shop-date-${tomorrow}`).click();
    await phone.getByTestId('shop-session-10:00').click();
    const plus = (code: string) => phone.getByTestId(`shop-qty-${code}-inc`);
    await plus('ADULT').click();
    await plus('ADULT').click();
    await plus('CHILD').click();
    await phone.getByTestId('shop-phone').fill(PHONE);
    await phone.screenshot({ path: join(SCREENSHOTS, 'shop-booking-zh.png'), fullPage: true });
    await phone.getByTestId('shop-submit').click();

    // Held: the order page with its countdown, then the simulator's payment page, then back.
    await phone.waitForURL(/\/shop\/orders\//);
    const orderUrl = phone.url();
    await phone.getByTestId('shop-countdown').waitFor();
    await phone.screenshot({ path: join(SCREENSHOTS, 'shop-pay-zh.png') });
    await phone.getByTestId('shop-pay').click();
    await phone.waitForURL(/\/pay\//);
    await phone.getByRole('button', { name: /确认付款/ }).click();
    // Paid: the provider's page offers the way back to the shop, as Alipay's and WeChat Pay's do.
    await phone.locator('#return').click();
    await phone.waitForURL(/\/shop\/orders\//, { timeout: 20_000 });
    expect(phone.url().split('#')[0]).toBe(orderUrl.split('#')[0]);
    const numberTags = phone.getByTestId('shop-ticket-number');
    await expect.poll(() => numberTags.count(), { timeout: 30_000 }).toBe(3);
    const numbers = (await numberTags.allTextContents()).map((text) => text.replace(/\D/g, ''));
    expect(numbers.every((n) => /^\d{13}$/.test(n))).toBe(true);
    expect(numbers).toHaveLength(3);
    await phone.screenshot({ path: join(SCREENSHOTS, 'shop-e-ticket-zh.png'), fullPage: true });

    // The e-ticket SMS, as the log channel shows it to admins.
    const token = new URL(orderUrl).pathname.split('/').pop()!;
    const smsFor = async () =>
      (
        await api.get<{ messages: { kind: string; to: string; template: string; text: string }[] }>(
          `/api/v1/notifications/log?to=${PHONE}`,
        )
      ).messages.find((m) => m.kind === 'sms' && m.template === 'e_ticket');
    await expect.poll(async () => (await smsFor())?.text ?? '', { timeout: 30_000 }).toContain(token);
    expect((await smsFor())?.text).toContain('云山风景区');

    // Tomorrow, 09:50 at the site: the server and the phone both.
    const tomorrowMorning = zonedToUtc(tomorrow, '09:50', ZONE);
    const offset = Math.ceil((tomorrowMorning.getTime() - Date.now()) / 60_000);
    await admit.restart({ ADMIT_CLOCK_OFFSET_MINUTES: String(offset) });
    const serverNow = new Date(Date.now() + offset * 60_000);

    const login = await admin.request.post(new URL('api/v1/auth/login', admit.url).href, {
      data: { loginName: admit.firstAdmin!.loginName, password: ADMIN_PASSWORD },
    });
    expect(login.status(), await login.text()).toBe(200);
    const adminApi = await apiFor(admin, admit.url);
    const { sites } = await adminApi.get<{ sites: { id: string; code: string }[] }>('/api/v1/catalog/sites');
    const site = sites.find((s) => s.code === 'YUNSHAN')!;
    const { gates } = await adminApi.get<{ gates: { id: string; code: string }[] }>(
      `/api/v1/catalog/sites/${site.id}/gates`,
    );
    const registration = await adminApi.post<{ registrationUrl: string }>(
      `/api/v1/sites/${site.id}/devices`,
      {
        gateId: gates.find((g) => g.code === 'E1')!.id,
        name: '东门手持机',
      },
    );

    const gateContext = await browser.newContext({ viewport: { width: 1024, height: 768 }, locale: 'zh-CN' });
    contexts.push(gateContext);
    const gate = await gateContext.newPage();
    await gate.clock.install({ time: serverNow });
    const gateProblems = watchForProblems(gate).problems;
    await gate.goto(registration.registrationUrl);
    await gate.getByTestId('gate-screen').waitFor();

    const morning = await phoneContext(browser, serverNow);
    contexts.push(morning.context);
    await morning.page.goto(orderUrl);
    const live = await shownCode(morning.page, numbers[0]!);
    expect(live).toMatch(/^[A-Z2-7]+\.\d+\.[A-Z2-7]{16}$/);
    await morning.page.screenshot({ path: join(SCREENSHOTS, 'shop-rotating-code-zh.png') });

    // The bare signed part (a screenshot of an old code's first part) is refused; the live code admits.
    expect((await wedgeScan(gate, live.split('.')[0]!)).result).toBe('code_expired');
    const admitted = await wedgeScan(gate, live);
    expect(admitted.result).toBe('ok');
    await gate.screenshot({ path: join(SCREENSHOTS, 'shop-gate-ok-zh.png') });

    // The phone's code moves on with the time steps (a screenshot stops working).
    const before = await shownCode(morning.page, numbers[1]!);
    await morning.page.clock.runFor(65_000);
    await expect.poll(() => shownCode(morning.page, numbers[1]!)).not.toBe(before);
    expect(gateProblems).toEqual([]);
    expect(visitor.problems).toEqual([]);
    expect(morning.problems).toEqual([]);
  });
});
