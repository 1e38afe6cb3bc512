// A local stand-in for Tencent Cloud SMS (sms.tencentcloudapi.com, API 3.0 SendSms 2021-01-11),
// written from the published TC3-HMAC-SHA256 rules and independently of the adapter: it rebuilds the
// canonical request from the headers the request names in SignedHeaders, exactly as they arrived, and
// the body exactly as it arrived, derives the signing key and compares (AuthFailure.SignatureFailure
// otherwise); it refuses unknown SecretIds and timestamps off by more than five minutes. Then it checks
// the SdkAppId, the signature, the template and its parameter count, and each number, answering in
// SendStatusSet per number like Tencent Cloud, and records what it accepted as the phone would show it.
// Tests can make it answer any code (`answer`, for the request or in the number's status) or hang.
import { createHash, createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type TencentSmsFakeOptions = {
  /** SecretId → SecretKey. */
  secrets: Record<string, string>;
  sdkAppId: string;
  signNames: string[];
  /** Approved templates: TemplateId → text with {1}, {2}… */
  templates: Record<string, string>;
};

export type TencentAcceptedSms = {
  serialNo: string;
  phoneNumber: string;
  signName: string;
  templateId: string;
  templateParams: string[];
  sessionContext: string | null;
  region: string;
  /** What the phone shows: 【signature】 and the template with its parameters filled in. */
  text: string;
};

export type TencentSmsFake = {
  url: string;
  accepted: TencentAcceptedSms[];
  requests: { headers: IncomingMessage['headers']; body: string }[];
  /** Answer every authenticated request with this code — as the request's Error or the number's status. */
  answer: { code: string; message?: string; where?: 'request' | 'number' } | null;
  hang: boolean;
  close(): Promise<void>;
};

const sha256 = (data: string) => createHash('sha256').update(data, 'utf8').digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startTencentSmsFake(options: TencentSmsFakeOptions): Promise<TencentSmsFake> {
  const hanging = new Set<ServerResponse>();

  /** Null when the Authorization header proves the request; otherwise Tencent's error code. */
  function authFailure(request: IncomingMessage, body: string): [string, string] | null {
    const match =
      /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/([a-z]+)\/tc3_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/.exec(
        request.headers.authorization ?? '',
      );
    if (!match) return ['AuthFailure.InvalidAuthorization', 'Authorization 不符合腾讯云 API 3.0 规范'];
    const [, secretId = '', date = '', service = '', signedHeaders = '', signature = ''] = match;
    const secretKey = options.secrets[secretId];
    if (secretKey === undefined) return ['AuthFailure.SecretIdNotFound', '密钥不存在'];
    const timestamp = Number(request.headers['x-tc-timestamp']);
    if (!Number.isInteger(timestamp) || Math.abs(Date.now() / 1000 - timestamp) > 300)
      return ['AuthFailure.SignatureExpire', '签名过期'];
    const names = signedHeaders.split(';');
    if (!names.includes('content-type') || !names.includes('host') || service !== 'sms')
      return ['AuthFailure.SignatureFailure', '签名未包含必需的头部或服务名错误'];
    if (new Date(timestamp * 1000).toISOString().slice(0, 10) !== date)
      return ['AuthFailure.SignatureFailure', '凭证日期与时间戳不符'];
    const canonicalHeaders = names
      .map(
        (name) =>
          `${name}:${String(request.headers[name] ?? '')
            .trim()
            .toLowerCase()}\n`,
      )
      .join('');
    const canonicalRequest = `${request.method}\n/\n\n${canonicalHeaders}\n${signedHeaders}\n${sha256(body)}`;
    const stringToSign = `TC3-HMAC-SHA256\n${timestamp}\n${date}/${service}/tc3_request\n${sha256(canonicalRequest)}`;
    const key = hmac(hmac(hmac(`TC3${secretKey}`, date), service), 'tc3_request');
    const expected = Buffer.from(createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex'));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given))
      return ['AuthFailure.SignatureFailure', '请求签名验证失败，请检查您的签名计算是否正确。'];
    return null;
  }

  const server = createServer((request, response) => {
    void (async () => {
      const body = await readBody(request);
      fake.requests.push({ headers: request.headers, body });
      if (fake.hang) {
        hanging.add(response);
        return;
      }
      const requestId = randomUUID();
      const answer = (content: Record<string, unknown>) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ Response: { ...content, RequestId: requestId } }));
      };
      const error = (code: string, message: string) => answer({ Error: { Code: code, Message: message } });

      const auth = authFailure(request, body);
      if (auth) return error(...auth);
      if (request.headers['x-tc-action'] !== 'SendSms') return error('InvalidAction', '接口不存在');
      if (request.headers['x-tc-version'] !== '2021-01-11') return error('NoSuchVersion', '接口版本不存在');
      const region = String(request.headers['x-tc-region'] ?? '');
      if (!region) return error('InvalidParameter.MissingRegion', '缺少地域');
      if (fake.answer && fake.answer.where === 'request')
        return error(fake.answer.code, fake.answer.message ?? fake.answer.code);

      let input: {
        PhoneNumberSet?: unknown;
        SmsSdkAppId?: unknown;
        SignName?: unknown;
        TemplateId?: unknown;
        TemplateParamSet?: unknown;
        SessionContext?: unknown;
      };
      try {
        input = JSON.parse(body) as typeof input;
      } catch {
        return error('FailedOperation.FailResolvePacket', '请求包解析失败');
      }
      if (input.SmsSdkAppId !== options.sdkAppId)
        return error('InvalidParameterValue.SdkAppIdNotExist', 'SdkAppId 不存在');
      const signName = typeof input.SignName === 'string' ? input.SignName : '';
      if (!options.signNames.includes(signName))
        return error('FailedOperation.SignatureIncorrectOrUnapproved', '签名未审批或格式错误');
      const templateId = typeof input.TemplateId === 'string' ? input.TemplateId : '';
      const template = options.templates[templateId];
      if (template === undefined)
        return error('FailedOperation.TemplateIncorrectOrUnapproved', '模板未审批或内容不匹配');
      const params = Array.isArray(input.TemplateParamSet) ? input.TemplateParamSet : [];
      const placeholders = new Set([...template.matchAll(/\{(\d+)\}/g)].map(([, n]) => n)).size;
      if (params.length !== placeholders || params.some((p) => typeof p !== 'string'))
        return error(
          'FailedOperation.TemplateParamSetNotMatchApprovedTemplate',
          '请求内容与审核通过的模板内容不匹配',
        );
      const numbers = Array.isArray(input.PhoneNumberSet) ? input.PhoneNumberSet.map(String) : [];
      if (numbers.length === 0) return error('MissingParameter', '缺少手机号');

      const SendStatusSet = numbers.map((phoneNumber) => {
        const status = (Code: string, Message: string, SerialNo = '') => ({
          SerialNo,
          PhoneNumber: phoneNumber,
          Fee: Code === 'Ok' ? 1 : 0,
          SessionContext: typeof input.SessionContext === 'string' ? input.SessionContext : '',
          Code,
          Message,
          IsoCode: 'CN',
        });
        if (fake.answer) return status(fake.answer.code, fake.answer.message ?? fake.answer.code);
        if (!/^\+861[3-9]\d{9}$/.test(phoneNumber))
          return status('InvalidParameterValue.IncorrectPhoneNumber', '手机号格式错误');
        const serialNo = `2640:${Date.now()}${Math.floor(Math.random() * 1e9)}`;
        fake.accepted.push({
          serialNo,
          phoneNumber,
          signName,
          templateId,
          templateParams: params as string[],
          sessionContext: typeof input.SessionContext === 'string' ? input.SessionContext : null,
          region,
          text: `【${signName}】${template.replace(/\{(\d+)\}/g, (_, n: string) => String(params[Number(n) - 1]))}`,
        });
        return status('Ok', 'send success', serialNo);
      });
      return answer({ SendStatusSet });
    })().catch(() => {
      if (!response.headersSent) response.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const fake: TencentSmsFake = {
    url: `http://127.0.0.1:${port}`,
    accepted: [],
    requests: [],
    answer: null,
    hang: false,
    async close() {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return fake;
}
