// Email through an SMTP server (the site's mail provider or a local relay) with nodemailer: the
// rendered subject, plain text and HTML. A connection per message (no pool): sending is the outbox
// job's, at its own pace, and a pooled connection that went stale would only add another way to fail.
// The server's reply decides: 5xx is permanent (unknown mailbox, refused login), 4xx is retryable
// (greylisting, a full mailbox, a busy server), and so is any failure to get a reply at all.
import nodemailer, {
  type NodemailerError,
  type SMTPSentMessageInfo,
  type SMTPTransportOptions,
  type Transporter,
} from 'nodemailer';
import {
  checkMessage,
  failed,
  isEmailAddress,
  type NotificationChannel,
  type OutgoingMessage,
  type SendResult,
} from './channel';
import { checkTimeout, invalidConfig, isLoopback, requireText } from './config';
import { renderNotification } from './templates';

export type SmtpConfig = {
  host: string;
  /** Default 465 with `secure`, else 587. */
  port?: number;
  /**
   * TLS from the first byte (port 465). Without it STARTTLS is required — the password must not
   * cross the network in clear — except to a relay on this machine (localhost).
   */
  secure?: boolean;
  /** Both or neither: a local relay may take mail without logging in. */
  user?: string;
  password?: string;
  /** The sender: `tickets@example.com` or `"西湖景区" <tickets@example.com>`. */
  from: string;
  /** For the whole message, connecting included; no answer by then is a retryable failure. Default 30 s. */
  timeoutMs?: number;
};

const CHANNEL = 'smtp';

/** The address inside `from`, for the domain of our Message-IDs. */
function senderAddress(from: string): string | null {
  const address = /^(?:"[^"\r\n]*"\s*|[^"<>\r\n]*)<([^<>\s]+)>$/.exec(from.trim())?.[1] ?? from.trim();
  return isEmailAddress(address) ? address : null;
}

/**
 * Errors with no SMTP reply that are about reaching the server, not about the message or our setup.
 * Not ETLS: a server without STARTTLS or with a certificate we do not trust needs someone to fix it.
 */
const UNREACHED = new Set(['ECONNECTION', 'ESOCKET', 'EDNS', 'EPROXY']);

function failure(error: unknown): SendResult {
  const e = (error ?? {}) as NodemailerError;
  const detail = (e.response ?? e.message ?? String(error)).replace(/\s+/g, ' ').slice(0, 200);
  if (typeof e.responseCode === 'number') {
    // nodemailer marks the reply class itself (5xx but 503 permanent); older errors only carry the code.
    const permanent =
      typeof e.permanent === 'boolean' ? e.permanent : e.responseCode >= 500 && e.responseCode !== 503;
    return failed(!permanent, `smtp_${e.responseCode}`, `${CHANNEL}: ${e.code ? `${e.code} ` : ''}${detail}`);
  }
  const code = e.code ?? e.name ?? 'error';
  if (e.name === 'AbortError' || code === 'ETIMEDOUT' || code === 'EABORT')
    return failed(true, 'timeout', `${CHANNEL}: no answer in time (${detail})`);
  if (UNREACHED.has(code)) return failed(true, 'network', `${CHANNEL}: ${code} ${detail}`);
  return failed(false, code, `${CHANNEL}: ${code} ${detail}`);
}

export class SmtpChannel implements NotificationChannel {
  readonly name = CHANNEL;
  readonly kind = 'email';
  private readonly transport: Transporter<SMTPSentMessageInfo, SMTPTransportOptions>;
  private readonly from: string;
  private readonly senderDomain: string;
  private readonly timeoutMs: number;

  constructor(config: SmtpConfig) {
    const host = requireText(CHANNEL, 'host', config.host);
    const secure = config.secure ?? false;
    const port = config.port ?? (secure ? 465 : 587);
    if (!Number.isInteger(port) || port < 1 || port > 65_535) throw invalidConfig(CHANNEL, 'port', 'range');
    if (Boolean(config.user) !== Boolean(config.password))
      throw invalidConfig(CHANNEL, config.user ? 'password' : 'user', 'both_or_neither');
    const sender = senderAddress(requireText(CHANNEL, 'from', config.from));
    if (!sender) throw invalidConfig(CHANNEL, 'from', 'email');
    this.from = config.from.trim();
    this.senderDomain = sender.slice(sender.lastIndexOf('@') + 1);
    this.timeoutMs = checkTimeout(CHANNEL, config.timeoutMs ?? 30_000);
    this.transport = nodemailer.createTransport({
      host,
      port,
      secure,
      requireTLS: !secure && !isLoopback(host),
      auth: config.user ? { user: config.user, pass: config.password } : undefined,
      connectionTimeout: this.timeoutMs,
      greetingTimeout: this.timeoutMs,
      socketTimeout: this.timeoutMs,
    });
  }

  async send(message: OutgoingMessage): Promise<SendResult> {
    const refused = checkMessage('email', message);
    if (refused) return refused;
    const { emailSubject, emailText, emailHtml } = renderNotification(
      message.template,
      message.locale,
      message.params,
    );
    try {
      const info = await this.transport.sendMail({
        from: this.from,
        to: message.to,
        subject: emailSubject,
        text: emailText,
        html: emailHtml,
        // The same Message-ID on every attempt of one outbox message: mail systems that see it twice
        // (a retry after a timeout that had in fact gone through) can recognise the duplicate.
        ...(message.reference ? { messageId: `<${message.reference}@${this.senderDomain}>` } : {}),
        headers: { 'Content-Language': message.locale },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      return { state: 'sent', providerMessageId: info.messageId };
    } catch (error) {
      return failure(error);
    }
  }

  /** Closes the transport's connections (none stay open between messages; for a clean shutdown). */
  close(): void {
    this.transport.close();
  }
}
