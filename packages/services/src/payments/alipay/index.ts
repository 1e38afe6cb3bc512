// Alipay (OpenAPI v2, public-key mode): the PaymentProvider adapter and its configuration. Register it
// with `paymentAdapterFactories.alipay = (account) => new AlipayProvider(alipayConfigFromAccount(account))`.
export { AlipayProvider } from './provider';
export {
  ALIPAY_GATEWAY,
  alipayConfigFromAccount,
  resolveAlipayConfig,
  type AlipayConfig,
  type AlipayConfigProblem,
} from './config';
export { beijingTime, fenFromYuan, parseBeijingTime, yuanFromFen } from './wire';
