// The log channel, for development, the demo, training and the browser tests: nothing leaves the
// machine. Every message is rendered as a real channel would render it, kept in memory (the newest
// `capacity` of them, so a long-running demo does not grow without end) for whoever needs to read the
// code a "customer" just received, and written as one structured line through an optional logger.
// It checks recipients like the real channels — an invalid number fails here as it would in
// production — and otherwise always answers sent. One log can serve the SMS and the email channel.
import {
  checkMessage,
  mainlandMobile,
  type ChannelKind,
  type Locale,
  type NotificationChannel,
  type OutgoingMessage,
  type SendResult,
  type TemplateId,
} from './channel';
import { renderNotification } from './templates';

export type LoggedMessage = {
  /** Also the providerMessageId the channel answered with. */
  id: string;
  at: Date;
  kind: ChannelKind;
  to: string;
  template: TemplateId;
  locale: Locale;
  reference: string | null;
  /** Email only. */
  subject: string | null;
  /** The SMS as the phone shows it (signature included), or the email's plain text. */
  text: string;
  /** Email only. */
  html: string | null;
};

export type NotificationLogLine = {
  event: 'notification.logged';
  id: string;
  kind: ChannelKind;
  to: string;
  template: TemplateId;
  locale: Locale;
  reference: string | null;
  /** The SMS text, or the email's subject. */
  text: string;
};

/** Mobile numbers compare without +86, addresses without case. */
function sameRecipient(a: string, b: string): boolean {
  return (mainlandMobile(a) ?? a.toLowerCase()) === (mainlandMobile(b) ?? b.toLowerCase());
}

export class NotificationLog {
  private readonly entries: LoggedMessage[] = [];
  private sequence = 0;

  constructor(readonly capacity = 200) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError('capacity must be a positive integer');
  }

  record(entry: Omit<LoggedMessage, 'id'>): LoggedMessage {
    const logged = { id: `log-${++this.sequence}`, ...entry };
    this.entries.push(logged);
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
    return logged;
  }

  /** Newest first, optionally only one recipient's or one kind's. */
  messages(filter: { to?: string; kind?: ChannelKind } = {}): LoggedMessage[] {
    return this.entries
      .filter(
        (m) => (!filter.to || sameRecipient(m.to, filter.to)) && (!filter.kind || m.kind === filter.kind),
      )
      .reverse();
  }

  /** The last message to a recipient: what the demo or a browser test reads a one-time code from. */
  latest(to: string): LoggedMessage | null {
    return this.messages({ to })[0] ?? null;
  }

  clear(): void {
    this.entries.length = 0;
  }
}

export type LogChannelOptions = {
  /** Shared with the other kind's log channel to read both in one place; a new one otherwise. */
  log?: NotificationLog;
  logger?: (line: NotificationLogLine) => void;
  /** Shown in front of SMS texts as 【…】, as the provider would add it. */
  signName?: string;
  now?: () => Date;
};

export class LogChannel implements NotificationChannel {
  readonly name = 'log';
  readonly log: NotificationLog;

  constructor(
    readonly kind: ChannelKind,
    private readonly options: LogChannelOptions = {},
  ) {
    this.log = options.log ?? new NotificationLog();
  }

  async send(message: OutgoingMessage): Promise<SendResult> {
    const refused = checkMessage(this.kind, message);
    if (refused) return refused;
    const rendered = renderNotification(message.template, message.locale, message.params);
    const sms = this.kind === 'sms';
    const sign = this.options.signName ? `【${this.options.signName}】` : '';
    const logged = this.log.record({
      at: this.options.now?.() ?? new Date(),
      kind: this.kind,
      to: message.to,
      template: message.template,
      locale: message.locale,
      reference: message.reference ?? null,
      subject: sms ? null : rendered.emailSubject,
      text: sms ? `${sign}${rendered.smsText}` : rendered.emailText,
      html: sms ? null : rendered.emailHtml,
    });
    this.options.logger?.({
      event: 'notification.logged',
      id: logged.id,
      kind: logged.kind,
      to: logged.to,
      template: logged.template,
      locale: logged.locale,
      reference: logged.reference,
      text: logged.subject ?? logged.text,
    });
    return { state: 'sent', providerMessageId: logged.id };
  }
}

/** The SMS and email log channels over one log, for the demo and the browser tests. */
export function logChannels(options: Omit<LogChannelOptions, 'log'> & { capacity?: number } = {}): {
  sms: LogChannel;
  email: LogChannel;
  log: NotificationLog;
} {
  const { capacity, ...rest } = options;
  const log = new NotificationLog(capacity);
  return {
    sms: new LogChannel('sms', { ...rest, log }),
    email: new LogChannel('email', { ...rest, log }),
    log,
  };
}
