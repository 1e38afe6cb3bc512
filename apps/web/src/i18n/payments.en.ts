// Payment providers in English: a site's accounts at Alipay, WeChat Pay (and the training payment
// simulator) and the simulator drills. Same keys as payments.zh-CN.ts (the Messages type enforces it).
import type { Messages } from './zh-CN';

export const paymentsEn: Messages['payments'] = {
  intro:
    "Each site takes payments through its own merchant accounts at Alipay and WeChat Pay: online payments and payment codes at the counter use the site's enabled provider. Secrets are write-only: once saved, only their last four characters are shown.",
  site: 'Site',
  providers: {
    simulator: 'Payment simulator',
    alipay: 'Alipay',
    wechat: 'WeChat Pay',
  },
  providerHelp: {
    simulator:
      'A simulated payment service for development, tests and training that behaves like a real provider (signatures, asynchronous notifications, retries). Enter its address, signing secret and merchant id.',
    alipay:
      'In the Alipay open platform (open.alipay.com), under Console → My apps, use an app signed up for Face-to-face, PC website or mobile website payment; under Development settings → Signing method choose the public-key mode (RSA2).',
    wechat:
      'In the WeChat Pay merchant platform (pay.weixin.qq.com), under Account center → API security, apply for the API certificate, set the APIv3 key and download the WeChat Pay public key; the AppID must be bound to the merchant id.',
  },
  status: {
    none: 'Not configured',
    enabled: 'Enabled',
    disabled: 'Disabled',
  },
  facts: {
    label: 'Name',
    merchantId: 'Merchant id',
    secrets: 'Saved secrets',
    lastTest: 'Last test',
    notifyUrl: 'Notification address',
  },
  notifyUrlHint: 'Enter this address at the provider: it receives the payment and refund results.',
  notifyUrlAfterSave: 'Made when saved',
  noSecrets: 'None',
  neverTested: 'Not tested yet',
  testOk: 'Connection OK',
  testFailed: 'Connection failed',
  testedAt: 'tested {{time}}',
  configure: 'Configure',
  edit: 'Edit',
  configureOf: 'Configure {{provider}}',
  editOf: 'Edit {{provider}}',
  test: 'Test connection',
  testOf: 'Test the connection to {{provider}}',
  drawer: {
    createTitle: 'Configure {{provider}}',
    editTitle: 'Edit {{provider}}',
    label: 'Name',
    labelHint: 'The name shown at the counter and in reports.',
    enabled: 'Enabled',
    enabledHint:
      'When disabled, no new payments start through this provider; those already started finish as usual.',
    groups: {
      account: 'Merchant and app',
      keys: 'Keys and certificates',
      advanced: 'Advanced (optional)',
    },
    writeOnly: 'Secrets are write-only and never shown: leave a field empty to keep the saved secret.',
    secretKept: 'Saved {{hint}} — leave empty to keep',
    saved: '{{provider}} saved',
  },
  fields: {
    simulatorMerchantId: {
      label: 'Merchant id',
      help: 'The merchant the simulator names in its notifications (SIM-MERCHANT by default); checked on every notification.',
      format: 'letters, digits or hyphens',
    },
    simulatorUrl: {
      label: 'Simulator address',
      help: "The simulator's address, e.g. http://127.0.0.1:9400.",
      format: 'an address starting with http:// or https://',
    },
    simulatorSecret: {
      label: 'Signing secret',
      help: 'The signing secret the simulator was started with.',
      format: 'some text',
    },
    alipayMerchantId: {
      label: 'Partner id (PID)',
      help: 'The PID under Account center → Main account in the Alipay merchant platform (b.alipay.com): 16 digits starting 2088.',
      format: '16 digits starting 2088',
    },
    alipayAppId: {
      label: 'APPID',
      help: "The app's APPID under Console → My apps in the Alipay open platform.",
      format: '16 digits',
    },
    alipayPrivateKey: {
      label: 'App private key',
      help: "The app private key (RSA2, 2048 bits) made with the open platform's key tool; it stays in this system and is never uploaded to Alipay.",
      format: "PEM or the key tool's private key",
    },
    alipayPublicKey: {
      label: 'Alipay public key',
      help: "The Alipay public key shown under App details → Development settings → Signing method after uploading the app public key (not the app's own public key).",
      format: "PEM or the key tool's public key",
    },
    alipayGateway: {
      label: 'Gateway',
      help: "Empty for production (https://openapi.alipay.com/gateway.do); for the sandbox, the gateway shown on the open platform's sandbox page.",
      format: 'an address starting with https://',
    },
    alipayTimeout: {
      label: 'Timeout (ms)',
      help: 'How long to wait for Alipay; 8000 when empty. A payment that times out is queried later.',
      format: 'a whole number from 100 to 60000 (ms)',
    },
    wechatMerchantId: {
      label: 'Merchant id (mchid)',
      help: 'The WeChat Pay merchant id under Account center → Merchant information in the merchant platform.',
      format: 'digits',
    },
    wechatAppId: {
      label: 'AppID',
      help: 'The AppID of the official account, mini program or app bound to the merchant id (Product center → AppID management).',
      format: 'letters and digits (e.g. starting wx)',
    },
    wechatSerialNo: {
      label: 'Merchant API certificate serial number',
      help: 'The serial number shown under Account center → API security → API certificate → Manage certificate.',
      format: 'hexadecimal characters',
    },
    wechatPrivateKey: {
      label: 'Merchant API private key',
      help: 'All of apiclient_key.pem, made by the certificate tool when applying for the API certificate.',
      format: 'an RSA 2048-bit private key in PEM',
    },
    wechatApiV3Key: {
      label: 'APIv3 key',
      help: 'The 32-character key set under API security → Set APIv3 key; it decrypts notifications.',
      format: '32 characters',
    },
    wechatApiV2Key: {
      label: 'APIv2 key',
      help: 'The 32-character key under API security → Set API key; only payment codes at the counter need it.',
      format: '32 characters',
    },
    wechatOauthSecret: {
      label: 'Official account AppSecret',
      help: "The AppSecret of the official account above (Official Accounts Platform → Settings and development → Basic configuration). With it, visitors inside WeChat pay in WeChat's own sheet (JSAPI). Set this system's domain as the web authorisation domain there.",
      format: '32 characters',
    },
    wechatPublicKeyId: {
      label: 'WeChat Pay public key id',
      help: 'The public key id shown under API security → WeChat Pay public key.',
      format: 'a key id starting PUB_KEY_ID_',
    },
    wechatPublicKey: {
      label: 'WeChat Pay public key',
      help: "All of pub_key.pem downloaded on the same page; it verifies WeChat Pay's answers and notifications.",
      format: 'an RSA 2048-bit public key in PEM',
    },
    wechatCertificates: {
      label: 'Platform certificates (older mode)',
      help: 'Only for merchants still on platform certificates; leave empty with the WeChat Pay public key.',
      format: 'a JSON array [{"serialNo": "…", "pem": "…"}]',
    },
    wechatBaseUrl: {
      label: 'API address',
      help: 'Empty for https://api.mch.weixin.qq.com.',
      format: 'an address starting with https://',
    },
    wechatTimeout: {
      label: 'Timeout (ms)',
      help: 'How long each call may take; 10000 when empty. A payment that times out is queried later.',
      format: 'a whole number from 50 to 120000 (ms)',
    },
    wechatServerIp: {
      label: 'Server IP',
      help: 'The public IP this system calls WeChat Pay from; payment codes at the counter need it.',
      format: 'an IP address, e.g. 203.0.113.10',
    },
    wechatRefundNotifyUrl: {
      label: 'Refund notification address',
      help: 'Empty to use the refund notification address set in the merchant platform.',
      format: 'an address starting with https:// without ? or #',
    },
  },
  rules: {
    required: 'Required.',
    format: 'Not the right format: expected {{format}}.',
    invalid_key: 'Not a valid RSA key: paste all of it, with the BEGIN and END lines.',
    key_too_short: 'The key must be RSA 2048 bits (RSA2).',
    app_public_key_given:
      'This is the app public key, not the Alipay public key: copy the "Alipay public key" shown under Signing method in the open platform.',
    not_https: 'Must start with https:// (http only for tests on this machine).',
    length_32: 'Must be 32 characters.',
    serial_mismatch: 'The serial number does not match the certificate.',
    not_a_certificate: 'Not a valid certificate (PEM).',
    json: 'Must be a JSON array: [{"serialNo": "…", "pem": "…"}].',
    out_of_range: 'Out of range: expected {{format}}.',
    length: 'Must not be empty or too long.',
    invalid: 'Not valid: expected {{format}}.',
  },
  drills: {
    title: 'Simulator drills',
    intro:
      "For training: make the installation's built-in payment simulator delay, duplicate, lose, reorder or corrupt payment notifications as real providers do, to practise reconciliation and recovery. Only payments through the built-in simulator are affected (sites without a simulator account of their own); a server restart switches the drills off.",
    duplicates: 'Copies of each notification',
    dropAttempts: 'First attempts lost',
    delaySeconds: 'Delay before the first attempt (s)',
    reorderSeconds: 'Out of order: random extra delay up to (s)',
    corrupt: 'Send a corrupted copy before each attempt',
    corruptNone: 'No corruption',
    corruptKinds: {
      signature: 'Wrong signature',
      amount: 'Wrong amount',
      merchant: 'Wrong merchant',
      body: 'Truncated body',
    },
    apply: 'Apply drills',
    off: 'Switch all off',
    applied: 'Applied to the simulator: {{summary}}.',
    switchedOff: 'All drills switched off: the simulator notifies normally again.',
    unavailable:
      'This installation runs no payment simulator (ADMIT_PAYMENT_SIMULATOR is off, as in production): the drills are not available.',
    summary: {
      separator: ', ',
      duplicates: '{{n}} copies per attempt',
      dropAttempts: 'first attempts lost: {{n}}',
      delay: 'delayed {{seconds}} s',
      reorder: 'out of order by up to {{seconds}} s',
      corrupt: 'a corrupted copy first ({{kind}})',
      none: 'no faults',
    },
  },
};
