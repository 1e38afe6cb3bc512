// The four notifications in Simplified Chinese and English: what the customer reads by SMS and email,
// money from fen, dates per language, HTML that cannot be broken into, parameters checked, SMS texts
// that fit one message, and the template text each SMS provider must approve.
import { describe, expect, it } from 'vitest';
import {
  renderNotification,
  smsTemplateText,
  templateParameters,
  TemplateParamsError,
} from '../../packages/services/src/notify/index';
import { localeIds, sampleParams, templateIds } from './samples';

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(TemplateParamsError);
    return (error as TemplateParamsError).problems;
  }
  throw new Error('rendered without complaint');
}

describe('one-time code', () => {
  it('gives the code and how long it is valid, in Chinese', () => {
    const zh = renderNotification('one_time_code', 'zh-CN', { code: '482913', minutes: '5' });
    expect(zh.smsText).toBe('您的验证码为482913，5分钟内有效。请勿告诉他人，如非本人操作请忽略。');
    expect(zh.emailSubject).toBe('您的验证码');
    expect(zh.emailText).toContain('482913');
    expect(zh.emailText).toContain('5分钟内有效');
    expect(zh.emailHtml).toContain('<html lang="zh-CN">');
    expect(zh.emailHtml).toContain('482913');
  });

  it('and in English', () => {
    const en = renderNotification('one_time_code', 'en', { code: '482913', minutes: '10' });
    expect(en.smsText).toBe(
      'Your verification code is 482913, valid for 10 min. Do not share it with anyone.',
    );
    expect(en.emailSubject).toBe('Your verification code');
    expect(en.emailText).toContain('It is valid for 10 minutes.');
    expect(en.emailHtml).toContain('<html lang="en">');
  });
});

describe('e-ticket', () => {
  it('names the place, the date and session, the number of tickets and links the e-ticket page', () => {
    const zh = renderNotification('e_ticket', 'zh-CN', sampleParams.e_ticket);
    expect(zh.smsText).toBe(
      '购票成功：西湖景区门票2张，5月1日 09:00-11:00，电子票：https://t.example.cn/e/AB12CD',
    );
    expect(zh.emailSubject).toBe('电子票：西湖景区 2026年5月1日');
    expect(zh.emailText).toContain('地点：西湖景区\n日期：2026年5月1日\n场次：09:00-11:00\n数量：2张');
    expect(zh.emailText).toContain('查看电子票：https://t.example.cn/e/AB12CD');
    expect(zh.emailHtml).toContain('<a href="https://t.example.cn/e/AB12CD"');

    const en = renderNotification('e_ticket', 'en', { ...sampleParams.e_ticket, site: 'West Lake' });
    expect(en.smsText).toBe(
      'Booked: 2 tickets for West Lake, 1 May, 09:00-11:00. E-ticket: https://t.example.cn/e/AB12CD',
    );
    expect(en.emailSubject).toBe('Your e-tickets: West Lake, 1 May 2026');
    expect(en.emailText).toContain(
      'Place: West Lake\nDate: 1 May 2026\nSession: 09:00-11:00\nTickets: 2 tickets',
    );
  });

  it('says "1 ticket", and leaves the session out for a day ticket', () => {
    const params = { site: 'West Lake', date: '2026-12-31', count: '1', url: 'https://t.example.cn/e/X' };
    const en = renderNotification('e_ticket', 'en', params);
    expect(en.smsText).toBe('Booked: 1 ticket for West Lake, 31 Dec. E-ticket: https://t.example.cn/e/X');
    expect(en.emailText).not.toContain('Session');
    expect(renderNotification('e_ticket', 'zh-CN', params).smsText).toBe(
      '购票成功：West Lake门票1张，12月31日，电子票：https://t.example.cn/e/X',
    );
  });
});

describe('refund and cancellation', () => {
  it('shows the refund in yuan from fen, with the order number', () => {
    expect(renderNotification('refund', 'zh-CN', sampleParams.refund).smsText).toBe(
      '订单XIHU-260501-W1-0042已退款¥128.50，款项将原路退回。',
    );
    const en = renderNotification('refund', 'en', { orderNumber: 'XIHU-260501-W1-0042', amountFen: '5' });
    expect(en.smsText).toBe('Order XIHU-260501-W1-0042: ¥0.05 refunded to your original payment method.');
    expect(en.emailSubject).toBe('Refund for order XIHU-260501-W1-0042');
    expect(en.emailText).toContain('has been refunded: ¥0.05.');
  });

  it('says which order at which place was cancelled', () => {
    expect(renderNotification('cancellation', 'zh-CN', sampleParams.cancellation).smsText).toBe(
      '您在西湖景区的订单XIHU-260501-W1-0042已取消。',
    );
    expect(
      renderNotification('cancellation', 'en', { ...sampleParams.cancellation, site: 'West Lake' }),
    ).toMatchObject({
      smsText: 'Your order XIHU-260501-W1-0042 at West Lake has been cancelled.',
      emailSubject: 'Order XIHU-260501-W1-0042 cancelled',
    });
  });
});

