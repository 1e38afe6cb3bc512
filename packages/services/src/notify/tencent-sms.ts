// Tencent Cloud SMS: API 3.0 SendSms (version 2021-01-11) signed with TC3-HMAC-SHA256. A request-level
// error (bad signature, unknown SdkAppId) comes back as Response.Error; otherwise each number has its
// own status in SendStatusSet, "Ok" when accepted (SerialNo identifies it for delivery reports).
// LimitExceeded.* (throttling, quotas), InternalError.*, an empty SMS package and no answer may pass
// later; everything else — FailedOperation.* (unapproved signature or template, blocked number),
// invalid parameters, AuthFailure.* — never will.
import { createHash, createHmac } from 'node:crypto';
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
  invalidConfig,
  requireText,
  templateCode,
  type SmsTemplateCodes,
} from './config';
import { callProvider, shortReason, textField, unanswered, unreadable } from './provider-call';
import { renderNotification } from './templates';

export const TENCENT_SMS_ENDPOINT = 'https://sms.tencentcloudapi.com';

export type TencentSmsConfig = {
  secretId: string;
  secretKey: string;
  /** The SMS application (SdkAppId, 1400…). */
  sdkAppId: string;
  /** The approved signature content, without 【】. */
  signName: string;
  /** Default ap-guangzhou. */
  region?: string;
  /** The approved template id per notification and language; variables {1}, {2}… as smsTemplateText prints them. */
  templateIds: Partial<Record<TemplateId, SmsTemplateCodes>>;
  /** Default https://sms.tencentcloudapi.com; http only for a loopback address (tests). */
  endpoint?: string;
  /** Per call; no answer by then is a retryable failure. Default 10 s. */
  timeoutMs?: number;
};

const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const hmac = (key: string | Buffer, text: string) => createHmac('sha256', key).update(text, 'utf8').digest();

export type Tc3Request = {
  secretId: string;
  secretKey: string;
  /** The product, as in its host name: "sms". */
  service: string;
  /** Unix seconds, as sent in X-TC-Timestamp; the credential's date is its UTC date. */
  timestamp: number;
  /** The headers to sign (content-type and host at least), exactly as sent. */
  headers: Record<string, string>;
  payload: string;
};

/**
 * TC3's string to sign for a POST: the canonical request (method, "/", an empty query, the signed
 * headers lower-cased — names and values —, trimmed and sorted, their names, the payload's SHA-256)
 * is hashed under the algorithm, the timestamp and the credential scope (UTC date/service/tc3_request).
 */
