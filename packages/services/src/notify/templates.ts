// The notifications in Simplified Chinese and English: an SMS text, and an email's subject, plain
// text and HTML. Parameters arrive as strings (the outbox stores them so) and are checked here: a
// missing, unknown or malformed one is a programming error and throws. Money arrives in fen and dates
// as YYYY-MM-DD; both are formatted per language here, so every channel shows the same thing.
//
// SMS providers in China send only pre-approved templates with variables, never free text: the SMS
// copy below is written with {variables}, `smsVariables` gives their values in order (Aliyun takes
// them by name, Tencent Cloud by position) and `smsTemplateText` prints the text to submit for
// approval in either provider's syntax — so what the provider sends is what the log channel shows.
// The provider adds the signature 【…】 in front; it counts towards the 70 characters of one SMS.
import { formatYuan } from '@admit/domain';
import type { Locale, TemplateId } from './channel';

export type SmsVariable = { name: string; value: string };

export type RenderedMessage = {
  /** Without the signature 【…】, which the provider adds. */
  smsText: string;
  /** The values of the SMS template's variables, in the order they appear in the text. */
  smsVariables: SmsVariable[];
  emailSubject: string;
  emailText: string;
  emailHtml: string;
};

export class TemplateParamsError extends Error {
  constructor(
    readonly template: string,
    readonly problems: string[],
  ) {
    super(`template ${template}: ${problems.join('; ')}`);
    this.name = 'TemplateParamsError';
  }
}

type Check = (value: string) => boolean;

/** A line of text: no control characters (they would break an SMS, a header or the layout). */
const text: Check = (v) => v.trim() !== '' && v.length <= 100 && !/\p{Cc}/u.test(v);
const isoDate: Check = (v) => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (!m) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.toISOString().slice(0, 10) === v;
};
const webUrl: Check = (v) => {
  try {
    const url = new URL(v);
    return (url.protocol === 'https:' || url.protocol === 'http:') && v.length <= 500 && !/\s/.test(v);
  } catch {
    return false;
  }
};

/** What each template takes: every parameter listed is required unless it is in `optional`. */
const parameters: Record<TemplateId, { checks: Record<string, Check>; optional?: string[] }> = {
  one_time_code: {
    checks: { code: (v) => /^[0-9A-Za-z]{4,8}$/.test(v), minutes: (v) => /^[1-9]\d{0,2}$/.test(v) },
  },
  e_ticket: {
    checks: {
      site: text,
      date: isoDate,
      session: text,
      count: (v) => /^[1-9]\d{0,3}$/.test(v),
      url: webUrl,
    },
    optional: ['session'],
  },
  refund: {
    checks: {
      orderNumber: (v) => /^[A-Za-z0-9-]{1,40}$/.test(v),
      amountFen: (v) => /^[1-9]\d{0,12}$/.test(v),
    },
  },
  cancellation: {
    checks: { orderNumber: (v) => /^[A-Za-z0-9-]{1,40}$/.test(v), site: text },
  },
  // The reports' daily summary (日报) to managers: yesterday's figures of a site (money in fen).
  daily_summary: {
    checks: {
      site: text,
      date: isoDate,
      salesFen: (v) => /^\d{1,13}$/.test(v),
      tickets: (v) => /^\d{1,9}$/.test(v),
      refundsFen: (v) => /^\d{1,13}$/.test(v),
      refundedTickets: (v) => /^\d{1,9}$/.test(v),
      netFen: (v) => /^-?\d{1,13}$/.test(v),
      visitors: (v) => /^\d{1,9}$/.test(v),
      free: (v) => /^\d{1,9}$/.test(v),
      top: text,
    },
    optional: ['top'],
  },
};

/** The parameters a template takes (required first), for the outbox's and the admin view's forms. */
export function templateParameters(template: TemplateId): { required: string[]; optional: string[] } {
  const { checks, optional = [] } = parameters[template];
  return { required: Object.keys(checks).filter((name) => !optional.includes(name)), optional };
}

function checkParams(template: TemplateId, params: Record<string, string>): void {
  const { checks, optional = [] } = parameters[template];
  const problems: string[] = [];
  for (const [name, check] of Object.entries(checks)) {
    const value = params[name];
    if (value === undefined) {
      if (!optional.includes(name)) problems.push(`${name} is missing`);
    } else if (typeof value !== 'string' || !check(value)) problems.push(`${name} is malformed`);
  }
  for (const name of Object.keys(params))
    if (!Object.hasOwn(checks, name)) problems.push(`${name} is not a parameter`);
  if (problems.length > 0) throw new TemplateParamsError(template, problems);
}

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** 2026-05-01 → 2026年5月1日 / 1 May 2026; `short` leaves out the year (an SMS is short). */
function formatDate(iso: string, locale: Locale, short = false): string {
  const [year, month, day] = iso.split('-').map(Number) as [number, number, number];
  if (locale === 'zh-CN') return `${short ? '' : `${year}年`}${month}月${day}日`;
  return `${day} ${months[month - 1]}${short ? '' : ` ${year}`}`;
}

