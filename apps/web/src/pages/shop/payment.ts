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
