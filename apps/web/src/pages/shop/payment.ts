// Paying from the phone: what the browser does with the provider's answer, WeChat's in-app payment
// sheet, and the note the page leaves itself before going to the payment page, so that on the way back
// it knows to wait for the result.
type WeixinBridge = {
  invoke: (
    name: string,
    params: Record<string, string>,
    done: (result: { err_msg?: string }) => void,
  ) => void;
};

declare global {
  interface Window {
    WeixinJSBridge?: WeixinBridge;
  }
}

export type WeChatPayResult = 'ok' | 'cancel' | 'fail' | 'unavailable';

/** WeChat's payment sheet (JSAPI): only inside WeChat, where the page is given WeixinJSBridge. */
export function invokeWeChatPay(params: Record<string, string>): Promise<WeChatPayResult> {
  const bridge = typeof window === 'undefined' ? undefined : window.WeixinJSBridge;
  if (!bridge) return Promise.resolve('unavailable');
  return new Promise((resolve) => {
    bridge.invoke('getBrandWCPayRequest', params, (result) => {
      const message = result.err_msg ?? '';
      resolve(message.endsWith(':ok') ? 'ok' : message.endsWith(':cancel') ? 'cancel' : 'fail');
    });
  });
}

const PAYING_KEY = 'admit.shop.paying';

function storage(): Storage | undefined {
  try {
    return typeof window === 'undefined' ? undefined : window.sessionStorage;
  } catch {
    return undefined;
  }
}

/** Before leaving for the payment page: the order whose result to wait for on return. */
export function markPaying(token: string): void {
  try {
    storage()?.setItem(PAYING_KEY, token);
  } catch {
    // Without storage the page still polls while the payment shows as started.
  }
}

export function isMarkedPaying(token: string): boolean {
  try {
    return storage()?.getItem(PAYING_KEY) === token;
  } catch {
    return false;
  }
}

export function clearPaying(): void {
  try {
    storage()?.removeItem(PAYING_KEY);
  } catch {
    // Nothing kept.
  }
}

/** Leaves for the provider's payment page (the simulator's /pay/:id in development). */
export function goToPaymentPage(url: string): void {
  window.location.assign(url);
}

/** Inside WeChat's own browser (its H5 payment does not work there: it pays with JSAPI). */
export function inWeChat(
  userAgent: string = typeof navigator === 'undefined' ? '' : navigator.userAgent,
): boolean {
  return /MicroMessenger/i.test(userAgent);
}

const OPENID_KEY = 'admit.shop.wx-openid';

export type WeChatPayer = { kind: 'unknown' } | { kind: 'known'; openId: string } | { kind: 'failed' };

/**
 * The visitor's openid for WeChat Pay's JSAPI: from the address fragment WeChat's authorisation came
 * back with (kept for the session, then removed from the address), or from earlier in the session;
 * `failed` when the authorisation came back without one (pay by H5 then).
 */
export function wechatPayer(): WeChatPayer {
  if (typeof window === 'undefined') return { kind: 'unknown' };
  const hash = new URLSearchParams(window.location.hash.replace(/^#/, ''));
  const fresh = hash.get('wx-openid');
  if (fresh !== null || hash.get('wx-oauth') !== null) {
    window.history.replaceState(null, '', window.location.pathname + window.location.search);
    if (fresh === null) return { kind: 'failed' };
    try {
      storage()?.setItem(OPENID_KEY, fresh);
    } catch {
      // Used once without being kept.
    }
    return { kind: 'known', openId: fresh };
  }
  try {
    const kept = storage()?.getItem(OPENID_KEY);
    return kept ? { kind: 'known', openId: kept } : { kind: 'unknown' };
  } catch {
    return { kind: 'unknown' };
  }
}

/** Off to WeChat's web authorisation, coming back to this order page with the openid. */
export function goToWeChatAuthorisation(siteCode: string, token: string): void {
  const query = new URLSearchParams({ siteCode, return: `/shop/orders/${token}` });
  window.location.assign(`/api/v1/shop/wechat/authorize?${query.toString()}`);
}
