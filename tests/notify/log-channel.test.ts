// The log channel of the demo, training and browser tests: it keeps what a customer would have
// received — the SMS with its signature, the email's subject, text and HTML — the newest messages only,
// readable per recipient, and writes one structured line per message; it refuses what a real channel
// would refuse.
import { describe, expect, it } from 'vitest';
import {
  LogChannel,
  logChannels,
  NotificationLog,
  type NotificationLogLine,
} from '../../packages/services/src/notify/index';
import { emailMessage, sampleParams, smsMessage } from './samples';

const at = new Date('2026-05-01T01:30:00Z');

describe('log channel', () => {
  it('keeps the SMS as the phone would show it, and logs one line', async () => {
    const lines: NotificationLogLine[] = [];
    const sms = new LogChannel('sms', {
      signName: '西湖景区',
      logger: (line) => lines.push(line),
      now: () => at,
    });
    const result = await sms.send(smsMessage({ to: '+8613800138000', reference: 'n-1' }));
    expect(result).toEqual({ state: 'sent', providerMessageId: 'log-1' });
    expect(sms.log.latest('13800138000')).toEqual({
      id: 'log-1',
      at,
      kind: 'sms',
      to: '+8613800138000',
      template: 'one_time_code',
      locale: 'zh-CN',
      reference: 'n-1',
      subject: null,
      text: '【西湖景区】您的验证码为482913，5分钟内有效。请勿告诉他人，如非本人操作请忽略。',
      html: null,
    });
    expect(lines).toEqual([
      {
        event: 'notification.logged',
        id: 'log-1',
        kind: 'sms',
        to: '+8613800138000',
        template: 'one_time_code',
        locale: 'zh-CN',
        reference: 'n-1',
        text: '【西湖景区】您的验证码为482913，5分钟内有效。请勿告诉他人，如非本人操作请忽略。',
      },
    ]);
  });

  it('keeps the email with subject, text and HTML; SMS and email share one log', async () => {
    const { sms, email, log } = logChannels();
    await sms.send(smsMessage({ template: 'refund', params: sampleParams.refund }));
    await email.send(emailMessage({ to: 'Visitor@Example.com', locale: 'en' }));
    const [latest] = log.messages({ to: 'visitor@example.com' });
    expect(latest).toMatchObject({
      kind: 'email',
      subject: 'Your e-tickets: 西湖景区, 1 May 2026',
      text: expect.stringContaining('Date: 1 May 2026') as string,
      html: expect.stringContaining('<a href="https://t.example.cn/e/AB12CD"') as string,
    });
    expect(log.messages().map((m) => m.kind)).toEqual(['email', 'sms']);
    expect(log.messages({ kind: 'sms' })).toHaveLength(1);
  });

  it('keeps only the newest messages', async () => {
    const log = new NotificationLog(3);
    const sms = new LogChannel('sms', { log });
    const sizes: number[] = [];
    for (const code of ['1111', '2222', '3333', '4444', '5555']) {
      await sms.send(smsMessage({ params: { code, minutes: '5' } }));
      sizes.push(log.messages().length);
    }
    expect(sizes).toEqual([1, 2, 3, 3, 3]);
    expect(log.messages().map((m) => m.text.slice(6, 10))).toEqual(['5555', '4444', '3333']);
    expect(log.latest('13800138000')?.text).toContain('5555');
    log.clear();
    expect(log.latest('13800138000')).toBeNull();
  });

  it('refuses what a real channel would refuse, and keeps nothing of it', async () => {
    const sms = new LogChannel('sms');
    expect(await sms.send(smsMessage({ to: '010-12345678' }))).toMatchObject({
      state: 'failed',
      retryable: false,
      code: 'invalid_recipient',
    });
    await expect(sms.send(smsMessage({ params: { code: '482913' } }))).rejects.toThrow('minutes is missing');
    await expect(sms.send(emailMessage())).rejects.toThrow('email message given to the sms channel');
    expect(sms.log.messages()).toEqual([]);
  });
});
