// The WeChat Pay merchant configuration: what an installation enters, and its checked, parsed form.
// It is validated once, when the provider is constructed, so a wrong key or a pasted-in certificate
// with the wrong serial is refused at setup (saying which field) instead of at the first payment.
import { createPrivateKey, createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import { isIP } from 'node:net';
import { AppError } from '@admit/domain';

export type WechatPayConfig = {
  /** 商户号 (mchid). */
  mchId: string;
  /** The AppID bound to the merchant (公众号/小程序/移动应用); JSAPI payments open in this app. */
  appId: string;
  /** APIv3 密钥: 32 characters, decrypts notifications. */
  apiV3Key: string;
  /** The merchant API private key (apiclient_key.pem), PEM. Signs every request. */
  merchantPrivateKey: string;
  /** The serial number of the merchant API certificate that goes with the private key. */
  merchantSerialNo: string;
  /** 平台证书 (older mode): WeChat Pay's certificates, addressed by their serial in `Wechatpay-Serial`. */
  platformCertificates?: { serialNo: string; pem: string }[];
  /** 微信支付公钥 (newer mode): the public key and its id (`PUB_KEY_ID_…`). Both may be set while migrating. */
  platformPublicKey?: { keyId: string; pem: string } | null;
  /** APIv2 密钥: only the counter's payment-code charge (v2 /pay/micropay) needs it. */
  apiV2Key?: string | null;
  /** Default https://api.mch.weixin.qq.com; http is accepted only for a local endpoint (tests). */
  baseUrl?: string;
  /** Per call; a call that takes longer is an `unknown` outcome, never a failure. Default 10 s. */
  timeoutMs?: number;
  /** spbill_create_ip for payment-code charges: the IP of the machine calling WeChat Pay. */
  serverIp?: string;
  /** Where WeChat Pay posts refund results; without it, the URL set in the merchant platform is used. */
  refundNotifyUrl?: string | null;
};

/** A platform verification key: a certificate's public key (with its expiry) or the WeChat Pay public key. */
export type PlatformKey = { key: KeyObject; notAfter: number | null };

export type ResolvedWechatPayConfig = {
  mchId: string;
  appId: string;
  apiV3Key: Buffer;
  merchantKey: KeyObject;
  merchantSerialNo: string;
  /** By serial: certificate serials upper-case hex, public key ids as given. */
  platformKeys: ReadonlyMap<string, PlatformKey>;
  /** Sent as `Wechatpay-Serial` so WeChat Pay signs its answers with the public key (public-key mode). */
  requestSerial: string | null;
  apiV2Key: string | null;
  baseUrl: string;
  timeoutMs: number;
  serverIp: string;
  refundNotifyUrl: string | null;
};

export const DEFAULT_BASE_URL = 'https://api.mch.weixin.qq.com';

function invalid(field: string, rule: string): AppError {
  return new AppError('validation_failed', { details: { provider: 'wechat', field, rule } });
}

function rsaKey(field: string, parse: () => KeyObject): KeyObject {
  let key: KeyObject;
  try {
    key = parse();
  } catch {
    throw invalid(field, 'not_a_key');
  }
  // WeChat Pay's signatures are SHA256-RSA2048; anything else cannot verify or be verified.
  if (key.asymmetricKeyType !== 'rsa' || (key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048)
    throw invalid(field, 'not_rsa_2048');
  return key;
}

/** Certificate serials compare as numbers: upper-case hex without leading zeros. */
export function normalizeSerial(serial: string): string {
  return serial.toUpperCase().replace(/^0+(?=.)/, '');
}

export function resolveWechatPayConfig(config: WechatPayConfig): ResolvedWechatPayConfig {
  if (!/^\d{1,32}$/.test(config.mchId ?? '')) throw invalid('mchId', 'digits');
  if (!/^[A-Za-z0-9]{1,32}$/.test(config.appId ?? '')) throw invalid('appId', 'format');
  if (Buffer.byteLength(config.apiV3Key ?? '') !== 32) throw invalid('apiV3Key', 'length_32');
  if (config.apiV2Key != null && Buffer.byteLength(config.apiV2Key) !== 32)
    throw invalid('apiV2Key', 'length_32');
  if (!/^[0-9A-Fa-f]{1,64}$/.test(config.merchantSerialNo ?? '')) throw invalid('merchantSerialNo', 'hex');
  const merchantKey = rsaKey('merchantPrivateKey', () => createPrivateKey(config.merchantPrivateKey));

  const platformKeys = new Map<string, PlatformKey>();
  for (const [index, cert] of (config.platformCertificates ?? []).entries()) {
    const field = `platformCertificates[${index}]`;
    let x509: X509Certificate;
    try {
      x509 = new X509Certificate(cert.pem);
    } catch {
      throw invalid(field, 'not_a_certificate');
    }
    // The serial is how answers name their key: a mismatch here would make every answer unverifiable.
    if (normalizeSerial(x509.serialNumber) !== normalizeSerial(cert.serialNo ?? ''))
      throw invalid(field, 'serial_mismatch');
    const key = rsaKey(field, () => x509.publicKey);
    platformKeys.set(normalizeSerial(cert.serialNo), { key, notAfter: Date.parse(x509.validTo) });
  }
  const publicKey = config.platformPublicKey;
  if (publicKey) {
    if (!/^PUB_KEY_ID_\w+$/.test(publicKey.keyId ?? '')) throw invalid('platformPublicKey.keyId', 'format');
    const key = rsaKey('platformPublicKey.pem', () => createPublicKey(publicKey.pem));
    platformKeys.set(publicKey.keyId, { key, notAfter: null });
  }
  if (platformKeys.size === 0) throw invalid('platformPublicKey', 'required');

  let baseUrl: URL;
  try {
    baseUrl = new URL(config.baseUrl ?? DEFAULT_BASE_URL);
  } catch {
    throw invalid('baseUrl', 'url');
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(baseUrl.hostname);
  if (baseUrl.protocol !== 'https:' && !(baseUrl.protocol === 'http:' && loopback))
    throw invalid('baseUrl', 'https');

  const timeoutMs = config.timeoutMs ?? 10_000;
  if (!Number.isInteger(timeoutMs) || timeoutMs < 50 || timeoutMs > 120_000)
    throw invalid('timeoutMs', 'range_50_120000');
  const serverIp = config.serverIp ?? '127.0.0.1';
  if (!isIP(serverIp)) throw invalid('serverIp', 'ip');
  if (config.refundNotifyUrl != null && !/^https:\/\/[^\s?#]+$/.test(config.refundNotifyUrl))
    throw invalid('refundNotifyUrl', 'https_without_query');

  return {
    mchId: config.mchId,
    appId: config.appId,
    apiV3Key: Buffer.from(config.apiV3Key, 'utf8'),
    merchantKey,
    merchantSerialNo: config.merchantSerialNo.toUpperCase(),
    platformKeys,
    requestSerial: publicKey?.keyId ?? null,
    apiV2Key: config.apiV2Key ?? null,
    baseUrl: baseUrl.toString().replace(/\/+$/, ''),
    timeoutMs,
    serverIp,
    refundNotifyUrl: config.refundNotifyUrl ?? null,
  };
}

/**
 * A payment account as the admin screens store it (flat strings): the mchid as the account's merchant
 * id; appId, merchantSerialNo, the WeChat Pay public key (platformPublicKeyId, platformPublicKey) and/or
 * platformCertificates (a JSON array of { serialNo, pem }), and the optional baseUrl, timeoutMs,
 * serverIp, refundNotifyUrl as settings; merchantPrivateKey, apiV3Key and apiV2Key as secrets.
 */
export function wechatPayConfigFromAccount(account: {
  merchantId: string;
  settings: Record<string, string>;
  secrets: Record<string, string>;
}): WechatPayConfig {
  const { settings, secrets } = account;
  let platformCertificates: WechatPayConfig['platformCertificates'];
  try {
    platformCertificates = settings.platformCertificates
      ? (JSON.parse(settings.platformCertificates) as { serialNo: string; pem: string }[])
      : [];
  } catch {
    throw invalid('platformCertificates', 'json');
  }
  if (!Array.isArray(platformCertificates)) throw invalid('platformCertificates', 'json');
  return {
    mchId: account.merchantId,
    appId: settings.appId ?? '',
    apiV3Key: secrets.apiV3Key ?? '',
    apiV2Key: secrets.apiV2Key || null,
    merchantPrivateKey: secrets.merchantPrivateKey ?? '',
    merchantSerialNo: settings.merchantSerialNo ?? '',
    platformCertificates,
    platformPublicKey: settings.platformPublicKey
      ? { keyId: settings.platformPublicKeyId ?? '', pem: settings.platformPublicKey }
      : null,
    baseUrl: settings.baseUrl || undefined,
    timeoutMs: settings.timeoutMs ? Number(settings.timeoutMs) : undefined,
    serverIp: settings.serverIp || undefined,
    refundNotifyUrl: settings.refundNotifyUrl || null,
  };
}
