// Paying inside WeChat: its in-app payment sheet (JSAPI) needs the payer's openid for the site's
// official account, which only WeChat's web authorisation gives (网页授权, scope snsapi_base: silent, no
// consent screen). The shop sends the visitor's browser to WeChat with a signed state (which site, where
// to come back — only a shop page), WeChat sends it back with a one-time code, and the server exchanges
// the code for the openid with the official account's AppSecret (stored with the site's WeChat Pay
// account, encrypted). The openid goes back to the page in the address fragment, never to a log.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { rows, type Queryable } from '@admit/db';
import { AppError } from '@admit/domain';
import { decryptPii } from '../pii';
import type { SalesRuntime } from '../sales/runtime';

export const wechatAuthorizeUrl = 'https://open.weixin.qq.com/connect/oauth2/authorize';
export const wechatApiBase = 'https://api.weixin.qq.com';

type OauthAccount = { appId: string; appSecret: string; apiBase: string };

/** The site's WeChat official account for web authorisation, or null when it has none set up. */
export async function wechatOauthAccount(
  db: Queryable,
  runtime: SalesRuntime,
  siteId: string,
): Promise<OauthAccount | null> {
  const [account] = await rows<{ settings: Record<string, string>; secrets_encrypted: string }>(
    db,
    sql`select settings, secrets_encrypted from payment_accounts
        where site_id = ${siteId} and provider = 'wechat' and enabled`,
  );
  if (!account) return null;
  const secrets = JSON.parse(decryptPii(runtime.ring().encryption, account.secrets_encrypted)) as Record<
    string,
    string
  >;
  const appId = account.settings.appId ?? '';
  const appSecret = secrets.oauthAppSecret ?? '';
  if (!appId || !appSecret) return null;
  return { appId, appSecret, apiBase: account.settings.oauthApiBase || wechatApiBase };
}

/**
 * Whether a site can take JSAPI payments (an enabled WeChat account with an AppID and the official
 * account's AppSecret set), from the account's settings and secret hints — no decryption — and kept
 * like the catalog: every order page asks.
 */
export function wechatJsapiAvailable(db: Queryable, runtime: SalesRuntime, siteId: string): Promise<boolean> {
  return runtime.catalog.memo(`wechat-jsapi:${siteId}`, async () => {
    const [row] = await rows<{ ok: boolean }>(
      db,
      sql`select coalesce(settings->>'appId', '') <> '' and secret_hints ? 'oauthAppSecret' as ok
          from payment_accounts where site_id = ${siteId} and provider = 'wechat' and enabled`,
    );
    return row?.ok === true;
  });
}

function stateMac(runtime: SalesRuntime, body: string): Buffer {
  return createHmac('sha256', runtime.ring().lookup.current).update(`wechat-oauth:${body}`).digest();
}

/** Where to send the visitor's browser: WeChat's authorisation page, coming back to our callback. */
export async function wechatAuthorizeRedirect(
  db: Queryable,
  runtime: SalesRuntime,
  input: { siteId: string; returnPath: string; publicUrl: string; now: Date },
): Promise<string> {
  if (!/^\/shop\/[A-Za-z0-9/_-]{1,200}$/.test(input.returnPath))
    throw new AppError('validation_failed', { details: { return: 'a shop page' } });
  const account = await wechatOauthAccount(db, runtime, input.siteId);
  if (!account) throw new AppError('payment_provider_unavailable', { details: { provider: 'wechat_oauth' } });
  const body = Buffer.from(
    JSON.stringify({ s: input.siteId, r: input.returnPath, e: input.now.getTime() + 10 * 60_000 }),
  ).toString('base64url');
  const state = `${body}.${stateMac(runtime, body).subarray(0, 16).toString('base64url')}`;
  const callback = `${input.publicUrl.replace(/\/+$/, '')}/api/v1/shop/wechat/callback`;
  const query = new URLSearchParams({
    appid: account.appId,
    redirect_uri: callback,
    response_type: 'code',
    scope: 'snsapi_base',
    state,
  });
  return `${wechatAuthorizeUrl}?${query.toString()}#wechat_redirect`;
}

/**
 * WeChat's way back: checks the state, exchanges the code for the openid, and answers where the browser
 * goes next — the shop page with `#wx-openid=…`, or with `#wx-oauth=failed` (the page then pays by H5).
 */
export async function wechatOauthCallback(
  db: Queryable,
  runtime: SalesRuntime,
  input: { code: string; state: string; now: Date; fetch?: typeof fetch },
): Promise<string> {
  const [body = '', mac = ''] = input.state.split('.');
  const expected = stateMac(runtime, body).subarray(0, 16);
  const given = Buffer.from(mac, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    throw new AppError('validation_failed', { details: { state: 'not ours' } });
  const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as {
    s: string;
    r: string;
    e: number;
  };
  if (claims.e < input.now.getTime())
    throw new AppError('validation_failed', { details: { state: 'expired' } });
  const account = await wechatOauthAccount(db, runtime, claims.s);
  if (!account) return `${claims.r}#wx-oauth=failed`;
  const query = new URLSearchParams({
    appid: account.appId,
    secret: account.appSecret,
    code: input.code,
    grant_type: 'authorization_code',
  });
  try {
    const answer = await (input.fetch ?? fetch)(
      `${account.apiBase}/sns/oauth2/access_token?${query.toString()}`,
      {
        signal: AbortSignal.timeout(8000),
      },
    );
    const json = (await answer.json()) as { openid?: unknown; errcode?: unknown };
    if (typeof json.openid === 'string' && /^[A-Za-z0-9_-]{6,64}$/.test(json.openid))
      return `${claims.r}#wx-openid=${json.openid}`;
  } catch {
    // WeChat unreachable or an unreadable answer: the page falls back to H5.
  }
  return `${claims.r}#wx-oauth=failed`;
}
