// A local SMTP server (smtp-server) that requires a login, records every message it accepts and can be
// told to refuse the next ones with a given reply (550 permanent, 451 temporary). A small MIME reader
// decodes what nodemailer sent (encoded-word headers, quoted-printable or base64 parts), so tests read
// the subject and the text as the customer's mail program would.
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';

export type ReceivedMail = {
  from: string;
  to: string[];
  raw: string;
  headers: Record<string, string>;
  subject: string;
  text: string;
  html: string;
};

export type SmtpFake = {
  port: number;
  /** Successful logins so far. */
  logins: number;
  received: ReceivedMail[];
  /** Refuse every message at RCPT TO with this reply until reset to null. */
  reject: { code: number; message: string } | null;
  close(): Promise<void>;
};

function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([\w-]+)\?([BQ])\?([^?]*)\?=/gi, (_, _charset: string, encoding: string, text: string) =>
      encoding.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : decodeQuotedPrintable(text.replaceAll('_', ' ')),
    );
}

function decodeQuotedPrintable(text: string): string {
  const bytes: number[] = [];
  const input = text.replace(/=\r?\n/g, '');
  for (let i = 0; i < input.length; i++) {
    if (input[i] === '=' && /^[0-9A-F]{2}$/i.test(input.slice(i + 1, i + 3))) {
      bytes.push(parseInt(input.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(input[i]!, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

function split(entity: string): { headers: Record<string, string>; body: string } {
  const end = entity.search(/\r?\n\r?\n/);
  const head = end < 0 ? entity : entity.slice(0, end);
  const body = end < 0 ? '' : entity.slice(end).replace(/^\r?\n\r?\n/, '');
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, body };
}

function decodeBody(headers: Record<string, string>, body: string): string {
  const encoding = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(body);
  return body;
}

/** The text/plain and text/html parts, found through any multipart nesting. */
function parts(entity: string, found: { text: string; html: string }): void {
  const { headers, body } = split(entity);
  const type = headers['content-type'] ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (type.startsWith('multipart/') && boundary) {
    for (const part of body.split(`--${boundary}`).slice(1)) if (!part.startsWith('--')) parts(part, found);
  } else if (type.startsWith('text/html')) found.html = decodeBody(headers, body);
  else if (type.startsWith('text/plain')) found.text = decodeBody(headers, body);
}

export async function startSmtpFake(
  credentials: { user: string; password: string },
  host = '127.0.0.1',
): Promise<SmtpFake> {
  const fake: SmtpFake = { port: 0, logins: 0, received: [], reject: null, close: async () => undefined };
  const server = new SMTPServer({
    // Plain connections on localhost: no STARTTLS offered (the channel requires TLS only off this machine).
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === credentials.user && auth.password === credentials.password) {
        fake.logins++;
        callback(null, { user: auth.username });
      } else callback(Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 }));
    },
    onRcptTo(_address, _session, callback) {
      if (fake.reject)
        callback(Object.assign(new Error(fake.reject.message), { responseCode: fake.reject.code }));
      else callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const { headers } = split(raw);
        const found = { text: '', html: '' };
        parts(raw, found);
        fake.received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          headers,
          subject: decodeWords(headers.subject ?? ''),
          ...found,
        });
        callback(null, 'Ok: queued as FAKE');
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, host, resolve);
  });
  fake.port = (server.server.address() as AddressInfo).port;
  fake.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return fake;
}
