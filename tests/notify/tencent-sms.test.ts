// The Tencent Cloud SMS adapter against a local Tencent Cloud (fakes/tencent-sms-fake.ts) that checks
// our TC3-HMAC-SHA256 signature and renders the approved templates: what the phone shows is our text;
// a wrong key, a bad number or an unapproved template fails for good; LimitExceeded, InternalError and
// silence are worth another try. The signature is checked against Tencent Cloud's published example.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@admit/domain';
import {
  renderNotification,
  smsTemplateText,
  tc3Authorization,
  tc3StringToSign,
  TencentSmsChannel,
  type SmsTemplateCodes,
  type TemplateId,
  type TencentSmsConfig,
} from '../../packages/services/src/notify/index';
import { startTencentSmsFake, type TencentSmsFake } from './fakes/tencent-sms-fake';
import { localeIds, sampleParams, smsMessage, templateIds } from './samples';

const SECRET_ID = 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3gnPhESA';
const SECRET_KEY = 'Gu5t9xGARNpq86cd98joQYCN3Cozk1qA';
const APP_ID = '1400006666';
const SIGN = '西湖景区';

/** Template ids 2000…: one per notification and language, approved at the fake with our text. */
const ids = Object.fromEntries(
  templateIds.map((t, i) => [t, { 'zh-CN': `20${i}0`, en: `20${i}1` }]),
) as Record<TemplateId, SmsTemplateCodes>;
const approved = Object.fromEntries(
  templateIds.flatMap((t) => localeIds.map((l) => [ids[t][l]!, smsTemplateText(t, l, 'tencent')])),
);

let fake: TencentSmsFake;
const config = (overrides: Partial<TencentSmsConfig> = {}): TencentSmsConfig => ({
  secretId: SECRET_ID,
  secretKey: SECRET_KEY,
  sdkAppId: APP_ID,
  signName: SIGN,
  templateIds: ids,
  endpoint: fake.url,
  timeoutMs: 2000,
  ...overrides,
});
let tencent: TencentSmsChannel;

beforeAll(async () => {
  fake = await startTencentSmsFake({
    secrets: { [SECRET_ID]: SECRET_KEY },
    sdkAppId: APP_ID,
    signNames: [SIGN],
    templates: approved,
  });
  tencent = new TencentSmsChannel(config());
});
afterAll(async () => fake.close());
afterEach(() => {
  fake.answer = null;
  fake.hang = false;
});

describe('signature', () => {
  // Tencent Cloud's worked example (CVM DescribeInstances, 2019-02-25); the body is signed byte for byte.
  const payload = '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}';
  const headers = { 'Content-Type': 'application/json; charset=utf-8', Host: 'cvm.tencentcloudapi.com' };

  it('gives the published signature', () => {
    expect(
      tc3Authorization({
        secretId: 'AKIDEXAMPLE',
        secretKey: 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE',
        service: 'cvm',
        timestamp: 1551113065,
        headers,
        payload,
      }),
    ).toBe(
      'TC3-HMAC-SHA256 Credential=AKIDEXAMPLE/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, ' +
        'Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168',
    );
  });

  it('signs X-TC-Action too, lower-cased, as the newer example does', () => {
    const signed = tc3StringToSign({
      service: 'cvm',
      timestamp: 1551113065,
      headers: { ...headers, 'X-TC-Action': 'DescribeInstances' },
      payload,
    });
    expect(signed.signedHeaders).toBe('content-type;host;x-tc-action');
    expect(signed.stringToSign).toBe(
      'TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n' +
        '7019a55be8395899b900fb5564e4200d984910f34794a27cb3fb7d10ff6a1e84',
    );
  });

  it('dates the credential in UTC: 00:44 on the 26th in Beijing is still the 25th', () => {
    const scope = (timestamp: number) =>
      tc3StringToSign({ service: 'sms', timestamp, headers, payload: '' }).scope;
    expect(scope(1551113065)).toBe('2019-02-25/sms/tc3_request');
    expect(scope(1551113065 + 8 * 3600)).toBe('2019-02-26/sms/tc3_request');
  });
});

describe('sending', () => {
  it('sends the one-time code: the phone shows the signature and our text', async () => {
    const result = await tencent.send(smsMessage({ to: '13800138000', reference: '0190f3c2-ab12-7def' }));
    const accepted = fake.accepted.at(-1)!;
    expect(result).toEqual({ state: 'sent', providerMessageId: accepted.serialNo });
    expect(accepted).toMatchObject({
      phoneNumber: '+8613800138000',
      signName: SIGN,
      templateId: '2000',
      templateParams: ['482913', '5'],
      sessionContext: '0190f3c2-ab12-7def',
      region: 'ap-guangzhou',
      text: '【西湖景区】您的验证码为482913，5分钟内有效。请勿告诉他人，如非本人操作请忽略。',
    });
    expect(fake.requests.at(-1)!.headers).toMatchObject({
      'x-tc-action': 'SendSms',
      'x-tc-version': '2021-01-11',
    });
  });

  it.each(templateIds.flatMap((t) => localeIds.map((l) => [t, l] as const)))(
    'sends %s in %s through its approved template',
    async (template, locale) => {
      const result = await tencent.send(smsMessage({ template, locale, params: sampleParams[template] }));
      expect(result.state).toBe('sent');
      expect(fake.accepted.at(-1)!.templateId).toBe(ids[template][locale]);
      expect(fake.accepted.at(-1)!.text).toBe(
        `【${SIGN}】${renderNotification(template, locale, sampleParams[template]).smsText}`,
      );
    },
  );
});

