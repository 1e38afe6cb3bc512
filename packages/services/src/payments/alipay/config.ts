// The Alipay merchant configuration (公钥模式: our app's private key, Alipay's public key) and its
// validation. A bad configuration is refused when the provider is built, naming the field and a
// stable problem code, so an administrator learns it on saving rather than at the first customer.
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { AppError } from '@admit/domain';

export type AlipayConfig = {
  /** The app (应用) id at the Alipay open platform: 16 digits. */
  appId: string;
  /** Our app's RSA private key: PEM (PKCS#1 or PKCS#8) or the bare base64 Alipay's key tool prints. */
  privateKey: string;
  /** Alipay's public key (支付宝公钥) for this app — not the app's own public key. PEM or bare base64. */
  alipayPublicKey: string;
  /** The merchant's PID (2088…, 16 digits): notifications name it as seller_id. */
  sellerId: string;
  /** Defaults to the production gateway; tests point it at a fake. */
  gateway?: string;
  /** How long to wait for the gateway; past it a payment's state is unknown and must be queried. */
  timeoutMs?: number;
};

export type AlipayConfigProblem =
  | 'required'
  | 'invalid_format'
  | 'invalid_key'
  | 'key_too_short'
  | 'app_public_key_given'
  | 'not_https'
  | 'out_of_range';

/** The configuration in the form the SDK wants: keys as PKCS#8 / SPKI PEM, defaults filled in. */
export type ResolvedAlipayConfig = {
  appId: string;
  sellerId: string;
  privateKeyPem: string;
  alipayPublicKeyPem: string;
  gateway: string;
  timeoutMs: number;
};

export const ALIPAY_GATEWAY = 'https://openapi.alipay.com/gateway.do';

// The same details shape as the WeChat Pay adapter's, so the admin screen reads both alike.
function refuse(field: keyof AlipayConfig, rule: AlipayConfigProblem): never {
  throw new AppError('validation_failed', { details: { provider: 'alipay', field, rule } });
}

// Accepts PEM with or without line breaks and the header-less base64 from Alipay's key tool (which is
// PKCS#8 for Java users and PKCS#1 otherwise), so a key pasted into a form works either way.
function readKey(text: string, kind: 'private' | 'public'): KeyObject | null {
  const der = Buffer.from(text.replace(/\s+/g, ''), 'base64');
  const pem = text.includes('-----BEGIN');
  const attempts =
    kind === 'private'
      ? pem
        ? [() => createPrivateKey(text)]
        : (['pkcs8', 'pkcs1'] as const).map(
            (type) => () => createPrivateKey({ key: der, format: 'der', type }),
          )
      : // createPublicKey would happily derive a public key from private key material: refuse that.
        text.includes('PRIVATE KEY')
        ? []
        : pem
          ? [() => createPublicKey(text)]
          : (['spki', 'pkcs1'] as const).map(
              (type) => () => createPublicKey({ key: der, format: 'der', type }),
            );
  for (const attempt of attempts) {
    try {
      const key = attempt();
      return key.asymmetricKeyType === 'rsa' ? key : null;
    } catch {
      // not this encoding: try the next
    }
  }
  return null;
}

export function resolveAlipayConfig(config: AlipayConfig): ResolvedAlipayConfig {
  if (!config.appId) refuse('appId', 'required');
  if (!/^\d{16}$/.test(config.appId)) refuse('appId', 'invalid_format');
  if (!config.sellerId) refuse('sellerId', 'required');
  if (!/^2088\d{12}$/.test(config.sellerId)) refuse('sellerId', 'invalid_format');

  if (!config.privateKey) refuse('privateKey', 'required');
  const privateKey = readKey(config.privateKey, 'private');
  if (!privateKey) refuse('privateKey', 'invalid_key');
  // RSA2 at Alipay means SHA256withRSA with a 2048-bit key.
  if ((privateKey.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) refuse('privateKey', 'key_too_short');

  if (!config.alipayPublicKey) refuse('alipayPublicKey', 'required');
  const alipayKey = readKey(config.alipayPublicKey, 'public');
  if (!alipayKey) refuse('alipayPublicKey', 'invalid_key');
  const appPublicPem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
  const alipayPublicPem = alipayKey.export({ type: 'spki', format: 'pem' }).toString();
  // The commonest set-up mistake: pasting the app's own public key (应用公钥) where Alipay's belongs.
  // Every answer would then fail verification; say so now instead.
  if (alipayPublicPem === appPublicPem) refuse('alipayPublicKey', 'app_public_key_given');

  const gateway = config.gateway ?? ALIPAY_GATEWAY;
  let url: URL;
  try {
    url = new URL(gateway);
  } catch {
    refuse('gateway', 'invalid_format');
  }
  // Plain HTTP only to this machine (a local fake gateway in tests and development).
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) refuse('gateway', 'not_https');

  const timeoutMs = config.timeoutMs ?? 8000;
  if (!Number.isInteger(timeoutMs) || timeoutMs < 100 || timeoutMs > 60_000)
    refuse('timeoutMs', 'out_of_range');

  return {
    appId: config.appId,
    sellerId: config.sellerId,
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString().trim(),
    alipayPublicKeyPem: alipayPublicPem.trim(),
    gateway,
    timeoutMs,
  };
}

/**
 * A payment account as the admin screens store it: the PID as the account's merchant id, the app id,
 * Alipay's public key and the gateway as settings, our private key as the one secret.
 */
export function alipayConfigFromAccount(account: {
  merchantId: string;
  settings: Record<string, string>;
  secrets: Record<string, string>;
}): AlipayConfig {
  const timeout = account.settings.timeoutMs;
  return {
    appId: account.settings.appId ?? '',
    sellerId: account.merchantId,
    privateKey: account.secrets.privateKey ?? '',
    alipayPublicKey: account.settings.alipayPublicKey ?? '',
    gateway: account.settings.gateway || undefined,
    timeoutMs: timeout ? Number(timeout) : undefined,
  };
}
