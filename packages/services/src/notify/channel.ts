// The notification channel interface: one message (a template, its parameters, a language and a
// recipient) goes out by SMS or email through an adapter — Aliyun or Tencent Cloud SMS, SMTP, or the
// log channel for development and training. A channel never throws for what the provider or the
// network does: it answers `sent`, or `failed` with `retryable` telling the sending job whether the
// same message may go through later (throttling, provider trouble, a timeout) or never will (a bad
// number, an unapproved template, wrong credentials). It throws only for programming errors: a
// message given to a channel of the other kind, or template parameters that do not fit.
import type { Locale } from '@admit/domain';

export type { Locale };

export type ChannelKind = 'sms' | 'email';

export type TemplateId = 'one_time_code' | 'e_ticket' | 'refund' | 'cancellation' | 'daily_summary';

export type OutgoingMessage = {
  channel: ChannelKind;
  /** A mainland mobile number (13800138000, +8613800138000) or an email address. */
  to: string;
  template: TemplateId;
  locale: Locale;
  /** The template's parameters (see templates.ts); money in fen, dates as YYYY-MM-DD. */
  params: Record<string, string>;
  /**
   * Our id of this message (the outbox row), the same on every attempt: sent as Aliyun's OutId,
   * Tencent's SessionContext and in the email's Message-ID, so a retry can be matched to the first try.
   */
  reference?: string;
};

export type SendResult =
  | { state: 'sent'; providerMessageId: string }
  | {
      state: 'failed';
      retryable: boolean;
      /** The provider's code (isv.MOBILE_NUMBER_ILLEGAL, AuthFailure.SignatureFailure, smtp_550) or ours (invalid_recipient, timeout, network). */
      code: string;
      reason: string;
    };

export interface NotificationChannel {
  /** The adapter: 'aliyun-sms', 'tencent-sms', 'smtp', 'log'. */
  readonly name: string;
  readonly kind: ChannelKind;
  send(message: OutgoingMessage): Promise<SendResult>;
}

export function failed(retryable: boolean, code: string, reason: string): SendResult {
  return { state: 'failed', retryable, code, reason };
}

/** The 11-digit national number of a mainland mobile number, with or without +86; null otherwise. */
export function mainlandMobile(to: string): string | null {
  const match = /^(?:\+86)?(1[3-9]\d{9})$/.exec(to.trim());
  return match?.[1] ?? null;
}

/**
 * A plain addr-spec (no display name, no comments, no whitespace): what a customer types. The
 * length limit is RFC 5321's; anything with CR/LF is refused so a recipient can never inject headers.
 */
export function isEmailAddress(to: string): boolean {
  return (
    to.length <= 254 &&
    /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/.test(
      to,
    ) &&
    !to.startsWith('.') &&
    !to.includes('..')
  );
}

/**
 * The checks every channel makes before anything goes out. Throws for a message of the other kind or
 * a malformed reference (programming errors); a recipient that is not a valid number or address is a
 * permanent failure, since no retry can fix it.
 */
export function checkMessage(kind: ChannelKind, message: OutgoingMessage): SendResult | null {
  if (message.channel !== kind) throw new Error(`${message.channel} message given to the ${kind} channel`);
  if (message.reference !== undefined && !/^[\w.-]{1,64}$/.test(message.reference))
    throw new Error('a message reference is 1–64 letters, digits, ".", "_" or "-"');
  const valid = kind === 'sms' ? mainlandMobile(message.to) !== null : isEmailAddress(message.to);
  if (valid) return null;
  return failed(
    false,
    'invalid_recipient',
    kind === 'sms'
      ? `not a mainland China mobile number: ${JSON.stringify(message.to)}`
      : `not an email address: ${JSON.stringify(message.to)}`,
  );
}
