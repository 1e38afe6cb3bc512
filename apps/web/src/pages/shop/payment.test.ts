// Paying inside WeChat: recognising its browser, and the openid WeChat's authorisation comes back with.
import { afterEach, describe, expect, it } from 'vitest';
import { inWeChat, wechatPayer } from './payment';

describe('paying inside WeChat', () => {
  afterEach(() => {
    window.sessionStorage.clear();
    window.history.replaceState(null, '', '/');
  });

  it("recognises WeChat's browser", () => {
    expect(
      inWeChat(
        'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 MicroMessenger/8.0.47',
      ),
    ).toBe(true);
    expect(inWeChat('Mozilla/5.0 (iPhone) AppleWebKit/605.1.15 Version/17.0 Mobile Safari/604.1')).toBe(
      false,
    );
  });

  it('takes the openid from the address, keeps it for the session and clears the address', () => {
    window.history.replaceState(null, '', '/shop/orders/T1#wx-openid=oUpF8uMuAJO_M2pxb1Q9zNjWeS6o');
    expect(wechatPayer()).toEqual({ kind: 'known', openId: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' });
    expect(window.location.hash).toBe('');
    expect(window.location.pathname).toBe('/shop/orders/T1');
    expect(wechatPayer()).toEqual({ kind: 'known', openId: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' });
  });

  it('says so when the authorisation failed, and unknown before it', () => {
    expect(wechatPayer()).toEqual({ kind: 'unknown' });
    window.history.replaceState(null, '', '/shop/orders/T1#wx-oauth=failed');
    expect(wechatPayer()).toEqual({ kind: 'failed' });
    expect(window.location.hash).toBe('');
  });
});