describe('failures', () => {
  it('a wrong secret key fails for good with AuthFailure.SignatureFailure, and nothing is sent', async () => {
    const before = fake.accepted.length;
    const wrong = new TencentSmsChannel(config({ secretKey: `${SECRET_KEY}x` }));
    expect(await wrong.send(smsMessage())).toMatchObject({
      state: 'failed',
      retryable: false,
      code: 'AuthFailure.SignatureFailure',
    });
    expect(fake.accepted.length).toBe(before);
  });

  it('an unknown SecretId fails for good', async () => {
    const unknown = new TencentSmsChannel(config({ secretId: 'AKIDnobody' }));
    expect(await unknown.send(smsMessage())).toMatchObject({
      retryable: false,
      code: 'AuthFailure.SecretIdNotFound',
    });
  });

  it('an invalid number fails for good before Tencent Cloud is asked', async () => {
    const before = fake.requests.length;
    expect(await tencent.send(smsMessage({ to: '+85291234567' }))).toMatchObject({
      retryable: false,
      code: 'invalid_recipient',
    });
    expect(fake.requests.length).toBe(before);
  });

  it("a number Tencent Cloud refuses (in the number's status) fails for good", async () => {
    fake.answer = { code: 'InvalidParameterValue.IncorrectPhoneNumber', message: '手机号格式错误' };
    expect(await tencent.send(smsMessage())).toEqual({
      state: 'failed',
      retryable: false,
      code: 'InvalidParameterValue.IncorrectPhoneNumber',
      reason: 'tencent-sms: InvalidParameterValue.IncorrectPhoneNumber — 手机号格式错误',
    });
  });

  it('an unapproved template or signature fails for good', async () => {
    const unapproved = new TencentSmsChannel(config({ templateIds: { one_time_code: { 'zh-CN': '9999' } } }));
    expect(await unapproved.send(smsMessage())).toMatchObject({
      retryable: false,
      code: 'FailedOperation.TemplateIncorrectOrUnapproved',
    });
    const unsigned = new TencentSmsChannel(config({ signName: '别的签名' }));
    expect(await unsigned.send(smsMessage())).toMatchObject({
      retryable: false,
      code: 'FailedOperation.SignatureIncorrectOrUnapproved',
    });
  });

  it.each([
    [{ code: 'LimitExceeded.PhoneNumberThirtySecondLimit' }],
    [{ code: 'LimitExceeded.PhoneNumberDailyLimit' }],
    [{ code: 'InternalError.Timeout', where: 'request' as const }],
    [{ code: 'RequestLimitExceeded', where: 'request' as const }],
    [{ code: 'FailedOperation.InsufficientBalanceInSmsPackage' }],
  ])('%j may pass later: retryable', async (answer) => {
    fake.answer = answer;
    expect(await tencent.send(smsMessage())).toMatchObject({
      state: 'failed',
      retryable: true,
      code: answer.code,
    });
  });

  it.each([
    [{ code: 'FailedOperation.PhoneNumberInBlacklist' }],
    [{ code: 'UnauthorizedOperation.SmsSdkAppIdVerifyFail', where: 'request' as const }],
  ])('%j never will: permanent', async (answer) => {
    fake.answer = answer;
    expect(await tencent.send(smsMessage())).toMatchObject({ retryable: false, code: answer.code });
  });

  it('no answer in time is retryable', async () => {
    fake.hang = true;
    const quick = new TencentSmsChannel(config({ timeoutMs: 300 }));
    const started = Date.now();
    expect(await quick.send(smsMessage())).toMatchObject({
      state: 'failed',
      retryable: true,
      code: 'timeout',
    });
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('configuration', () => {
  it.each<[Partial<TencentSmsConfig>, string, string]>([
    [{ secretId: '' }, 'secretId', 'required'],
    [{ secretKey: '' }, 'secretKey', 'required'],
    [{ sdkAppId: 'app' }, 'sdkAppId', 'digits'],
    [{ region: 'Guangzhou' }, 'region', 'format'],
    [{ endpoint: 'not a url' }, 'endpoint', 'url'],
    [{ templateIds: { e_ticket: { 'zh-CN': ' ', en: '2011' } } }, 'templateIds.e_ticket.zh-CN', 'required'],
  ])('refuses %j, naming %s', (overrides, field, rule) => {
    let error: unknown;
    try {
      new TencentSmsChannel(config(overrides));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).details).toEqual({ channel: 'tencent-sms', field, rule });
  });
});
