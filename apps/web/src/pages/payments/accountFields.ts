// What each provider's account is made of, as its adapter reads it (packages/services/src/payments:
// the simulator factory in accounts.ts, alipay/config.ts `alipayConfigFromAccount`, wechat/config.ts
// `wechatPayConfigFromAccount`): the merchant id, plain settings and write-only secrets. Also the way
// back: a refusal of the adapter (`validation_failed` with `{ provider, field, rule }`) to the form
// field it is about.
import { ApiError } from '../../api/client';
import type { PaymentAccount, PaymentAccountInput, PaymentProvider } from '../../api/payments';
import type { Messages } from '../../i18n/index';

/** A form field's name: ['merchantId'] or ['settings' | 'secrets', key]. */
export type FieldPath = ['label'] | ['merchantId'] | ['settings' | 'secrets', string];

export type FieldText = keyof Messages['payments']['fields'];
export type FieldGroup = keyof Messages['payments']['drawer']['groups'];
export type RuleText = keyof Messages['payments']['rules'];

export type AccountField = {
  /** The account's merchant id, one of its settings, or one of its secrets (write-only). */
  place: 'merchantId' | 'settings' | 'secrets';
  /** The name in settings or secrets ('merchantId' for the merchant id). */
  key: string;
  text: FieldText;
  group: FieldGroup;
  /** pem and json: a monospace text area; secret: a password input. */
  input: 'text' | 'number' | 'pem' | 'json' | 'secret';
  /** For a secret: required only while nothing is stored. */
  required: boolean;
  /** How the adapter names the field when it refuses it. */
  adapterNames: readonly string[];
};

const merchant = (text: FieldText, adapterName: string): AccountField => ({
  place: 'merchantId',
  key: 'merchantId',
  text,
  group: 'account',
  input: 'text',
  required: true,
  adapterNames: [adapterName],
});

export const accountFields: Record<PaymentProvider, readonly AccountField[]> = {
  simulator: [
    merchant('simulatorMerchantId', 'merchantId'),
    {
      place: 'settings',
      key: 'url',
      text: 'simulatorUrl',
      group: 'account',
      input: 'text',
      required: true,
      adapterNames: ['url'],
    },
    {
      place: 'secrets',
      key: 'secret',
      text: 'simulatorSecret',
      group: 'keys',
      input: 'secret',
      required: true,
      adapterNames: ['secret'],
    },
  ],
  alipay: [
    merchant('alipayMerchantId', 'sellerId'),
    {
      place: 'settings',
      key: 'appId',
      text: 'alipayAppId',
      group: 'account',
      input: 'text',
      required: true,
      adapterNames: ['appId'],
    },
    {
      place: 'secrets',
      key: 'privateKey',
      text: 'alipayPrivateKey',
      group: 'keys',
      input: 'pem',
      required: true,
      adapterNames: ['privateKey'],
    },
    {
      place: 'settings',
      key: 'alipayPublicKey',
      text: 'alipayPublicKey',
      group: 'keys',
      input: 'pem',
      required: true,
      adapterNames: ['alipayPublicKey'],
    },
    {
      place: 'settings',
      key: 'gateway',
      text: 'alipayGateway',
      group: 'advanced',
      input: 'text',
      required: false,
      adapterNames: ['gateway'],
    },
    {
      place: 'settings',
      key: 'timeoutMs',
      text: 'alipayTimeout',
      group: 'advanced',
      input: 'number',
      required: false,
      adapterNames: ['timeoutMs'],
    },
  ],
  wechat: [
    merchant('wechatMerchantId', 'mchId'),
    {
      place: 'settings',
      key: 'appId',
      text: 'wechatAppId',
      group: 'account',
      input: 'text',
      required: true,
      adapterNames: ['appId'],
    },
    {
      place: 'settings',
      key: 'merchantSerialNo',
      text: 'wechatSerialNo',
      group: 'keys',
      input: 'text',
      required: true,
      adapterNames: ['merchantSerialNo'],
    },
    {
      place: 'secrets',
      key: 'merchantPrivateKey',
      text: 'wechatPrivateKey',
      group: 'keys',
      input: 'pem',
      required: true,
      adapterNames: ['merchantPrivateKey'],
    },
    {
      place: 'secrets',
      key: 'apiV3Key',
      text: 'wechatApiV3Key',
      group: 'keys',
      input: 'secret',
      required: true,
      adapterNames: ['apiV3Key'],
    },
    {
      place: 'secrets',
      key: 'apiV2Key',
      text: 'wechatApiV2Key',
      group: 'keys',
      input: 'secret',
      required: false,
      adapterNames: ['apiV2Key'],
    },
    {
      place: 'secrets',
      key: 'oauthAppSecret',
      text: 'wechatOauthSecret',
      group: 'account',
      input: 'secret',
      required: false,
      adapterNames: ['oauthAppSecret'],
    },
    {
      place: 'settings',
      key: 'platformPublicKeyId',
      text: 'wechatPublicKeyId',
      group: 'keys',
      input: 'text',
      required: false,
      adapterNames: ['platformPublicKey.keyId'],
    },
    {
      place: 'settings',
      key: 'platformPublicKey',
      text: 'wechatPublicKey',
      group: 'keys',
      input: 'pem',
      required: false,
      // Refused as a whole ('required') when neither the public key nor a certificate is given.
      adapterNames: ['platformPublicKey.pem', 'platformPublicKey'],
    },
    {
      place: 'settings',
      key: 'platformCertificates',
      text: 'wechatCertificates',
      group: 'advanced',
      input: 'json',
      required: false,
      adapterNames: ['platformCertificates'],
    },
    {
      place: 'settings',
      key: 'baseUrl',
      text: 'wechatBaseUrl',
      group: 'advanced',
      input: 'text',
      required: false,
      adapterNames: ['baseUrl'],
    },
    {
      place: 'settings',
      key: 'timeoutMs',
      text: 'wechatTimeout',
      group: 'advanced',
      input: 'number',
      required: false,
      adapterNames: ['timeoutMs'],
    },
    {
      place: 'settings',
      key: 'serverIp',
      text: 'wechatServerIp',
      group: 'advanced',
      input: 'text',
      required: false,
      adapterNames: ['serverIp'],
    },
    {
      place: 'settings',
      key: 'refundNotifyUrl',
      text: 'wechatRefundNotifyUrl',
      group: 'advanced',
      input: 'text',
      required: false,
      adapterNames: ['refundNotifyUrl'],
    },
  ],
};

