// The SMTP channel against a local SMTP server that requires a login (fakes/smtp-fake.ts): the email
// arrives with the subject and text in the customer's language; a 5xx reply (550, a refused login)
// fails for good, a 4xx (451) and silence are worth another try; a password never crosses the network
// in clear to a server off this machine.
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@admit/domain';
import { SmtpChannel, type SmtpConfig } from '../../packages/services/src/notify/index';
import { startSmtpFake, type SmtpFake } from './fakes/smtp-fake';
import { emailMessage, sampleParams } from './samples';

const USER = 'tickets@example.com';
const PASSWORD = 'correct horse battery staple';

let fake: SmtpFake;
const config = (overrides: Partial<SmtpConfig> = {}): SmtpConfig => ({
  host: '127.0.0.1',
  port: fake.port,
  secure: false,
  user: USER,
  password: PASSWORD,
  from: '"西湖景区" <tickets@example.com>',
  timeoutMs: 3000,
  ...overrides,
});
let smtp: SmtpChannel;

beforeAll(async () => {
  fake = await startSmtpFake({ user: USER, password: PASSWORD });
  smtp = new SmtpChannel(config());
});
afterAll(async () => {
  smtp.close();
  await fake.close();
});
afterEach(() => {
  fake.reject = null;
});

describe('sending', () => {
  it('delivers the e-ticket in Chinese: subject, text and HTML, with our Message-ID', async () => {
    const result = await smtp.send(emailMessage({ reference: '0190f3c2-ab12-7def' }));
    expect(result).toEqual({ state: 'sent', providerMessageId: '<0190f3c2-ab12-7def@example.com>' });
    const mail = fake.received.at(-1)!;
    expect(mail.to).toEqual(['visitor@example.com']);
    expect(mail.from).toBe('tickets@example.com');
    expect(mail.subject).toBe('电子票：西湖景区 2026年5月1日');
    expect(mail.text).toContain('日期：2026年5月1日');
    expect(mail.text).toContain('查看电子票：https://t.example.cn/e/AB12CD');
    expect(mail.html).toContain('<a href="https://t.example.cn/e/AB12CD"');
    expect(mail.headers['message-id']).toBe('<0190f3c2-ab12-7def@example.com>');
    expect(mail.headers['content-language']).toBe('zh-CN');
  });

  it('and the refund in English', async () => {
    expect(
      (await smtp.send(emailMessage({ template: 'refund', locale: 'en', params: sampleParams.refund })))
        .state,
    ).toBe('sent');
    const mail = fake.received.at(-1)!;
    expect(mail.subject).toBe('Refund for order XIHU-260501-W1-0042');
    expect(mail.text).toContain('Your order XIHU-260501-W1-0042 has been refunded: ¥128.50.');
    expect(mail.headers['content-language']).toBe('en');
  });
});

describe('failures', () => {
  it('550 (no such mailbox) fails for good', async () => {
    fake.reject = { code: 550, message: 'Mailbox unavailable' };
    expect(await smtp.send(emailMessage())).toMatchObject({
      state: 'failed',
      retryable: false,
      code: 'smtp_550',
    });
  });

  it('451 (try again later) is retryable', async () => {
    fake.reject = { code: 451, message: 'Greylisted, please try again later' };
    expect(await smtp.send(emailMessage())).toMatchObject({
      state: 'failed',
      retryable: true,
      code: 'smtp_451',
    });
  });

  it('a wrong password fails for good, and nothing is delivered', async () => {
    const before = fake.received.length;
    const wrong = new SmtpChannel(config({ password: 'Tr0ub4dor&3' }));
    const result = await wrong.send(emailMessage());
    expect(result).toMatchObject({ state: 'failed', retryable: false, code: 'smtp_535' });
    expect(result.state === 'failed' && result.reason).toContain('EAUTH');
    expect(fake.received.length).toBe(before);
  });

  it('an invalid address fails for good without connecting', async () => {
    const before = fake.received.length;
    expect(await smtp.send(emailMessage({ to: 'visitor@example' }))).toMatchObject({
      retryable: false,
      code: 'invalid_recipient',
    });
    expect(fake.received.length).toBe(before);
  });

  describe('a server that accepts the connection and never says hello', () => {
    let silent: Server;
    const sockets = new Set<Socket>();
    beforeAll(async () => {
      silent = createServer((socket) => sockets.add(socket));
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    });
    afterAll(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    });

    it('is retryable after the timeout', async () => {
      const quick = new SmtpChannel(config({ port: (silent.address() as AddressInfo).port, timeoutMs: 300 }));
      const started = Date.now();
      expect(await quick.send(emailMessage())).toMatchObject({
        state: 'failed',
        retryable: true,
        code: 'timeout',
      });
      expect(Date.now() - started).toBeLessThan(2000);
    });
  });

  it('a refused connection is retryable', async () => {
    const closed = await startSmtpFake({ user: USER, password: PASSWORD });
    await closed.close();
    const nowhere = new SmtpChannel(config({ port: closed.port }));
    expect(await nowhere.send(emailMessage())).toMatchObject({ retryable: true, code: 'network' });
  });

  it('will not log in without TLS to a server off this machine', async (context) => {
    // 127.0.0.2 is not "this machine" to the channel, so STARTTLS is required; the fake offers none.
    const remote = await startSmtpFake({ user: USER, password: PASSWORD }, '127.0.0.2').catch(() => null);
    if (!remote) return context.skip('cannot listen on 127.0.0.2 here');
    try {
      const result = await new SmtpChannel(config({ host: '127.0.0.2', port: remote.port })).send(
        emailMessage(),
      );
      expect(result).toMatchObject({ state: 'failed', retryable: false });
      expect(remote.logins).toBe(0);
      expect(remote.received).toHaveLength(0);
    } finally {
      await remote.close();
    }
  });
});

describe('configuration', () => {
  it.each<[Partial<SmtpConfig>, string, string]>([
    [{ host: '' }, 'host', 'required'],
    [{ port: 70_000 }, 'port', 'range'],
    [{ password: '' }, 'password', 'both_or_neither'],
    [{ from: 'Tickets' }, 'from', 'email'],
    [{ from: '"Tickets" <tickets@example.com>\r\nBcc: x@example.com' }, 'from', 'email'],
    [{ timeoutMs: 0 }, 'timeoutMs', 'range_50_120000'],
  ])('refuses %j, naming %s', (overrides, field, rule) => {
    let error: unknown;
    try {
      new SmtpChannel(config(overrides));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).details).toEqual({ channel: 'smtp', field, rule });
  });
});
