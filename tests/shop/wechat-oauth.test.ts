// Paying inside WeChat needs the payer's openid: the shop's round trip through WeChat's web
// authorisation (snsapi_base) against a local fake of WeChat's access_token endpoint — the signed state
// (only back to a shop page, expires), the code exchanged with the official account's AppSecret, and a
// failure that falls back to H5 rather than an error page.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { newId } from '@admit/db';
import {
  createShopOrder,
  encryptPii,
  systemContext,
  wechatAuthorizeRedirect,
  wechatOauthAccount,
  wechatOauthCallback,
} from '@admit/services';
import { testDatabase, type TestDatabase } from '../support/database';
import { createShopFixture, shopNow, type ShopFixture } from './fixture';

describe("WeChat's web authorisation for JSAPI payments", () => {
  let database: TestDatabase;
  let f: ShopFixture;
  let wechat: Server;
  let wechatUrl: string;
  const asked: URLSearchParams[] = [];

  beforeAll(async () => {
    database = await testDatabase();
    f = await createShopFixture(database.db, { code: 'WXPAY' });
    wechat = createServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://fake');
      asked.push(url.searchParams);
      const ok =
        url.pathname === '/sns/oauth2/access_token' &&
        url.searchParams.get('appid') === 'wx0123456789abcdef' &&
        url.searchParams.get('secret') === 'official-account-secret-0123456789' &&
        url.searchParams.get('grant_type') === 'authorization_code' &&
        url.searchParams.get('code') === 'GOOD-CODE';
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify(
          ok
            ? {
                access_token: 'AT',
                expires_in: 7200,
                openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o',
                scope: 'snsapi_base',
              }
            : { errcode: 40029, errmsg: 'invalid code' },
        ),
      );
    });
    await new Promise<void>((done) => wechat.listen(0, '127.0.0.1', done));
    wechatUrl = `http://127.0.0.1:${(wechat.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((done) => wechat?.close(done));
    await f?.close();
    await database?.dispose();
  });

  const start = (returnPath: string) =>
    wechatAuthorizeRedirect(database.db, f.runtime, {
      siteId: f.siteId,
      returnPath,
      publicUrl: 'https://tickets.example.com',
      now: shopNow,
    });

  it('is not offered without an official account AppSecret', async () => {
    expect(await wechatOauthAccount(database.db, f.runtime, f.siteId)).toBeNull();
    await expect(start('/shop/orders/abc')).rejects.toMatchObject({ code: 'payment_provider_unavailable' });
  });

  it('goes to WeChat and back to the shop page with the openid', async () => {
    const secrets = { apiV3Key: 'x'.repeat(32), oauthAppSecret: 'official-account-secret-0123456789' };
    await database.db.execute(
      sql`insert into payment_accounts (id, site_id, provider, label, enabled, merchant_id, settings, secrets_encrypted,
                                        secret_hints, created_at, updated_at)
          values (${newId()}, ${f.siteId}, 'wechat', 'WeChat Pay', true, '1900000109',
                  ${JSON.stringify({ appId: 'wx0123456789abcdef', oauthApiBase: wechatUrl })}::jsonb,
                  ${encryptPii(f.runtime.ring().encryption, JSON.stringify(secrets))},
                  ${JSON.stringify({ apiV3Key: '••••xxxx', oauthAppSecret: '••••6789' })}::jsonb, now(), now())`,
    );
    const to = new URL(await start('/shop/orders/TOKEN123'));
    expect(`${to.origin}${to.pathname}`).toBe('https://open.weixin.qq.com/connect/oauth2/authorize');
    expect(to.hash).toBe('#wechat_redirect');
    expect(to.searchParams.get('appid')).toBe('wx0123456789abcdef');
    expect(to.searchParams.get('scope')).toBe('snsapi_base');
    expect(to.searchParams.get('redirect_uri')).toBe(
      'https://tickets.example.com/api/v1/shop/wechat/callback',
    );
    const state = to.searchParams.get('state')!;

    const back = (code: string, s = state, now = shopNow) =>
      wechatOauthCallback(database.db, f.runtime, { code, state: s, now });
    expect(await back('GOOD-CODE')).toBe('/shop/orders/TOKEN123#wx-openid=oUpF8uMuAJO_M2pxb1Q9zNjWeS6o');
    // WeChat refusing the code: back to the page, which pays by H5.
    expect(await back('USED-CODE')).toBe('/shop/orders/TOKEN123#wx-oauth=failed');
    // A state we did not sign, or one too old, goes nowhere.
    const [body, mac] = state.split('.');
    const forged = `${Buffer.from(JSON.stringify({ s: f.siteId, r: '/shop/x', e: Date.now() * 2 })).toString('base64url')}.${mac}`;
    await expect(back('GOOD-CODE', forged)).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(back('GOOD-CODE', `${body}.AAAA`)).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(back('GOOD-CODE', state, new Date(shopNow.getTime() + 11 * 60_000))).rejects.toMatchObject({
      code: 'validation_failed',
    });
    // Only back to a shop page: never an open redirect.
    for (const elsewhere of ['https://evil.example/x', '//evil.example/x', '/admin', '/shop/../login'])
      await expect(start(elsewhere)).rejects.toMatchObject({ code: 'validation_failed' });
    expect(asked.every((q) => q.get('secret') === 'official-account-secret-0123456789')).toBe(true);

    // The order page knows to pay in WeChat's sheet.
    const ctx = {
      ...systemContext(database.db, 'visitor', { clock: f.clock }),
      actor: { kind: 'anonymous' as const },
    };
    const { order } = await createShopOrder(ctx, f.runtime, f.deps, 'WXPAY', {
      visitDate: '2026-12-02',
      sessionId: f.sessions.get('2026-12-02 10:00')!,
      lines: [{ productId: f.products.adult, quantity: 1, holders: [] }],
      contactPhone: '13800138000',
      contactEmail: null,
      locale: 'zh-CN',
    });
    expect(order.wechatJsapi).toBe(true);
  });
});
