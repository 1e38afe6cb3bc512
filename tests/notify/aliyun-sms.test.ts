// The Aliyun SMS adapter against a local Aliyun (fakes/aliyun-sms-fake.ts) that recomputes our RPC
// signature and renders the approved templates: what the phone shows is our text; a wrong secret,
// a bad number or an unapproved template fails for good; throttling, Aliyun's trouble and silence are
// worth another try. The signature itself is checked against Aliyun's published worked example.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@admit/domain';
import {
  AliyunSmsChannel,
  aliyunSignature,
  renderNotification,
  smsTemplateText,
  type AliyunSmsConfig,
  type SmsTemplateCodes,
  type TemplateId,
} from '../../packages/services/src/notify/index';
import { percentEncode } from '../../packages/services/src/notify/aliyun-sms';
import { startAliyunSmsFake, type AliyunSmsFake } from './fakes/aliyun-sms-fake';
import { localeIds, sampleParams, smsMessage, templateIds } from './samples';

const KEY_ID = 'LTAI5tQm8xZ3Exampl3KeyId';
const KEY_SECRET = 'pJx9dX2e0kq3Wf7VtG4mN1sB8cR5yHaZ';
const SIGN = '西湖景区';

/** Template codes SMS_1000…: one per notification and language, approved at the fake with our text. */
const codes = Object.fromEntries(
  templateIds.map((t, i) => [t, { 'zh-CN': `SMS_10${i}0`, en: `SMS_10${i}1` }]),
) as Record<TemplateId, SmsTemplateCodes>;
const approved = Object.fromEntries(
  templateIds.flatMap((t) => localeIds.map((l) => [codes[t][l]!, smsTemplateText(t, l, 'aliyun')])),
);

let fake: AliyunSmsFake;
const config = (overrides: Partial<AliyunSmsConfig> = {}): AliyunSmsConfig => ({
  accessKeyId: KEY_ID,
  accessKeySecret: KEY_SECRET,
  signName: SIGN,
  templateCodes: codes,
  endpoint: fake.url,
  timeoutMs: 2000,
  ...overrides,
});
let aliyun: AliyunSmsChannel;

beforeAll(async () => {
  fake = await startAliyunSmsFake({
    accessKeys: { [KEY_ID]: KEY_SECRET },
    signNames: [SIGN],
    templates: approved,
  });
  aliyun = new AliyunSmsChannel(config());
});
afterAll(async () => fake.close());
afterEach(() => {
  fake.answer = null;
  fake.hang = false;
});

describe('signature', () => {
  it("matches Aliyun's published SendSms example", () => {
    const params = {
      AccessKeyId: 'testId',
      Action: 'SendSms',
      Format: 'XML',
      OutId: '123',
      PhoneNumbers: '15300000001',
      RegionId: 'cn-hangzhou',
      SignName: '阿里云短信测试专用',
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: '45e25e9b-0a6f-4070-8c85-2956eda1b466',
      SignatureVersion: '1.0',
      TemplateCode: 'SMS_71390007',
      TemplateParam: '{"customer":"test"}',
      Timestamp: '2017-07-12T02:42:19Z',
      Version: '2017-05-25',
    };
    expect(aliyunSignature('GET', params, 'testSecret')).toBe('zJDF+Lrzhj/ThnlvIToysFRq6t4=');
  });

  it("percent-encodes as RFC 3986 (space %20, * ( ) ! ' encoded, ~ not)", () => {
    expect(percentEncode("a b*~'()!+/=")).toBe('a%20b%2A~%27%28%29%21%2B%2F%3D');
    expect(percentEncode('验证')).toBe('%E9%AA%8C%E8%AF%81');
  });
});

describe('sending', () => {
  it('sends the one-time code: the phone shows the signature and our text', async () => {
    const result = await aliyun.send(smsMessage({ to: '+8613800138000', reference: '0190f3c2-ab12-7def' }));
    expect(result).toMatchObject({ state: 'sent', providerMessageId: fake.accepted.at(-1)!.bizId });
    expect(fake.accepted.at(-1)).toMatchObject({
      phoneNumbers: '13800138000',
      signName: SIGN,
      templateCode: 'SMS_1000',
      templateParam: { code: '482913', minutes: '5' },
      outId: '0190f3c2-ab12-7def',
      text: '【西湖景区】您的验证码为482913，5分钟内有效。请勿告诉他人，如非本人操作请忽略。',
    });
    // Form body, not the query string: numbers and codes stay out of access logs.
    expect(fake.requests.at(-1)!.method).toBe('POST');
  });

  it.each(templateIds.flatMap((t) => localeIds.map((l) => [t, l] as const)))(
    'sends %s in %s through its approved template',
    async (template, locale) => {
      const result = await aliyun.send(smsMessage({ template, locale, params: sampleParams[template] }));
      expect(result.state).toBe('sent');
      expect(fake.accepted.at(-1)!.templateCode).toBe(codes[template][locale]);
      expect(fake.accepted.at(-1)!.text).toBe(
        `【${SIGN}】${renderNotification(template, locale, sampleParams[template]).smsText}`,
      );
    },
  );

  it('uses the Chinese template when no English one is configured', async () => {
    const zhOnly = new AliyunSmsChannel(
      config({ templateCodes: { refund: { 'zh-CN': codes.refund['zh-CN'] } } }),
    );
    expect(
      (await zhOnly.send(smsMessage({ template: 'refund', locale: 'en', params: sampleParams.refund })))
        .state,
    ).toBe('sent');
    expect(fake.accepted.at(-1)!.text).toBe(
      '【西湖景区】订单XIHU-260501-W1-0042已退款¥128.50，款项将原路退回。',
    );
  });

  it('signs every request afresh (a new nonce each time)', async () => {
    await aliyun.send(smsMessage());
    await aliyun.send(smsMessage());
    const [a, b] = fake.requests.slice(-2);
    expect(a!.params.SignatureNonce).not.toBe(b!.params.SignatureNonce);
  });
});