export function tc3StringToSign(request: Omit<Tc3Request, 'secretId' | 'secretKey'>): {
  stringToSign: string;
  scope: string;
  signedHeaders: string;
} {
  const headers = Object.entries(request.headers)
    .map(([name, value]) => [name.toLowerCase(), value.trim().toLowerCase()] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const signedHeaders = headers.map(([name]) => name).join(';');
  const canonicalRequest = [
    'POST',
    '/',
    '',
    headers.map(([name, value]) => `${name}:${value}\n`).join(''),
    signedHeaders,
    sha256Hex(request.payload),
  ].join('\n');
  const scope = `${new Date(request.timestamp * 1000).toISOString().slice(0, 10)}/${request.service}/tc3_request`;
  const stringToSign = `TC3-HMAC-SHA256\n${request.timestamp}\n${scope}\n${sha256Hex(canonicalRequest)}`;
  return { stringToSign, scope, signedHeaders };
}

/** The Authorization header: the string to sign under a key derived from "TC3"+SecretKey via date, service and "tc3_request". */
export function tc3Authorization(request: Tc3Request): string {
  const { stringToSign, scope, signedHeaders } = tc3StringToSign(request);
  const [date] = scope.split('/') as [string];
  const signingKey = hmac(hmac(hmac(`TC3${request.secretKey}`, date), request.service), 'tc3_request');
  const signature = createHmac('sha256', signingKey).update(stringToSign, 'utf8').digest('hex');
  return `TC3-HMAC-SHA256 Credential=${request.secretId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
}

function retryable(code: string, status: number): boolean {
  return (
    status >= 500 ||
    code.startsWith('LimitExceeded') ||
    code.startsWith('RequestLimitExceeded') ||
    code.startsWith('InternalError') ||
    // The prepaid SMS package ran out: it passes once someone tops it up (Aliyun's isv.AMOUNT_NOT_ENOUGH alike).
    code === 'FailedOperation.InsufficientBalanceInSmsPackage'
  );
}

const CHANNEL = 'tencent-sms';
const CONTENT_TYPE = 'application/json; charset=utf-8';

export class TencentSmsChannel implements NotificationChannel {
  readonly name = CHANNEL;
  readonly kind = 'sms';
  private readonly config: Required<TencentSmsConfig>;

  constructor(config: TencentSmsConfig) {
    const region = config.region ?? 'ap-guangzhou';
    if (!/^[a-z]+(-[a-z]+)+$/.test(region)) throw invalidConfig(CHANNEL, 'region', 'format');
    if (!/^\d{5,20}$/.test(config.sdkAppId ?? '')) throw invalidConfig(CHANNEL, 'sdkAppId', 'digits');
    this.config = {
      secretId: requireText(CHANNEL, 'secretId', config.secretId),
      secretKey: requireText(CHANNEL, 'secretKey', config.secretKey),
      sdkAppId: config.sdkAppId,
      signName: requireText(CHANNEL, 'signName', config.signName),
      region,
      templateIds: checkTemplateCodes(CHANNEL, 'templateIds', config.templateIds),
      endpoint: checkEndpoint(CHANNEL, 'endpoint', config.endpoint ?? TENCENT_SMS_ENDPOINT),
      timeoutMs: checkTimeout(CHANNEL, config.timeoutMs),
    };
  }

  async send(message: OutgoingMessage): Promise<SendResult> {
    const refused = checkMessage('sms', message);
    if (refused) return refused;
    const { smsVariables } = renderNotification(message.template, message.locale, message.params);
    const templateId = templateCode(this.config.templateIds, message.template, message.locale);
    if (!templateId)
      return failed(false, 'template_not_configured', `${CHANNEL}: no template id for ${message.template}`);
    const payload = JSON.stringify({
      PhoneNumberSet: [`+86${mainlandMobile(message.to)}`],
      SmsSdkAppId: this.config.sdkAppId,
      SignName: this.config.signName,
      TemplateId: templateId,
      TemplateParamSet: smsVariables.map((v) => v.value),
      ...(message.reference ? { SessionContext: message.reference } : {}),
    });
    const timestamp = Math.floor(Date.now() / 1000);
    // The host fetch will send (with its port, for a local endpoint): it is part of what is signed.
    const signed = {
      'content-type': CONTENT_TYPE,
      host: new URL(this.config.endpoint).host,
      'x-tc-action': 'SendSms',
    };
    const authorization = tc3Authorization({
      secretId: this.config.secretId,
      secretKey: this.config.secretKey,
      service: 'sms',
      timestamp,
      headers: signed,
      payload,
    });
    const answer = await callProvider(
      `${this.config.endpoint}/`,
      {
        method: 'POST',
        headers: {
          authorization,
          'content-type': CONTENT_TYPE,
          'x-tc-action': 'SendSms',
          'x-tc-version': '2021-01-11',
          'x-tc-timestamp': String(timestamp),
          'x-tc-region': this.config.region,
        },
        body: payload,
      },
      this.config.timeoutMs,
    );
    if (!answer.answered) return unanswered(CHANNEL, answer);
    const response = answer.json?.Response;
    if (!response || typeof response !== 'object') return unreadable(CHANNEL, answer.status);
    const { Error: error, SendStatusSet: statuses } = response as {
      Error?: unknown;
      SendStatusSet?: unknown;
    };
    const status: Record<string, unknown> | null =
      error && typeof error === 'object'
        ? (error as Record<string, unknown>)
        : Array.isArray(statuses) && statuses[0] && typeof statuses[0] === 'object'
          ? (statuses[0] as Record<string, unknown>)
          : null;
    const code = textField(status, 'Code');
    if (!code) return unreadable(CHANNEL, answer.status);
    if (code === 'Ok' && !error)
      return { state: 'sent', providerMessageId: textField(status, 'SerialNo') ?? '' };
    return failed(
      retryable(code, answer.status),
      code,
      shortReason(CHANNEL, code, textField(status, 'Message')),
    );
  }
}
