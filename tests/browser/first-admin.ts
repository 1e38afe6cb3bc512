// Logging in as the first administrator with the one-time password `admit start` printed, and the
// forced password change that follows — by keyboard, in Chinese, as admin-shell.test.ts does it.
import type { Page } from 'playwright-core';
import type { RunningAdmit } from './server';

async function focusedId(page: Page): Promise<string> {
  return page.evaluate<string>(`document.activeElement ? document.activeElement.id : ''`);
}

function waitForFocus(page: Page, id: string): Promise<unknown> {
  return page.waitForFunction(
    `document.activeElement !== null && document.activeElement.id === ${JSON.stringify(id)}`,
  );
}

/** Tab forward until the field with this id has focus (password fields have a show/hide button). */
export async function tabTo(page: Page, id: string, maxTabs = 3): Promise<void> {
  for (let i = 0; i < maxTabs; i++) {
    await page.keyboard.press('Tab');
    if ((await focusedId(page)) === id) return;
  }
  throw new Error(
    `#${id} never received focus after ${maxTabs} Tab presses (focus: #${await focusedId(page)})`,
  );
}

/** Presses Enter on a control, as a keyboard user who tabbed there would. */
export async function pressEnterOn(page: Page, testId: string): Promise<void> {
  await page.getByTestId(testId).focus();
  await page.keyboard.press('Enter');
}

export async function logInAsFirstAdmin(page: Page, admit: RunningAdmit, newPassword: string): Promise<void> {
  const firstAdmin = admit.firstAdmin;
  if (firstAdmin === undefined) throw new Error(`no first administrator was printed:\n${admit.stdout()}`);
  await page.goto(new URL('login', admit.url).href);
  await page.getByRole('heading', { level: 1, name: '登录' }).waitFor();
  await waitForFocus(page, 'loginName');
  await page.keyboard.type(firstAdmin.loginName);
  await tabTo(page, 'password', 1);
  await page.keyboard.type(firstAdmin.password);
  await page.keyboard.press('Enter');

  await page.getByRole('heading', { level: 1, name: '请修改初始密码' }).waitFor();
  await waitForFocus(page, 'currentPassword');
  await page.keyboard.type(firstAdmin.password);
  await tabTo(page, 'newPassword');
  await page.keyboard.type(newPassword);
  await tabTo(page, 'confirmPassword');
  await page.keyboard.type(newPassword);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: '您好，系统管理员' }).waitFor();
}