type Block =
  | { paragraph: string }
  /** A one-time code, shown large. */
  | { code: string }
  | { facts: [label: string, value: string][] }
  | { link: string; url: string };

type EmailCopy = { subject: string; blocks: Block[] };

/** The SMS copy, with the {variables} the provider's approved template has. */
const smsCopy: Record<Locale, Record<TemplateId, string>> = {
  'zh-CN': {
    one_time_code: '您的验证码为{code}，{minutes}分钟内有效。请勿告诉他人，如非本人操作请忽略。',
    e_ticket: '购票成功：{site}门票{tickets}，{time}，电子票：{url}',
    refund: '订单{order}已退款¥{amount}，款项将原路退回。',
    cancellation: '您在{site}的订单{order}已取消。',
    daily_summary: '{site}{date}日报：销售¥{sales}，{tickets}张，入园{visitors}人，退款¥{refunds}。',
  },
  en: {
    one_time_code: 'Your verification code is {code}, valid for {minutes} min. Do not share it with anyone.',
    e_ticket: 'Booked: {tickets} for {site}, {time}. E-ticket: {url}',
    refund: 'Order {order}: ¥{amount} refunded to your original payment method.',
    cancellation: 'Your order {order} at {site} has been cancelled.',
    daily_summary:
      '{site}, {date}: sales ¥{sales}, {tickets} tickets, {visitors} visitors, refunds ¥{refunds}.',
  },
};

const footer = {
  'zh-CN': '此邮件由系统自动发送，请勿直接回复。',
  en: 'This message was sent automatically. Please do not reply.',
} satisfies Record<Locale, string>;

/** The values a template's copy uses, formatted for the language. */
function values(template: TemplateId, p: Record<string, string>, locale: Locale): Record<string, string> {
  const zh = locale === 'zh-CN';
  switch (template) {
    case 'one_time_code':
      return { code: p.code!, minutes: p.minutes! };
    case 'e_ticket': {
      const count = Number(p.count);
      const day = formatDate(p.date!, locale, true);
      return {
        site: p.site!,
        date: formatDate(p.date!, locale),
        session: p.session ?? '',
        time: p.session ? `${day}${zh ? ' ' : ', '}${p.session}` : day,
        tickets: zh ? `${count}张` : `${count} ticket${count === 1 ? '' : 's'}`,
        url: p.url!,
      };
    }
    case 'refund':
      return { order: p.orderNumber!, amount: formatYuan(Number(p.amountFen)) };
    case 'cancellation':
      return { order: p.orderNumber!, site: p.site! };
    case 'daily_summary':
      return {
        site: p.site!,
        date: formatDate(p.date!, locale),
        sales: formatYuan(Number(p.salesFen)),
        tickets: p.tickets!,
        refunds: formatYuan(Number(p.refundsFen)),
        refundedTickets: p.refundedTickets!,
        net: formatYuan(Number(p.netFen)),
        visitors: p.visitors!,
        free: p.free!,
        top: p.top ?? '',
      };
  }
}

