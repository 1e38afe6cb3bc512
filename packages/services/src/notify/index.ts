// Notifications: the channel interface, the zh-CN/en templates, and the adapters — Aliyun and Tencent
// Cloud SMS, SMTP email, and the log channel for development and training. The outbox and its sending
// job (outbox/) pick a channel per kind and store what each send answered.
export {
  checkMessage,
  isEmailAddress,
  mainlandMobile,
  type ChannelKind,
  type NotificationChannel,
  type OutgoingMessage,
  type SendResult,
  type TemplateId,
} from './channel';
export type { SmsTemplateCodes } from './config';
export {
  renderNotification,
  smsTemplateText,
  templateParameters,
  TemplateParamsError,
  type RenderedMessage,
  type SmsVariable,
} from './templates';
export { ALIYUN_SMS_ENDPOINT, AliyunSmsChannel, aliyunSignature, type AliyunSmsConfig } from './aliyun-sms';
export {
  TENCENT_SMS_ENDPOINT,
  TencentSmsChannel,
  tc3Authorization,
  tc3StringToSign,
  type Tc3Request,
  type TencentSmsConfig,
} from './tencent-sms';
export { SmtpChannel, type SmtpConfig } from './smtp';
export {
  LogChannel,
  logChannels,
  NotificationLog,
  type LogChannelOptions,
  type LoggedMessage,
  type NotificationLogLine,
} from './log-channel';
