// The HTTP side of WeChat Pay: signed APIv3 JSON calls whose answers are trusted only when WeChat
// Pay's signature on them verifies, and the APIv2 XML calls (HMAC-signed both ways) for the one thing
// still on v2 here, the counter's payment-code charge. Nothing here throws: a network failure, a
// timeout or an answer that does not verify comes back as `verified: false`, which callers treat as
// "no answer" — never as success, and never as a definite failure either.
import type { ResolvedWechatPayConfig } from './config';
import { authorization, checkPlatformSignature, nonceString, v2Sign, v2SignMatches } from './signing';

export type V3Answer =
  | {
      verified: true;
      status: number;
      json: Record<string, unknown> | null;
      code: string | null;
      message: string | null;
    }
  | {
      verified: false;
      /** null when no HTTP answer arrived at all. */
      status: number | null;
      /** Why it is not trusted: timeout, network, or the signature check's verdict. */
      problem: string;
      /** What the untrusted answer claims, for diagnostics (testConnection) only. */
      code: string | null;
      message: string | null;
    };

export type V2Answer =
  { verified: true; fields: Record<string, string> } | { verified: false; problem: string };

const USER_AGENT = 'Admit-WechatPay/1 (+node)';

function jsonObject(text: string): Record<string, unknown> | null {
  if (!text) return null;
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function failure(error: unknown): string {
  return error instanceof Error && error.name === 'TimeoutError' ? 'timeout' : 'network';
}

export class WechatPayClient {
  constructor(private readonly config: ResolvedWechatPayConfig) {}

  async v3(
    method: 'GET' | 'POST',
    pathWithQuery: string,
    payload?: Record<string, unknown>,
  ): Promise<V3Answer> {
    const body = payload === undefined ? '' : JSON.stringify(payload);
    const headers: Record<string, string> = {
      accept: 'application/json',
      'user-agent': USER_AGENT,
      authorization: authorization(this.config, { method, pathWithQuery, body }),
    };
    if (payload !== undefined) headers['content-type'] = 'application/json';
    if (this.config.requestSerial) headers['wechatpay-serial'] = this.config.requestSerial;
    let response: Response;
    let answer: string;
    try {
      response = await fetch(`${this.config.baseUrl}${pathWithQuery}`, {
        method,
        headers,
        body: payload === undefined ? undefined : body,
        signal: AbortSignal.timeout(this.config.timeoutMs),
      });
      answer = await response.text();
    } catch (error) {
      return { verified: false, status: null, problem: failure(error), code: null, message: null };
    }
    const json = jsonObject(answer);
    const code = text(json?.code);
    const message = text(json?.message);
    const check = checkPlatformSignature(this.config.platformKeys, {
      timestamp: response.headers.get('wechatpay-timestamp'),
      nonce: response.headers.get('wechatpay-nonce'),
      signature: response.headers.get('wechatpay-signature'),
      serial: response.headers.get('wechatpay-serial'),
      body: answer,
    });
    if (check !== 'ok') {
      const problem = check === 'malformed' ? 'unsigned' : check;
      return { verified: false, status: response.status, problem, code, message };
    }
    return { verified: true, status: response.status, json, code, message };
  }

  /** An APIv2 call: fields signed with the v2 key (HMAC-SHA256), answer trusted only if its sign matches. */
  async v2(path: string, fields: Record<string, string>): Promise<V2Answer> {
    const apiV2Key = this.config.apiV2Key;
    if (!apiV2Key) return { verified: false, problem: 'api_v2_key_missing' };
    const signed = { ...fields, nonce_str: nonceString(), sign_type: 'HMAC-SHA256' };
    let answer: string;
    try {
      const response = await fetch(`${this.config.baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'text/xml; charset=utf-8', 'user-agent': USER_AGENT },
        body: toXml({ ...signed, sign: v2Sign(apiV2Key, signed) }),
        signal: AbortSignal.timeout(this.config.timeoutMs),
      });
      answer = await response.text();
    } catch (error) {
      return { verified: false, problem: failure(error) };
    }
    const reply = fromXml(answer);
    // return_code FAIL (bad request, bad sign) carries no sign of its own: it proves nothing either way.
    if (!reply || reply.return_code !== 'SUCCESS')
      return {
        verified: false,
        problem: `return_code ${reply?.return_code ?? 'missing'}: ${reply?.return_msg ?? ''}`,
      };
    if (!v2SignMatches(apiV2Key, reply)) return { verified: false, problem: 'bad_signature' };
    return { verified: true, fields: reply };
  }
}

/** APIv2 XML: one flat <xml> element, every value in CDATA. */
export function toXml(fields: Record<string, string>): string {
  const items = Object.entries(fields).map(
    ([name, value]) => `<${name}><![CDATA[${value.replaceAll(']]>', ']]]]><![CDATA[>')}]]></${name}>`,
  );
  return `<xml>${items.join('')}</xml>`;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Reads a flat APIv2 <xml> document (what WeChat Pay sends); null for anything else. */
export function fromXml(xml: string): Record<string, string> | null {
  const root = /^\s*<xml>([\s\S]*)<\/xml>\s*$/.exec(xml);
  if (!root?.[1]) return null;
  const fields: Record<string, string> = {};
  for (const match of root[1].matchAll(/<([A-Za-z_]\w*)>(?:<!\[CDATA\[([\s\S]*?)\]\]>|([^<]*))<\/\1>/g)) {
    const [, name, cdata, plain] = match;
    if (name)
      fields[name] =
        cdata ?? (plain ?? '').replace(/&(lt|gt|amp|quot|apos);/g, (_, e: string) => ENTITIES[e] ?? '');
  }
  return fields;
}
