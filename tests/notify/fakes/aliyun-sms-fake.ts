// A local stand-in for Aliyun SMS (dysmsapi.aliyuncs.com, SendSms), written from the published RPC
// signature rules and independently of the adapter: it takes parameters from the query string and a
// form body, checks the AccessKeyId, the timestamp (15 minutes), the nonce (once only) and recomputes
// the HMAC-SHA1 signature with its own percent-encoder (400 SignatureDoesNotMatch otherwise). Then it
// checks the signature name, the template and its variables and the number as Aliyun does, renders
// the approved template as the phone would show it, and records it. Tests can make it answer any
// code (`answer`) or not answer at all (`hang`).
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type AliyunSmsFakeOptions = {
  /** AccessKeyId → AccessKeySecret. */
  accessKeys: Record<string, string>;
  /** Approved signatures. */
  signNames: string[];
  /** Approved templates: TemplateCode → text with ${variables}. */
  templates: Record<string, string>;
};

export type AliyunAcceptedSms = {
  bizId: string;
  phoneNumbers: string;
  signName: string;
  templateCode: string;
  templateParam: Record<string, string>;
  outId: string | null;
  /** What the phone shows: 【signature】 and the template with its variables filled in. */
  text: string;
};

export type AliyunSmsFake = {
  url: string;
  accepted: AliyunAcceptedSms[];
  /** Every request, its parameters as received. */
  requests: { method: string; params: Record<string, string> }[];
  /** Answer every authenticated request with this code (HTTP status default 200) until reset to null. */
  answer: { code: string; message?: string; status?: number } | null;
  /** Never answer (the adapter's timeout must end the call). */
  hang: boolean;
  close(): Promise<void>;
};

/** RFC 3986, byte by byte: only A–Z a–z 0–9 - _ . ~ unencoded, %XY upper-case for everything else. */
function encode(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.~]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function expectedSignature(method: string, params: Record<string, string>, secret: string): string {
  const names = Object.keys(params)
    .filter((n) => n !== 'Signature')
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const query = names.map((n) => `${encode(n)}=${encode(params[n] ?? '')}`).join('&');
  return createHmac('sha1', `${secret}&`)
    .update(`${method}&${encode('/')}&${encode(query)}`)
    .digest('base64');
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startAliyunSmsFake(options: AliyunSmsFakeOptions): Promise<AliyunSmsFake> {
  const usedNonces = new Set<string>();
  const hanging = new Set<ServerResponse>();

  const server = createServer((request, response) => {
    void (async () => {
      const body = await readBody(request);
      const params: Record<string, string> = {};
      const url = new URL(request.url ?? '/', 'http://localhost');
      for (const [k, v] of url.searchParams) params[k] = v;
      if (request.headers['content-type']?.startsWith('application/x-www-form-urlencoded'))
        for (const [k, v] of new URLSearchParams(body)) params[k] = v;
      fake.requests.push({ method: request.method ?? '', params });
      if (fake.hang) {
        hanging.add(response);
        return;
      }
      const reply = (status: number, code: string, message: string, extra: Record<string, string> = {}) => {
        response.writeHead(status, { 'content-type': 'application/json;charset=utf-8' });
        response.end(
          JSON.stringify({ RequestId: randomUUID().toUpperCase(), Code: code, Message: message, ...extra }),
        );
      };

      for (const name of [
        'AccessKeyId',
        'Action',
        'Signature',
        'SignatureMethod',
        'SignatureNonce',
        'SignatureVersion',
        'Timestamp',
        'Version',
      ])
        if (!params[name]) return reply(400, `Missing${name}`, `${name} is mandatory for this action.`);
      if (params.SignatureMethod !== 'HMAC-SHA1' || params.SignatureVersion !== '1.0')
        return reply(400, 'InvalidSignatureMethod', 'Specified signature method is not supported.');
      const secret = options.accessKeys[params.AccessKeyId!];
      if (secret === undefined)
        return reply(404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.');
      if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(params.Timestamp!))
        return reply(
          400,
          'InvalidTimeStamp.Format',
          'Specified time stamp or date value is not well formatted.',
        );
      if (Math.abs(Date.parse(params.Timestamp!) - Date.now()) > 15 * 60_000)
        return reply(400, 'InvalidTimeStamp.Expired', 'Specified time stamp or date value is expired.');
      const expected = Buffer.from(expectedSignature(request.method ?? '', params, secret));
      const given = Buffer.from(params.Signature!);
      if (expected.length !== given.length || !timingSafeEqual(expected, given))
        return reply(
          400,
          'SignatureDoesNotMatch',
          'Specified signature is not matched with our calculation.',
        );
      if (usedNonces.has(params.SignatureNonce!))
        return reply(400, 'SignatureNonceUsed', 'Specified signature nonce was used already.');
      usedNonces.add(params.SignatureNonce!);
      if (params.Action !== 'SendSms' || params.Version !== '2017-05-25')
        return reply(
          404,
          'InvalidAction.NotFound',
          'Specified api is not found, please check your url and method.',
        );

      if (fake.answer)
        return reply(fake.answer.status ?? 200, fake.answer.code, fake.answer.message ?? fake.answer.code);

      const signName = params.SignName ?? '';
      if (!options.signNames.includes(signName))
        return reply(200, 'isv.SMS_SIGNATURE_ILLEGAL', '该账号下找不到对应签名');
      const template = options.templates[params.TemplateCode ?? ''];
      if (template === undefined) return reply(200, 'isv.SMS_TEMPLATE_ILLEGAL', '该账号下找不到对应模板');
      // Aliyun takes one number or a comma-separated list; +86, 86 or 0086 in front are allowed.
      const numbers = (params.PhoneNumbers ?? '').split(',');
      if (numbers.some((n) => !/^(?:\+?86|0086)?1[3-9]\d{9}$/.test(n)))
        return reply(200, 'isv.MOBILE_NUMBER_ILLEGAL', '非法手机号');
      let variables: Record<string, unknown>;
      try {
        variables = JSON.parse(params.TemplateParam ?? '{}') as Record<string, unknown>;
      } catch {
        return reply(200, 'isv.INVALID_JSON_PARAM', 'JSON参数不合法，只接受字符串值');
      }
      if (Object.values(variables).some((v) => typeof v !== 'string'))
        return reply(200, 'isv.INVALID_JSON_PARAM', 'JSON参数不合法，只接受字符串值');
      const missing = [...template.matchAll(/\$\{(\w+)\}/g)].filter(([, name]) => !(name! in variables));
      if (missing.length > 0) return reply(200, 'isv.TEMPLATE_MISSING_PARAMETERS', '模板缺少变量');

      const bizId = `${Math.floor(Math.random() * 900_000) + 100_000}${Date.now()}^0`;
      fake.accepted.push({
        bizId,
        phoneNumbers: params.PhoneNumbers!,
        signName,
        templateCode: params.TemplateCode!,
        templateParam: variables as Record<string, string>,
        outId: params.OutId ?? null,
        text: `【${signName}】${template.replace(/\$\{(\w+)\}/g, (_, name: string) => String(variables[name]))}`,
      });
      return reply(200, 'OK', 'OK', { BizId: bizId });
    })().catch(() => {
      if (!response.headersSent) response.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const fake: AliyunSmsFake = {
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
