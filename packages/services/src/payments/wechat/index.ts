// WeChat Pay v3: the PaymentProvider adapter, its configuration, and the signature and notification
// pieces a caller may need on their own. Register it with
// `paymentAdapterFactories.wechat = (account) => new WechatPayProvider(wechatPayConfigFromAccount(account))`.
export { WechatPayProvider } from './provider';
export {
  DEFAULT_BASE_URL,
  resolveWechatPayConfig,
  wechatPayConfigFromAccount,
  type WechatPayConfig,
} from './config';
export { verifyWechatNotification, wechatNotificationAnswer } from './notifications';
export { MAX_CLOCK_SKEW_MS, beijingTime, v2Sign } from './signing';
export { fromXml, toXml } from './client';
