// Tour groups' acceptance test, in a real Chromium against the real server (`admit start`, the demo's
// 云山风景区 with its group rule). The first administrator opens an agency account, makes its portal
// user (role 旅行社) and links it on the agencies page (门户账号), by keyboard. The agency logs in (changing its one-time password), uploads a
// 30-name Excel list with two bad ID numbers on 团队预订: both are listed by row, it books without
// them and gets a group code. At 团队检票 gate staff (role 检票员, its own login at the site) type the
// code and Enter to see the group, a head count of 28 and Enter admit it at once; the agency's
// statement (the agency routes) shows the group's order on account. No console errors or CSP
// violations.
import { civilParts, residentIdCheckCharacter } from '@admit/domain';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiFor } from './api';
import { chromiumMissingReason, launchChromium, watchForProblems } from './chromium';
import { logInAsFirstAdmin, tabTo } from './first-admin';
import { waitForFocusOn } from './gate-scan';
import { startAdmit, type RunningAdmit } from './server';

const ADMIN_PASSWORD = 'Group-Lane-Keeper-2026!';
const AGENCY_PASSWORD = 'Spring-Autumn-Tours-2026';
const GATE_PASSWORD = 'Group-Lane-Staff-2026';

function residentId(n: number): string {
  const first17 = `32050219880808${String(n).padStart(3, '0')}`;
  return first17 + residentIdCheckCharacter(first17);
}

/** 30 people: a guide, a driver, 28 visitors; numbers 7 and 19 carry a wrong check character. */
async function thirtyNames(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('团队名单');
  sheet.addRow(['序号', '姓名', '证件类型', '证件号码', '身份', '导游证号']);
  for (let n = 1; n <= 30; n++) {
    let id = residentId(n);
    if (n === 7 || n === 19) id = id.slice(0, 17) + (id.endsWith('1') ? '2' : '1');
    const role = n === 1 ? '导游' : n === 2 ? '司机' : '游客';
    sheet.addRow([
      n,
      n === 1 ? '王导游' : n === 2 ? '李师傅' : `游客${n}`,
      '身份证',
      id,
      role,
      n === 1 ? 'D-3205-000888' : '',
    ]);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Demo sessions run 08:00–17:00 at the site: outside them, the server's clock is set back to 10:00. */
function clockOffsetMinutes(): number {
  const [h, m] = civilParts(new Date(), 'Asia/Shanghai').time.split(':').map(Number) as [number, number];
  const minutes = h * 60 + m;
  return minutes >= 7 * 60 && minutes < 15 * 60 ? 0 : 10 * 60 - minutes;
}

async function logInWithOneTimePassword(page: Page, url: string, login: string, once: string, next: string) {
  await page.goto(new URL('login', url).href);
  await page.getByRole('heading', { level: 1, name: '登录' }).waitFor();
  await page.locator('#loginName').focus();
  await page.keyboard.type(login);
  await tabTo(page, 'password', 1);
  await page.keyboard.type(once);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: '请修改初始密码' }).waitFor();
  await page.locator('#currentPassword').focus();
  await page.keyboard.type(once);
  await tabTo(page, 'newPassword');
  await page.keyboard.type(next);
  await tabTo(page, 'confirmPassword');
  await page.keyboard.type(next);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: /您好/ }).waitFor();
}