export function fieldName(field: AccountField): FieldPath {
  return field.place === 'merchantId' ? ['merchantId'] : [field.place, field.key];
}

export type AccountFormValues = {
  label: string;
  enabled: boolean;
  merchantId: string;
  settings: Record<string, string | undefined>;
  /** Always empty at first: secrets are never sent back, so never prefilled. */
  secrets: Record<string, string | undefined>;
};

export function initialFormValues(
  provider: PaymentProvider,
  account: PaymentAccount | undefined,
  defaultLabel: string,
): AccountFormValues {
  const settings: Record<string, string> = {};
  for (const field of accountFields[provider])
    if (field.place === 'settings') settings[field.key] = account?.settings[field.key] ?? '';
  return {
    label: account?.label ?? defaultLabel,
    enabled: account?.enabled ?? true,
    merchantId: account?.merchantId ?? '',
    settings,
    secrets: {},
  };
}

/**
 * What to send: values trimmed, empty settings left out, and only the secrets typed in (an empty one
 * keeps the stored value). Settings this form does not know (set through the API) are kept as they are.
 */
export function accountInput(
  provider: PaymentProvider,
  values: AccountFormValues,
  account: PaymentAccount | undefined,
): PaymentAccountInput {
  const fields = accountFields[provider];
  const known = new Set(fields.filter((field) => field.place === 'settings').map((field) => field.key));
  const settings: Record<string, string> = {};
  for (const [key, value] of Object.entries(account?.settings ?? {}))
    if (!known.has(key)) settings[key] = value;
  const secrets: Record<string, string> = {};
  for (const field of fields) {
    if (field.place === 'merchantId') continue;
    const value = (values[field.place][field.key] ?? '').trim();
    if (value === '') continue;
    if (field.place === 'settings') settings[field.key] = value;
    else secrets[field.key] = value;
  }
  return {
    label: values.label.trim(),
    enabled: values.enabled,
    merchantId: values.merchantId.trim(),
    settings,
    secrets,
  };
}

/** A refusal about one field of the form: which, and the adapter's rule ('length' for the request's limits). */
export type FieldProblem = { name: FieldPath; field: AccountField | null; rule: string };

type AdapterDetails = { provider?: unknown; field?: unknown; rule?: unknown };
type ValidationDetails = { issues?: { path?: unknown }[] };

function adapterField(provider: PaymentProvider, name: string): AccountField | undefined {
  const fields = accountFields[provider];
  return (
    fields.find((field) => field.adapterNames.includes(name)) ??
    // platformCertificates[2] is about the certificates field.
    fields.find((field) => field.adapterNames.some((adapterName) => name.startsWith(`${adapterName}[`)))
  );
}

function requestField(provider: PaymentProvider, path: string): FieldProblem | undefined {
  if (path === 'label') return { name: ['label'], field: null, rule: 'length' };
  const field = accountFields[provider].find((candidate) =>
    candidate.place === 'merchantId' ? path === 'merchantId' : path === `${candidate.place}.${candidate.key}`,
  );
  return field === undefined ? undefined : { name: fieldName(field), field, rule: 'length' };
}

/**
 * The fields a failed save is about: the adapter's `{ provider, field, rule }`, or the request schema's
 * issues (a value too long). Empty when the refusal names no field of this form.
 */
export function fieldProblems(provider: PaymentProvider, error: unknown): FieldProblem[] {
  if (!(error instanceof ApiError) || error.code !== 'validation_failed') return [];
  const details = (error.details ?? {}) as AdapterDetails & ValidationDetails;
  if (typeof details.field === 'string' && (details.provider ?? provider) === provider) {
    const field = adapterField(provider, details.field);
    if (field === undefined) return [];
    return [
      { name: fieldName(field), field, rule: typeof details.rule === 'string' ? details.rule : 'invalid' },
    ];
  }
  const problems: FieldProblem[] = [];
  for (const issue of details.issues ?? []) {
    const problem = typeof issue.path === 'string' ? requestField(provider, issue.path) : undefined;
    if (problem !== undefined) problems.push(problem);
  }
  return problems;
}

/** The adapters' rule names (some differ between Alipay and WeChat Pay) to the sentences we show. */
const ruleTexts: Record<string, RuleText> = {
  required: 'required',
  invalid_format: 'format',
  format: 'format',
  digits: 'format',
  hex: 'format',
  url: 'format',
  ip: 'format',
  https_without_query: 'format',
  invalid_key: 'invalid_key',
  not_a_key: 'invalid_key',
  key_too_short: 'key_too_short',
  not_rsa_2048: 'key_too_short',
  app_public_key_given: 'app_public_key_given',
  not_https: 'not_https',
  https: 'not_https',
  length_32: 'length_32',
  serial_mismatch: 'serial_mismatch',
  not_a_certificate: 'not_a_certificate',
  json: 'json',
  out_of_range: 'out_of_range',
  range_50_120000: 'out_of_range',
  length: 'length',
};

export function ruleText(rule: string): RuleText {
  return ruleTexts[rule] ?? 'invalid';
}