function emailCopy(template: TemplateId, locale: Locale, v: Record<string, string>): EmailCopy {
  if (locale === 'zh-CN') {
    switch (template) {
      case 'one_time_code':
        return {
          subject: '您的验证码',
          blocks: [
            { paragraph: '您的验证码是：' },
            { code: v.code! },
            { paragraph: `${v.minutes}分钟内有效。请勿将验证码告诉他人；如非本人操作，请忽略本邮件。` },
          ],
        };
      case 'e_ticket':
        return {
          subject: `电子票：${v.site} ${v.date}`,
          blocks: [
            { paragraph: '您已成功购票，订单信息如下：' },
            {
              facts: [
                ['地点', v.site!],
                ['日期', v.date!],
                ...(v.session ? [['场次', v.session] as [string, string]] : []),
                ['数量', v.tickets!],
              ],
            },
            { link: '查看电子票', url: v.url! },
            { paragraph: '入场时请出示电子票上的二维码。' },
          ],
        };
      case 'refund':
        return {
          subject: `退款通知：订单 ${v.order}`,
          blocks: [
            { paragraph: `您的订单 ${v.order} 已退款 ¥${v.amount}。` },
            { paragraph: '款项将按原支付方式退回，到账时间以支付机构为准。' },
          ],
        };
      case 'cancellation':
        return {
          subject: `订单已取消：${v.order}`,
          blocks: [
            { paragraph: `您在 ${v.site} 的订单 ${v.order} 已取消。` },
            { paragraph: '如有疑问，请联系我们。' },
          ],
        };
      case 'daily_summary':
        return {
          subject: `日报：${v.site} ${v.date}`,
          blocks: [
            { paragraph: `${v.site} ${v.date} 经营概况：` },
            {
              facts: [
                ['销售额', `¥${v.sales}`],
                ['售出门票', `${v.tickets}张`],
                ['退款', `¥${v.refunds}（${v.refundedTickets}张）`],
                ['净额', `¥${v.net}`],
                ['入园人数', `${v.visitors}人`],
                ['免费票及赠票', `${v.free}张`],
                ...(v.top ? [['热门票种', v.top] as [string, string]] : []),
              ],
            },
            { paragraph: '以上为报表汇总数据，财务数据以日结为准。' },
          ],
        };
    }
  }
  switch (template) {
    case 'one_time_code':
      return {
        subject: 'Your verification code',
        blocks: [
          { paragraph: 'Your verification code is:' },
          { code: v.code! },
          {
            paragraph: `It is valid for ${v.minutes} minutes. Do not share it with anyone. If you did not ask for it, ignore this email.`,
          },
        ],
      };
    case 'e_ticket':
      return {
        subject: `Your e-tickets: ${v.site}, ${v.date}`,
        blocks: [
          { paragraph: 'Thank you for your booking. Your order:' },
          {
            facts: [
              ['Place', v.site!],
              ['Date', v.date!],
              ...(v.session ? [['Session', v.session] as [string, string]] : []),
              ['Tickets', v.tickets!],
            ],
          },
          { link: 'Open your e-tickets', url: v.url! },
          { paragraph: 'Show the QR code on your e-ticket at the entrance.' },
        ],
      };
    case 'refund':
      return {
        subject: `Refund for order ${v.order}`,
        blocks: [
          { paragraph: `Your order ${v.order} has been refunded: ¥${v.amount}.` },
          {
            paragraph:
              'The money goes back to the payment method you used; when it arrives depends on your bank or wallet.',
          },
        ],
      };
    case 'cancellation':
      return {
        subject: `Order ${v.order} cancelled`,
        blocks: [
          { paragraph: `Your order ${v.order} at ${v.site} has been cancelled.` },
          { paragraph: 'If you have any questions, please contact us.' },
        ],
      };
    case 'daily_summary':
      return {
        subject: `Daily summary: ${v.site}, ${v.date}`,
        blocks: [
          { paragraph: `${v.site} on ${v.date}:` },
          {
            facts: [
              ['Sales', `¥${v.sales}`],
              ['Tickets sold', v.tickets!],
              ['Refunds', `¥${v.refunds} (${v.refundedTickets} tickets)`],
              ['Net', `¥${v.net}`],
              ['Visitors', v.visitors!],
              ['Free and complimentary tickets', v.free!],
              ...(v.top ? [['Top ticket types', v.top] as [string, string]] : []),
            ],
          },
          {
            paragraph:
              'These are the reports’ figures; the daily settlement is the reference for the accounts.',
          },
        ],
      };
  }
}

export function escapeHtml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

const placeholder = /\{(\w+)\}/g;

function emailText(blocks: Block[], locale: Locale): string {
  const colon = locale === 'zh-CN' ? '：' : ': ';
  const parts = blocks.map((block) => {
    if ('paragraph' in block) return block.paragraph;
    if ('code' in block) return block.code;
    if ('facts' in block) return block.facts.map(([label, value]) => `${label}${colon}${value}`).join('\n');
    return `${block.link}${colon}${block.url}`;
  });
  return `${[...parts, footer[locale]].join('\n\n')}\n`;
}

function emailHtml(subject: string, blocks: Block[], locale: Locale): string {
  const body = blocks.map((block) => {
    if ('paragraph' in block) return `<p>${escapeHtml(block.paragraph)}</p>`;
    if ('code' in block)
      return `<p style="font-size:28px;font-weight:bold;letter-spacing:6px">${escapeHtml(block.code)}</p>`;
    if ('facts' in block)
      return `<table cellpadding="4">${block.facts
        .map(
          ([label, value]) =>
            `<tr><th align="left">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`,
        )
        .join('')}</table>`;
    return `<p><a href="${escapeHtml(block.url)}" style="font-weight:bold">${escapeHtml(block.link)}</a></p>`;
  });
  return (
    `<!doctype html>\n<html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>` +
    `<body style="font-family:sans-serif;line-height:1.6;color:#222">\n${body.join('\n')}\n` +
    `<p style="color:#888;font-size:12px">${escapeHtml(footer[locale])}</p>\n</body></html>\n`
  );
}

/** Renders a template; throws TemplateParamsError when the parameters do not fit it. */
export function renderNotification(
  template: TemplateId,
  locale: Locale,
  params: Record<string, string>,
): RenderedMessage {
  checkParams(template, params);
  const v = values(template, params, locale);
  const sms = smsCopy[locale][template];
  const { subject, blocks } = emailCopy(template, locale, v);
  const smsVariables = [...sms.matchAll(placeholder)].map(([, name]) => ({ name: name!, value: v[name!]! }));
  return {
    smsText: sms.replace(placeholder, (_, name: string) => v[name]!),
    smsVariables,
    emailSubject: subject,
    emailText: emailText(blocks, locale),
    emailHtml: emailHtml(subject, blocks, locale),
  };
}

/**
 * The SMS template text to submit for approval: Aliyun names variables (${code}), Tencent Cloud
 * numbers them ({1}) in the order `smsVariables` lists them.
 */
export function smsTemplateText(template: TemplateId, locale: Locale, style: 'aliyun' | 'tencent'): string {
  let index = 0;
  return smsCopy[locale][template].replace(placeholder, (_, name: string) =>
    style === 'aliyun' ? `\${${name}}` : `{${++index}}`,
  );
}
