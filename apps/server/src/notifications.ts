// The notification channels the configuration asks for: the log channel (development and training:
// messages are kept in memory and shown to admins) or Aliyun / Tencent Cloud SMS and SMTP email, built
// from their JSON settings files. A settings file the adapter refuses stops the start with the field
// that is wrong.
import {
  AliyunSmsChannel,
  logChannels,
  SmtpChannel,
  TencentSmsChannel,
  type AliyunSmsConfig,
  type NotificationChannel,
  type NotificationLog,
  type SmtpConfig,
  type TencentSmsConfig,
} from '@admit/services';
import { isAppError } from '@admit/domain';
import { ConfigError, type Config } from './config';

export function notificationChannels(config: Config): {
  channels: { sms: NotificationChannel; email: NotificationChannel };
  /** The log channel's messages (what the admin screen and the demo show), when a log channel is used. */
  log: NotificationLog | null;
} {
  const logged = logChannels({ signName: 'Admit' });
  const build = <T>(variable: string, make: () => T): T => {
    try {
      return make();
    } catch (error) {
      if (isAppError(error)) throw new ConfigError(variable, `is refused: ${JSON.stringify(error.details)}`);
      throw error;
    }
  };
  const { sms, email } = config.notifications;
  const smsChannel: NotificationChannel =
    sms.provider === 'log'
      ? logged.sms
      : build('ADMIT_SMS_CONFIG', () =>
          sms.provider === 'aliyun'
            ? new AliyunSmsChannel(sms.settings as unknown as AliyunSmsConfig)
            : new TencentSmsChannel(sms.settings as unknown as TencentSmsConfig),
        );
  const emailChannel: NotificationChannel =
    email.provider === 'log'
      ? logged.email
      : build('ADMIT_EMAIL_CONFIG', () => new SmtpChannel(email.settings as unknown as SmtpConfig));
  return {
    channels: { sms: smsChannel, email: emailChannel },
    log: sms.provider === 'log' || email.provider === 'log' ? logged.log : null,
  };
}
