// Aliyun (Alibaba Cloud) SMS: dysmsapi's SendSms, an RPC-style call signed with the classic
// HMAC-SHA1 signature (SignatureVersion 1.0) — the one every dysmsapi SDK and Aliyun's own worked
// example use, and simpler to check than ACS3. Parameters go in a POST form body rather than the
// query string, so phone numbers and codes stay out of proxies' access logs; the string to sign then
// starts with POST. Codes: OK is accepted (BizId identifies the message for delivery reports);
// throttling, quota and balance, and Aliyun's internal errors may pass later; the rest (a bad number,
// an unapproved signature or template, wrong credentials) never will.
import { createHmac, randomUUID } from 'node:crypto';
import {
  checkMessage,
  failed,
  mainlandMobile,
  type NotificationChannel,
  type OutgoingMessage,
  type SendResult,
  type TemplateId,
} from './channel';
import {
  checkEndpoint,
  checkTemplateCodes,
  checkTimeout,
  requireText,
  templateCode,
  type SmsTemplateCodes,
} from './config';
import { callProvider, shortReason, textField, unanswered, unreadable } from './provider-call';
import { renderNotification } from './templates';

export const ALIYUN_SMS_ENDPOINT = 'https://dysmsapi.aliyuncs.com';

export type AliyunSmsConfig = {
  accessKeyId: string;
  accessKeySecret: string;
  /** The approved signature (短信签名), without 【】. */
  signName: string;
  /** The approved template (SMS_…) per notification and language; their variables are named as smsTemplateText prints them. */
  templateCodes: Partial<Record<TemplateId, SmsTemplateCodes>>;
  /** Default https://dysmsapi.aliyuncs.com; http only for a loopback address (tests). */
  endpoint?: string;
  /** Per call; no answer by then is a retryable failure. Default 10 s. */
  timeoutMs?: number;
};

/** RFC 3986 percent-encoding, as Aliyun's signature requires: only A–Z a–z 0–9 - _ . ~ stay as they are. */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * The RPC signature: the parameters (all but Signature) sorted by name and percent-encoded into a
 * canonical query string; `METHOD&%2F&` + its percent-encoding is signed with HMAC-SHA1 under the
 * key `AccessKeySecret&`; the signature is the base64 of that.
 */
export function aliyunSignature(
  method: 'GET' | 'POST',
  params: Record<string, string>,
  accessKeySecret: string,
): string {
  const canonical = Object.keys(params)
    .filter((name) => name !== 'Signature')
    .sort()
    .map((name) => `${percentEncode(name)}=${percentEncode(params[name]!)}`)
    .join('&');
  const stringToSign = `${method}&${percentEncode('/')}&${percentEncode(canonical)}`;
  return createHmac('sha1', `${accessKeySecret}&`).update(stringToSign, 'utf8').digest('base64');
}

/** Classic RPC timestamps: UTC, ISO 8601 to the second. */
function rpcTimestamp(now: Date): string {
  return `${now.toISOString().slice(0, 19)}Z`;
}

/** What may succeed later without anyone changing anything: throttling, quotas, balance, Aliyun's own trouble. */
const RETRYABLE = new Set([
  'isv.BUSINESS_LIMIT_CONTROL',
  'isv.DAY_LIMIT_CONTROL',
  'isv.MONTH_LIMIT_CONTROL',
  'isv.AMOUNT_NOT_ENOUGH',
  'isv.OUT_OF_SERVICE',
  'isp.SYSTEM_ERROR',
  'SignatureNonceUsed',
  'ServiceUnavailable',
  'InternalError',
]);

function retryable(code: string, status: number): boolean {
  return status >= 500 || code.startsWith('Throttling') || RETRYABLE.has(code);
}

const CHANNEL = 'aliyun-sms';

export class AliyunSmsChannel implements NotificationChannel {
  readonly name = CHANNEL;
  readonly kind = 'sms';
  private readonly config: Required<AliyunSmsConfig>;

  constructor(config: AliyunSmsConfig) {
    this.config = {
      accessKeyId: requireText(CHANNEL, 'accessKeyId', config.accessKeyId),
      accessKeySecret: requireText(CHANNEL, 'accessKeySecret', config.accessKeySecret),
      signName: requireText(CHANNEL, 'signName', config.signName),
      templateCodes: checkTemplateCodes(CHANNEL, 'templateCodes', config.templateCodes),
      endpoint: checkEndpoint(CHANNEL, 'endpoint', config.endpoint ?? ALIYUN_SMS_ENDPOINT),
      timeoutMs: checkTimeout(CHANNEL, config.timeoutMs),
    };
  }

  async send(message: OutgoingMessage): Promise<SendResult> {
    const refused = checkMessage('sms', message);
    if (refused) return refused;
    const { smsVariables } = renderNotification(message.template, message.locale, message.params);
    const code = templateCode(this.config.templateCodes, message.template, message.locale);
    if (!code)
      return failed(false, 'template_not_configured', `${CHANNEL}: no template code for ${message.template}`);
    const params: Record<string, string> = {
      AccessKeyId: this.config.accessKeyId,
      Action: 'SendSms',
      Format: 'JSON',
      RegionId: 'cn-hangzhou',
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: randomUUID(),
      SignatureVersion: '1.0',
      Timestamp: rpcTimestamp(new Date()),
      Version: '2017-05-25',
      PhoneNumbers: mainlandMobile(message.to)!,
      SignName: this.config.signName,
      TemplateCode: code,
      TemplateParam: JSON.stringify(Object.fromEntries(smsVariables.map((v) => [v.name, v.value]))),
      ...(message.reference ? { OutId: message.reference } : {}),
    };
    params.Signature = aliyunSignature('POST', params, this.config.accessKeySecret);
    const body = Object.entries(params)
      .map(([name, value]) => `${percentEncode(name)}=${percentEncode(value)}`)
      .join('&');
    const answer = await callProvider(
      `${this.config.endpoint}/`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body,
      },
      this.config.timeoutMs,
    );
    if (!answer.answered) return unanswered(CHANNEL, answer);
    const answerCode = textField(answer.json, 'Code');
    if (!answerCode) return unreadable(CHANNEL, answer.status);
    if (answerCode === 'OK')
      return {
        state: 'sent',
        providerMessageId: textField(answer.json, 'BizId') ?? textField(answer.json, 'RequestId') ?? '',
      };
    return failed(
      retryable(answerCode, answer.status),
      answerCode,
      shortReason(CHANNEL, answerCode, textField(answer.json, 'Message')),
    );
  }
}
