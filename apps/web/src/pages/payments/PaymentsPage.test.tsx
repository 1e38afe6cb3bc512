import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import type { PaymentAccount } from '../../api/payments';
import { catalogIds, yunshan } from '../../test/catalogFixtures';
import { adminMe, sellerMe } from '../../test/fixtures';
import { errorReply, renderApp, renderPage, type Handler } from '../../test/render';
import { PaymentsPage } from './PaymentsPage';
import { fieldProblems } from './accountFields';

const accountsPath = `/api/v1/sites/${catalogIds.site}/payment-accounts`;
const simulatorId = '0190a000-0000-7000-8000-0000000000a1';

const simulator: PaymentAccount = {
  id: simulatorId,
  siteId: catalogIds.site,
  provider: 'simulator',
  label: '培训模拟器',
  enabled: true,
  merchantId: 'SIM-MERCHANT',
  settings: { url: 'http://127.0.0.1:9400' },
  secretHints: { secret: '••••AB12' },
  lastTestAt: null,
  lastTestOk: null,
  lastTestMessage: null,
  notifyUrl: `https://tickets.example.com/api/v1/payments/notify/${simulatorId}`,
};

function paymentRoutes(routes: Record<string, Handler> = {}): Record<string, Handler> {
  return {
    'GET /api/v1/catalog/sites': { status: 200, body: { sites: [yunshan] } },
    [`GET ${accountsPath}`]: { status: 200, body: [simulator] },
    ...routes,
  };
}

describe('payment providers', () => {
  it('shows each provider, keeps a saved secret when its field is left empty, and tests the connection', async () => {
    let stored = simulator;
    const { requests } = renderPage(<PaymentsPage />, {
      path: '/payments',
      server: {
        me: adminMe,
        routes: paymentRoutes({
          [`GET ${accountsPath}`]: () => ({ status: 200, body: [stored] }),
          [`PUT ${accountsPath}/simulator`]: ({ body }) => {
            const { secrets: _secrets, ...saved } = body as Record<string, unknown>;
            stored = { ...stored, ...saved };
            return { status: 200, body: stored };
          },
          [`POST ${accountsPath}/${simulatorId}/test`]: {
            status: 200,
            body: {
              ...simulator,
              lastTestAt: '2026-05-04T06:30:00.000Z',
              lastTestOk: false,
              lastTestMessage: 'No answer, or an answer with a wrong signature (check the secret).',
            },
          },
        }),
      },
    });
    expect(await screen.findByRole('heading', { level: 1, name: '支付通道' })).toBeTruthy();
    expect((await screen.findByTestId('payment-status-alipay')).textContent).toBe('未配置');
    expect(screen.getByTestId('payment-status-simulator').textContent).toBe('已启用');
    expect(screen.getByTestId('payment-hint-simulator-secret').textContent).toBe('••••AB12');
    expect(screen.getByTestId('payment-notify-url-simulator').textContent).toContain(
      `/api/v1/payments/notify/${simulatorId}`,
    );

    fireEvent.click(screen.getByTestId('payment-edit-simulator'));
    const secret = await screen.findByTestId<HTMLInputElement>('payment-field-secret');
    expect(secret.value).toBe('');
    expect(secret.placeholder).toBe('已保存 ••••AB12，留空则不变');
    fireEvent.change(screen.getByLabelText('名称'), { target: { value: '模拟器（培训）' } });
    fireEvent.click(screen.getByTestId('payment-save'));
    await waitFor(() => expect(requests(`PUT ${accountsPath}/simulator`)).toHaveLength(1));
    expect(requests(`PUT ${accountsPath}/simulator`)[0]?.body).toEqual({
      label: '模拟器（培训）',
      enabled: true,
      merchantId: 'SIM-MERCHANT',
      settings: { url: 'http://127.0.0.1:9400' },
      secrets: {},
    });
    await waitFor(() =>
      expect(screen.getByTestId('payment-label-simulator').textContent).toBe('模拟器（培训）'),
    );

    // A new secret is sent once, and the next opening of the form starts empty again.
    fireEvent.click(screen.getByTestId('payment-edit-simulator'));
    fireEvent.change(await screen.findByTestId('payment-field-secret'), {
      target: { value: 'fresh-secret-7777' },
    });
    fireEvent.click(screen.getByTestId('payment-save'));
    await waitFor(() => expect(requests(`PUT ${accountsPath}/simulator`)).toHaveLength(2));
    expect(requests(`PUT ${accountsPath}/simulator`)[1]?.body).toMatchObject({
      secrets: { secret: 'fresh-secret-7777' },
    });
    await waitFor(() => expect(screen.queryByTestId('payment-form-simulator')).toBeNull());
    fireEvent.click(screen.getByTestId('payment-edit-simulator'));
    expect((await screen.findByTestId<HTMLInputElement>('payment-field-secret')).value).toBe('');

    fireEvent.click(screen.getByTestId('payment-test-simulator'));
    const result = await screen.findByTestId('payment-test-result-simulator');
    expect(result.getAttribute('data-ok')).toBe('false');
    expect(result.textContent).toContain('连接失败');
    expect(result.textContent).toContain('check the secret');
    expect(result.textContent).toContain('2026-05-04 14:30');
  });

  it("shows the adapter's refusal next to the field it is about, in the user's language", async () => {
    renderPage(<PaymentsPage />, {
      path: '/payments',
      server: {
        me: adminMe,
        routes: paymentRoutes({
          [`PUT ${accountsPath}/alipay`]: errorReply(
            400,
            'validation_failed',
            '提交的内容有误，请检查后重试。',
            {
              provider: 'alipay',
              field: 'privateKey',
              rule: 'invalid_key',
            },
          ),
        }),
      },
    });
    fireEvent.click(await screen.findByTestId('payment-edit-alipay'));
    const form = await screen.findByTestId('payment-form-alipay');
    fireEvent.change(within(form).getByLabelText('合作伙伴身份（PID）'), {
      target: { value: '2088000000000001' },
    });
    fireEvent.change(within(form).getByLabelText('APPID'), { target: { value: '2021000000000001' } });
    fireEvent.change(within(form).getByLabelText('应用私钥'), { target: { value: 'not a key' } });
    fireEvent.change(within(form).getByLabelText('支付宝公钥'), { target: { value: 'not a key either' } });
    fireEvent.click(screen.getByTestId('payment-save'));
    expect(
      await screen.findByText('不是有效的 RSA 密钥：请粘贴完整内容（含 BEGIN 和 END 行）。'),
    ).toBeTruthy();
    expect(screen.queryByTestId('payment-save-error')).toBeNull();
    expect(screen.getByTestId('payment-status-alipay').textContent).toBe('未配置');
  });

  it('says so when the installation runs no simulator, and summarises the drills applied', async () => {
    let running = false;
    const { requests } = renderPage(<PaymentsPage />, {
      path: '/payments',
      server: {
        me: adminMe,
        routes: paymentRoutes({
          'PUT /api/v1/payments/simulator/faults': () =>
            running
              ? { status: 200, body: { applied: true } }
              : errorReply(
                  503,
                  'payment_provider_unavailable',
                  '支付通道暂时不可用，请稍后重试或改用其他方式。',
                  {
                    provider: 'simulator',
                  },
                ),
        }),
      },
    });
    fireEvent.click(await screen.findByTestId('drills-off'));
    const unavailable = await screen.findByTestId('drills-result');
    await waitFor(() => expect(unavailable.getAttribute('data-state')).toBe('unavailable'));
    expect(unavailable.textContent).toContain('没有运行支付模拟器');

    running = true;
    fireEvent.change(screen.getByLabelText('每次通知重复发送（份）'), { target: { value: '3' } });
    fireEvent.change(screen.getByLabelText('丢弃前几次通知'), { target: { value: '2' } });
    fireEvent.click(screen.getByTestId('drills-apply'));
    await waitFor(() =>
      expect(screen.getByTestId('drills-result').getAttribute('data-state')).toBe('applied'),
    );
    expect(requests('PUT /api/v1/payments/simulator/faults')[1]?.body).toEqual({
      duplicates: 3,
      dropAttempts: 2,
    });
    expect(screen.getByTestId('drills-result').textContent).toContain('每次发送 3 份、丢弃前 2 次');
  });

  it('is not for a seller', async () => {
    renderApp({ path: '/payments', server: { me: sellerMe, routes: paymentRoutes() } });
    expect(await screen.findByRole('heading', { level: 1, name: '没有访问权限' })).toBeTruthy();
  });
});

