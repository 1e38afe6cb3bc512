import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { catalogIds, catalogRoutes, yunshan } from '../../../test/catalogFixtures';
import { adminMe, sellerMe } from '../../../test/fixtures';
import { errorReply, renderApp, type Handler } from '../../../test/render';
import type { ShopSettings } from './shopSettingsApi';

const settingsPath = `/api/v1/sites/${catalogIds.site}/shop-settings`;

const saved: ShopSettings = {
  enabled: true,
  rotatingCodes: false,
  rotationStepSeconds: 30,
  rotationToleranceSteps: 2,
  perIdDailyLimit: 5,
  perPhoneDailyLimit: null,
  freeCancelMinutesBefore: 120,
  noShowLimit: null,
  noShowWindowDays: 90,
  noShowBlockDays: 30,
  noticeZh: '请携带身份证入园。',
  noticeEn: '',
};

function shopRoutes(routes: Record<string, Handler> = {}) {
  return catalogRoutes({ [`GET ${settingsPath}`]: { status: 200, body: saved }, ...routes });
}

function field(label: string): HTMLInputElement {
  return screen.getByLabelText<HTMLInputElement>(label);
}

function itemText(label: string): string {
  return field(label).closest('.ant-form-item')?.textContent ?? '';
}

describe('online shop settings (网上售票)', () => {
  it('loads the settings, explains each rule as it is edited, and saves the whole set', async () => {
    let stored = saved;
    const { requests } = renderApp({
      path: '/catalog/shop',
      server: {
        me: adminMe,
        routes: shopRoutes({
          [`GET ${settingsPath}`]: () => ({ status: 200, body: stored }),
          [`PUT ${settingsPath}`]: ({ body }) => {
            stored = body as ShopSettings;
            return { status: 200, body: stored };
          },
        }),
      },
    });
    expect(await screen.findByTestId('shop-settings-form', {}, { timeout: 15_000 })).toBeTruthy();
    expect(screen.getByRole('tab', { name: '网上售票', selected: true })).toBeTruthy();

    // The public address, to copy, because the shop is on.
    expect(screen.getByTestId('shop-url').textContent).toContain(`/shop/${yunshan.code}`);
    expect(screen.getByTestId('shop-link').querySelector('.ant-typography-copy')).toBeTruthy();
    expect(field('购票须知（中文）').value).toBe('请携带身份证入园。');

    expect(itemText('每个证件每天限购（张）')).toContain('同一证件每个参观日最多预约 5 张');
    expect(itemText('每个手机号每天限购（单）')).toContain('留空：同一手机号不限订单数。');
    fireEvent.change(field('每个手机号每天限购（单）'), { target: { value: '2' } });
    await waitFor(() => expect(itemText('每个手机号每天限购（单）')).toContain('最多下 2 个订单'));

    // The no-show rule: off while its count is empty, then in one sentence.
    expect(screen.getByTestId('no-show-rule').textContent).toContain('预约后未到场不受限制');
    expect(field('不能预约（天）').disabled).toBe(true);
    fireEvent.change(field('未到场次数'), { target: { value: '3' } });
    await waitFor(() =>
      expect(screen.getByTestId('no-show-rule').textContent).toBe(
        '90 天内 3 次预约未到场，此后 30 天内不能预约。',
      ),
    );
    expect(field('不能预约（天）').disabled).toBe(false);
    fireEvent.change(field('不能预约（天）'), { target: { value: '60' } });

    // Rotating codes: the step and tolerance open up, and the sentence follows them.
    expect(screen.getByTestId('rotation-rule').textContent).toContain('截图或转发的二维码也能检票');
    expect(field('更换间隔（秒）').disabled).toBe(true);
    fireEvent.click(screen.getByTestId('shop-rotating'));
    await waitFor(() => expect(field('更换间隔（秒）').disabled).toBe(false));
    fireEvent.change(field('更换间隔（秒）'), { target: { value: '20' } });
    await waitFor(() =>
      expect(screen.getByTestId('rotation-rule').textContent).toContain(
        '每 20 秒更换一次，截图无效；检票时按时间步校验，容差 2 步（约 40 秒）',
      ),
    );

    fireEvent.change(field('每个证件每天限购（张）'), { target: { value: '' } });
    fireEvent.change(field('购票须知（英文）'), { target: { value: '  Bring your ID.  ' } });
    fireEvent.click(screen.getByTestId('shop-settings-save'));

    await waitFor(() => expect(requests(`PUT ${settingsPath}`)).toHaveLength(1));
    expect(requests(`PUT ${settingsPath}`)[0]?.body).toEqual({
      enabled: true,
      rotatingCodes: true,
      rotationStepSeconds: 20,
      rotationToleranceSteps: 2,
      perIdDailyLimit: null,
      perPhoneDailyLimit: 2,
      freeCancelMinutesBefore: 120,
      noShowLimit: 3,
      noShowWindowDays: 90,
      noShowBlockDays: 60,
      noticeZh: '请携带身份证入园。',
      noticeEn: 'Bring your ID.',
    });
    expect(await screen.findByText('网上售票设置已保存')).toBeTruthy();
    expect(field('购票须知（英文）').value).toBe('Bring your ID.');
  });

  it("puts the server's refusal on the field it names, with the field's bounds", async () => {
    const { requests } = renderApp({
      path: '/catalog/shop',
      server: {
        me: adminMe,
        routes: shopRoutes({
          [`PUT ${settingsPath}`]: errorReply(400, 'validation_failed', '提交的内容有误，请检查后重试。', {
            in: 'body',
            issues: [{ path: 'freeCancelMinutesBefore', message: 'Too big: expected number to be <=10080' }],
          }),
        }),
      },
    });
    expect(await screen.findByTestId('shop-settings-form', {}, { timeout: 15_000 })).toBeTruthy();
    fireEvent.change(field('免费预约可取消至入园前（分钟）'), { target: { value: '60' } });
    fireEvent.click(screen.getByTestId('shop-settings-save'));

    await waitFor(() =>
      expect(itemText('免费预约可取消至入园前（分钟）')).toContain('请输入 0–10080 的整数'),
    );
    expect(field('免费预约可取消至入园前（分钟）').closest('.ant-form-item')?.className).toContain(
      'ant-form-item-has-error',
    );
    // Shown on the field, so not repeated above the form.
    expect(screen.queryByTestId('shop-settings-error')).toBeNull();
    expect(requests(`PUT ${settingsPath}`)[0]?.body).toMatchObject({ freeCancelMinutesBefore: 60 });
  });

  it('refuses out-of-range numbers before sending, and shows a refusal about no field above the form', async () => {
    const { requests } = renderApp({
      path: '/catalog/shop',
      server: {
        me: adminMe,
        routes: shopRoutes({
          [`PUT ${settingsPath}`]: errorReply(403, 'permission_denied', '您没有执行此操作的权限。'),
        }),
      },
    });
    expect(await screen.findByTestId('shop-settings-form', {}, { timeout: 15_000 })).toBeTruthy();
    fireEvent.change(field('每个证件每天限购（张）'), { target: { value: '0' } });
    fireEvent.click(screen.getByTestId('shop-settings-save'));
    await waitFor(() => expect(itemText('每个证件每天限购（张）')).toContain('请输入 1–100 的整数，或留空'));
    expect(requests(`PUT ${settingsPath}`)).toHaveLength(0);

    fireEvent.change(field('每个证件每天限购（张）'), { target: { value: '4' } });
    fireEvent.click(screen.getByTestId('shop-settings-save'));
    expect((await screen.findByTestId('shop-settings-error')).textContent).toContain(
      '您没有执行此操作的权限。',
    );
  });

  it('shows the settings read-only to someone who may not change the catalog, and no link while off', async () => {
    renderApp({
      path: '/catalog/shop',
      server: {
        me: sellerMe,
        routes: shopRoutes({ [`GET ${settingsPath}`]: { status: 200, body: { ...saved, enabled: false } } }),
      },
    });
    expect(await screen.findByTestId('shop-settings-form', {}, { timeout: 15_000 })).toBeTruthy();
    expect(screen.queryByTestId('shop-settings-save')).toBeNull();
    expect(field('每个证件每天限购（张）').disabled).toBe(true);
    expect(screen.queryByTestId('shop-link')).toBeNull();
  });
});