describe('failures', () => {
  it('a wrong secret fails for good with SignatureDoesNotMatch, and nothing is sent', async () => {
    const before = fake.accepted.length;
    const wrong = new AliyunSmsChannel(config({ accessKeySecret: `${KEY_SECRET}x` }));
    expect(await wrong.send(smsMessage())).toMatchObject({
      state: 'failed',
      retryable: false,
      code: 'SignatureDoesNotMatch',
    });
    expect(fake.accepted.length).toBe(before);
  });

  it('an unknown AccessKeyId fails for good', async () => {
    const unknown = new AliyunSmsChannel(config({ accessKeyId: 'LTAI-nobody' }));
    expect(await unknown.send(smsMessage())).toMatchObject({
      retryable: false,
      code: 'InvalidAccessKeyId.NotFound',
    });
  });

  it('an invalid number fails for good before Aliyun is asked', async () => {
    const before = fake.requests.length;
    expect(await aliyun.send(smsMessage({ to: '12345678901' }))).toMatchObject({
      retryable: false,
      code: 'invalid_recipient',
    });
    expect(fake.requests.length).toBe(before);
  });

  it('a number Aliyun refuses fails for good', async () => {
    fake.answer = { code: 'isv.MOBILE_NUMBER_ILLEGAL', message: '非法手机号' };
    expect(await aliyun.send(smsMessage())).toEqual({
      state: 'failed',
      retryable: false,
      code: 'isv.MOBILE_NUMBER_ILLEGAL',
      reason: 'aliyun-sms: isv.MOBILE_NUMBER_ILLEGAL — 非法手机号',
    });
  });

  it('an unapproved template fails for good; a notification without a template is not sent', async () => {
    const unapproved = new AliyunSmsChannel(
      config({ templateCodes: { one_time_code: { 'zh-CN': 'SMS_999' } } }),
    );
    expect(await unapproved.send(smsMessage())).toMatchObject({
      retryable: false,
      code: 'isv.SMS_TEMPLATE_ILLEGAL',
    });
    expect(
      await unapproved.send(smsMessage({ template: 'refund', params: sampleParams.refund })),
    ).toMatchObject({
      retryable: false,
      code: 'template_not_configured',
    });
  });

  it.each([
    [{ code: 'isv.BUSINESS_LIMIT_CONTROL', message: '触发分钟级流控Permits:1' }],
    [{ code: 'Throttling.User', message: 'Request was denied due to user flow control.', status: 400 }],
    [{ code: 'isv.AMOUNT_NOT_ENOUGH', message: '账户余额不足' }],
    [
      {
        code: 'ServiceUnavailable',
        message: 'The request has failed due to a temporary failure.',
        status: 503,
      },
    ],
    [{ code: 'UnknownError', status: 500 }],
  ])('%j may pass later: retryable', async (answer) => {
    fake.answer = answer;
    expect(await aliyun.send(smsMessage())).toMatchObject({
      state: 'failed',
      retryable: true,
      code: answer.code,
    });
  });

  it('no answer in time is retryable', async () => {
    fake.hang = true;
    const quick = new AliyunSmsChannel(config({ timeoutMs: 300 }));
    const started = Date.now();
    expect(await quick.send(smsMessage())).toMatchObject({
      state: 'failed',
      retryable: true,
      code: 'timeout',
    });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('an endpoint that refuses connections is retryable', async () => {
    const closed = await startAliyunSmsFake({ accessKeys: {}, signNames: [], templates: {} });
    await closed.close();
    const nowhere = new AliyunSmsChannel(config({ endpoint: closed.url }));
    expect(await nowhere.send(smsMessage())).toMatchObject({ retryable: true, code: 'network' });
  });
});

describe('configuration', () => {
  it.each<[Partial<AliyunSmsConfig>, string, string]>([
    [{ accessKeyId: '' }, 'accessKeyId', 'required'],
    [{ accessKeySecret: ' ' }, 'accessKeySecret', 'required'],
    [{ signName: '' }, 'signName', 'required'],
    [{ endpoint: 'http://dysmsapi.aliyuncs.com' }, 'endpoint', 'https'],
    [{ timeoutMs: 10 }, 'timeoutMs', 'range_50_120000'],
    [{ templateCodes: { refund: { 'zh-CN': '' } } }, 'templateCodes.refund.zh-CN', 'required'],
  ])('refuses %j, naming %s', (overrides, field, rule) => {
    let error: unknown;
    try {
      new AliyunSmsChannel(config(overrides));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).details).toEqual({ channel: 'aliyun-sms', field, rule });
  });
});