describe('HTML', () => {
  it('escapes every parameter, in text and in the link', () => {
    const rendered = renderNotification('e_ticket', 'en', {
      ...sampleParams.e_ticket,
      site: '<b>"Tom & Jerry\'s"</b>',
      url: 'https://t.example.cn/e/x"><script>alert(1)</script>',
    });
    expect(rendered.emailHtml).toContain('&lt;b&gt;&quot;Tom &amp; Jerry&#39;s&quot;&lt;/b&gt;');
    expect(rendered.emailHtml).toContain('href="https://t.example.cn/e/x&quot;&gt;&lt;script&gt;');
    expect(rendered.emailHtml).not.toMatch(/<script|<b>/);
    // The plain text and the SMS carry the characters as they are.
    expect(rendered.emailText).toContain('<b>"Tom & Jerry\'s"</b>');
  });
});

describe('parameters', () => {
  it('lists what each template takes', () => {
    expect(templateParameters('e_ticket')).toEqual({
      required: ['site', 'date', 'count', 'url'],
      optional: ['session'],
    });
    expect(templateParameters('refund')).toEqual({ required: ['orderNumber', 'amountFen'], optional: [] });
  });

  it('refuses a missing or unknown parameter at render time, naming it', () => {
    expect(problemsOf(() => renderNotification('one_time_code', 'zh-CN', { code: '482913' }))).toEqual([
      'minutes is missing',
    ]);
    expect(
      problemsOf(() => renderNotification('refund', 'en', { orderNumber: 'A-1', amount: '100' })),
    ).toEqual(['amountFen is missing', 'amount is not a parameter']);
  });

  it.each([
    ['refund', { orderNumber: 'A-1', amountFen: '128.50' }, 'amountFen is malformed'],
    ['refund', { orderNumber: 'A 1', amountFen: '100' }, 'orderNumber is malformed'],
    ['e_ticket', { ...sampleParams.e_ticket, date: '2026-02-30' }, 'date is malformed'],
    ['e_ticket', { ...sampleParams.e_ticket, count: '0' }, 'count is malformed'],
    ['e_ticket', { ...sampleParams.e_ticket, url: 'javascript:alert(1)' }, 'url is malformed'],
    ['e_ticket', { ...sampleParams.e_ticket, session: '' }, 'session is malformed'],
    ['cancellation', { orderNumber: 'A-1', site: 'West\r\nBcc: x@example.com' }, 'site is malformed'],
    ['one_time_code', { code: '48 29', minutes: '5' }, 'code is malformed'],
  ] as const)('refuses %s with %j', (template, params, problem) => {
    expect(problemsOf(() => renderNotification(template, 'zh-CN', params))).toEqual([problem]);
  });
});

describe('SMS', () => {
  // One SMS is 70 characters when any is Chinese, the provider's signature 【西湖景区】 (6) included.
  const signature = '【西湖景区】';
  it.each(templateIds)('%s in Chinese fits one SMS with the signature', (template) => {
    const { smsText } = renderNotification(template, 'zh-CN', sampleParams[template]);
    expect([...`${signature}${smsText}`].length).toBeLessThanOrEqual(70);
  });

  it('gives the provider template to approve, and the variables in its order', () => {
    expect(smsTemplateText('one_time_code', 'zh-CN', 'aliyun')).toBe(
      '您的验证码为${code}，${minutes}分钟内有效。请勿告诉他人，如非本人操作请忽略。',
    );
    expect(smsTemplateText('e_ticket', 'zh-CN', 'tencent')).toBe('购票成功：{1}门票{2}，{3}，电子票：{4}');
    expect(renderNotification('e_ticket', 'zh-CN', sampleParams.e_ticket).smsVariables).toEqual([
      { name: 'site', value: '西湖景区' },
      { name: 'tickets', value: '2张' },
      { name: 'time', value: '5月1日 09:00-11:00' },
      { name: 'url', value: 'https://t.example.cn/e/AB12CD' },
    ]);
  });

  it.each(templateIds.flatMap((t) => localeIds.map((l) => [t, l] as const)))(
    '%s (%s): the approved template filled with the variables is exactly our text',
    (template, locale) => {
      const { smsText, smsVariables } = renderNotification(template, locale, sampleParams[template]);
      const byName = Object.fromEntries(smsVariables.map((v) => [v.name, v.value]));
      const aliyun = smsTemplateText(template, locale, 'aliyun').replace(
        /\$\{(\w+)\}/g,
        (_, n: string) => byName[n]!,
      );
      const tencent = smsTemplateText(template, locale, 'tencent').replace(
        /\{(\d+)\}/g,
        (_, i: string) => smsVariables[Number(i) - 1]!.value,
      );
      expect(aliyun).toBe(smsText);
      expect(tencent).toBe(smsText);
    },
  );
});