describe.skipIf(chromiumMissingReason !== undefined)('tour groups in the browser', () => {
  let admit: RunningAdmit;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    [admit, browser] = await Promise.all([
      startAdmit({
        env: { ADMIT_CATALOG_CACHE_MS: '0', ADMIT_CLOCK_OFFSET_MINUTES: String(clockOffsetMinutes()) },
      }),
      launchChromium(),
    ]);
  }, 240_000);
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await admit?.stop();
  });

  async function newPage(): Promise<{ page: Page; problems: string[] }> {
    const context = await browser.newContext({ locale: 'zh-CN' });
    contexts.push(context);
    const page = await context.newPage();
    return { page, ...watchForProblems(page) };
  }

  it('books a 30-name group (two bad IDs by row), admits 28 with one code, and the statement shows it', async () => {
    const admin = await newPage();
    await logInAsFirstAdmin(admin.page, admit, ADMIN_PASSWORD);
    const api = await apiFor(admin.page, admit.url);
    const { sites } = await api.get<{ sites: { id: string; code: string }[] }>('/api/v1/catalog/sites');
    const site = sites.find((s) => s.code === 'YUNSHAN')!;
    const roles = await api.get<{ roles: { id: string; code: string }[] } | { id: string; code: string }[]>(
      '/api/v1/roles',
    );
    const roleList = Array.isArray(roles) ? roles : roles.roles;
    const agencyRole = roleList.find((r) => r.code === 'agency')!;
    const gateRole = roleList.find((r) => r.code === 'gate_staff')!;
    const agency = await api.post<{ id: string }>(`/api/v1/sites/${site.id}/agencies`, {
      code: 'CQTS',
      name: '春秋旅行社',
      contactName: '陈经理',
      contactPhone: '13800138000',
      creditLimit: 2_000_000,
    });
    const created = await api.post<{ user: { id: string }; temporaryPassword: string }>('/api/v1/users', {
      loginName: 'chunqiu',
      displayName: '春秋旅行社',
      grants: [{ roleId: agencyRole.id, siteId: site.id }],
    });
    // 旅行社 → 门户账号, by keyboard: the user field has the focus, type, Enter picks, Enter links.
    await admin.page.goto(new URL('agencies', admit.url).href);
    await admin.page.locator('#agencies-site').focus();
    await admin.page.keyboard.type('云山');
    await admin.page.locator('.ant-select-item-option-active', { hasText: '云山' }).waitFor();
    await admin.page.keyboard.press('Enter');
    await admin.page.getByTestId('portal-users-agency-CQTS').focus();
    await admin.page.keyboard.press('Enter');
    await admin.page.getByText('还没有门户账号。').waitFor();
    await expect
      .poll(() =>
        admin.page.evaluate<boolean>(
          `document.activeElement !== null && document.activeElement.closest('.ant-select') !== null`,
        ),
      )
      .toBe(true);
    await admin.page.keyboard.type('chunqiu');
    await admin.page.locator('.ant-select-item-option-active', { hasText: 'chunqiu' }).waitFor();
    await admin.page.keyboard.press('Enter');
    await admin.page.keyboard.press('Enter');
    await admin.page.getByTestId('portal-user-chunqiu').waitFor();
    await admin.page.keyboard.press('Escape');
    await admin.page.getByTestId('portal-users-table').waitFor({ state: 'detached' });
    const linked = await api.get<{ userId: string }[]>(
      `/api/v1/sites/${site.id}/agencies/${agency.id}/portal-users`,
    );
    expect(linked.map((u) => u.userId)).toEqual([created.user.id]);

    // The agency's portal: 团队预订 with the list.
    const portal = await newPage();
    await logInWithOneTimePassword(
      portal.page,
      admit.url,
      'chunqiu',
      created.temporaryPassword,
      AGENCY_PASSWORD,
    );
    await portal.page.goto(new URL('groups', admit.url).href);
    await portal.page.getByRole('heading', { level: 1, name: '团队预订' }).waitFor();
    await portal.page.locator('#group-name').fill('苏州夕阳红一日游');
    await portal.page.getByTestId('group-file').setInputFiles({
      name: '团队名单.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: await thirtyNames(),
    });
    await portal.page.getByRole('button', { name: '校验名单' }).focus();
    await portal.page.keyboard.press('Enter');
    const errors = portal.page.getByTestId('group-errors');
    await errors.waitFor();
    const errorRows = await errors.locator('tbody tr').allInnerTexts();
    expect(errorRows).toHaveLength(2);
    expect(errorRows[0]).toMatch(/^8\s+证件号码\s+身份证号码校验位不对/);
    expect(errorRows[1]).toMatch(/^20\s+证件号码/);
    await portal.page.getByTestId('group-preview').getByText('可预订 28 人').waitFor();
    await portal.page.getByTestId('group-confirm').focus();
    await portal.page.keyboard.press('Enter');
    const code = (await portal.page.getByTestId('group-code').innerText()).trim();
    expect(code).toMatch(/^G\d{8}$/);

    // 团队检票 at the staffed lane, by gate staff working at this one site (no site to choose):
    // code, Enter; head count 28, Enter.
    const staff = await api.post<{ user: { id: string }; temporaryPassword: string }>('/api/v1/users', {
      loginName: 'lane01',
      displayName: '团队通道检票员',
      grants: [{ roleId: gateRole.id, siteId: site.id }],
    });
    const gate = await newPage();
    await logInWithOneTimePassword(gate.page, admit.url, 'lane01', staff.temporaryPassword, GATE_PASSWORD);
    await gate.page.goto(new URL('group-lane', admit.url).href);
    await gate.page.getByRole('heading', { level: 1, name: '团队检票' }).waitFor();
    expect(await gate.page.locator('#lane-site').count()).toBe(0);
    await waitForFocusOn(gate.page, 'lane-code');
    await gate.page.keyboard.type(code);
    await gate.page.keyboard.press('Enter');
    await gate.page.getByTestId('lane-group').getByText('春秋旅行社').waitFor();
    await waitForFocusOn(gate.page, 'lane-count');
    // More than the group's 28 valid tickets is refused in the form, before anything is sent.
    await gate.page.keyboard.press('Control+A');
    await gate.page.keyboard.type('29');
    await gate.page.keyboard.press('Enter');
    await gate.page.getByTestId('lane-count-error').getByText('实到人数不能超过可入园的 28 人').waitFor();
    await gate.page.keyboard.press('Control+A');
    await gate.page.keyboard.type('28');
    await gate.page.keyboard.press('Enter');
    const result = gate.page.getByTestId('lane-result');
    await result.waitFor();
    expect(await result.innerText()).toContain('已检票入园 28 人');
    await waitForFocusOn(gate.page, 'lane-code');

    // The agency's statement carries the group's order on account.
    const options = await api.get<{ today: string }>(`/api/v1/sites/${site.id}/groups/options`);
    const groups = await api.get<{ code: string; orderNumber: string; admittedCount: number }[]>(
      `/api/v1/sites/${site.id}/groups`,
    );
    const group = groups.find((g) => g.code === code)!;
    expect(group.admittedCount).toBe(28);
    const statement = await api.get<{ lines: { kind: string; orderNumber: string | null }[] }>(
      `/api/v1/sites/${site.id}/agencies/${agency.id}/statement?from=${options.today}&to=${options.today}`,
    );
    expect(statement.lines).toContainEqual(
      expect.objectContaining({ kind: 'sale', orderNumber: group.orderNumber }),
    );
    // …and the agency sees its group admitted in its own list.
    await portal.page.reload();
    await portal.page.getByRole('cell', { name: code }).waitFor();

    expect(admin.problems).toEqual([]);
    expect(portal.problems).toEqual([]);
    expect(gate.problems).toEqual([]);
  }, 240_000);
});