describe("an adapter's refusal", () => {
  const refusal = (details: unknown) =>
    new ApiError('validation_failed', 'invalid', { status: 400, details });

  it('names the form field, whatever the adapter calls it', () => {
    expect(
      fieldProblems('alipay', refusal({ provider: 'alipay', field: 'sellerId', rule: 'invalid_format' })),
    ).toEqual([expect.objectContaining({ name: ['merchantId'], rule: 'invalid_format' })]);
    expect(
      fieldProblems(
        'wechat',
        refusal({ provider: 'wechat', field: 'platformPublicKey.keyId', rule: 'format' }),
      ),
    ).toEqual([expect.objectContaining({ name: ['settings', 'platformPublicKeyId'] })]);
    expect(
      fieldProblems(
        'wechat',
        refusal({ provider: 'wechat', field: 'platformCertificates[1]', rule: 'serial_mismatch' }),
      ),
    ).toEqual([expect.objectContaining({ name: ['settings', 'platformCertificates'] })]);
    expect(
      fieldProblems('wechat', refusal({ provider: 'wechat', field: 'apiV3Key', rule: 'length_32' })),
    ).toEqual([expect.objectContaining({ name: ['secrets', 'apiV3Key'] })]);
  });

  it("maps the request's own limits, and nothing for another provider's or a field-less refusal", () => {
    expect(
      fieldProblems(
        'simulator',
        refusal({ in: 'body', issues: [{ path: 'settings.url', message: 'too long' }] }),
      ),
    ).toEqual([expect.objectContaining({ name: ['settings', 'url'], rule: 'length' })]);
    expect(fieldProblems('alipay', refusal({ provider: 'wechat', field: 'appId', rule: 'format' }))).toEqual(
      [],
    );
    expect(fieldProblems('simulator', refusal({ account: 'url and secret' }))).toEqual([]);
  });
});
