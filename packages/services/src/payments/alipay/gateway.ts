// Calls to the Alipay OpenAPI gateway (v2: form POST to gateway.do) through the official SDK, which
// signs the request with our key (RSA2) and — only when asked with `validateSign`, off by default —
// checks Alipay's signature over the exact text of the `<method>_response` object. An answer that
// fails that check is no answer at all: nothing in it is believed.
import { AlipayRequestError, AlipaySdk } from 'alipay-sdk';
import type { ResolvedAlipayConfig } from './config';
import { beijingTime } from './wire';

export type GatewayAnswer =
  | {
      ok: true;
      /** 10000 success, 10003 waiting for the buyer, 20000 service unavailable, 40004 business failure … */
      code: string;
      subCode: string | null;
      subMsg: string | null;
      data: Record<string, unknown>;
    }
  | {
      ok: false;
      /** network: timeout, connection or HTTP error; unverified: an answer whose signature failed. */
      failure: 'network' | 'unverified';
      detail: string;
      /** The unverified answer text, for diagnostics only. */
      raw: string | null;
    };

export function createAlipaySdk(config: ResolvedAlipayConfig): AlipaySdk {
  return new AlipaySdk({
    appId: config.appId,
    privateKey: config.privateKeyPem,
    // The config is normalised to PKCS#8; the SDK's default (PKCS1) would mangle it.
    keyType: 'PKCS8',
    alipayPublicKey: config.alipayPublicKeyPem,
    signType: 'RSA2',
    gateway: config.gateway,
    timeout: config.timeoutMs,
    // Keep Alipay's snake_case field names, as in its documentation.
    camelcase: false,
  });
}

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

export async function callGateway(
  sdk: AlipaySdk,
  method: string,
  bizContent: Record<string, unknown>,
  params: { notify_url?: string } = {},
): Promise<GatewayAnswer> {
  try {
    const data = await sdk.exec(
      method,
      // The SDK stamps requests with the server's local time; Alipay reads Beijing time.
      { ...params, timestamp: beijingTime(new Date()), bizContent },
      { validateSign: true },
    );
    return {
      ok: true,
      code: text(data.code) ?? '',
      subCode: text(data.sub_code),
      subMsg: text(data.sub_msg),
      data,
    };
  } catch (error) {
    // The SDK throws AlipayRequestError for transport failures ("HttpClient Request error"), non-200
    // statuses ("HTTP 请求错误"), unparseable JSON and a signature mismatch, and a TypeError from
    // node:crypto when the answer carries no signature at all.
    const network =
      error instanceof AlipayRequestError && /^(HttpClient Request error|HTTP 请求错误)/.test(error.message);
    return {
      ok: false,
      failure: network ? 'network' : 'unverified',
      detail: error instanceof Error ? error.message.slice(0, 300) : String(error),
      raw: error instanceof AlipayRequestError ? (error.responseDataRaw ?? null) : null,
    };
  }
}
