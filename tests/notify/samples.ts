// Parameters of each notification as the shop would enqueue them, shared by the notification tests.
import type { Locale } from '@admit/domain';
import type { OutgoingMessage, TemplateId } from '../../packages/services/src/notify/index';

export const sampleParams: Record<TemplateId, Record<string, string>> = {
  one_time_code: { code: '482913', minutes: '5' },
  e_ticket: {
    site: '西湖景区',
    date: '2026-05-01',
    session: '09:00-11:00',
    count: '2',
    url: 'https://t.example.cn/e/AB12CD',
  },
  refund: { orderNumber: 'XIHU-260501-W1-0042', amountFen: '12850' },
  cancellation: { orderNumber: 'XIHU-260501-W1-0042', site: '西湖景区' },
  daily_summary: {
    site: '西湖景区',
    date: '2026-05-01',
    salesFen: '12345600',
    tickets: '980',
    refundsFen: '25000',
    refundedTickets: '2',
    netFen: '12320600',
    visitors: '1204',
    free: '37',
    top: '成人票 700张，学生票 200张',
  },
};

export const templateIds = Object.keys(sampleParams) as TemplateId[];
export const localeIds: Locale[] = ['zh-CN', 'en'];

export function smsMessage(overrides: Partial<OutgoingMessage> = {}): OutgoingMessage {
  const template = overrides.template ?? 'one_time_code';
  return {
    channel: 'sms',
    to: '13800138000',
    template,
    locale: 'zh-CN',
    params: sampleParams[template],
    ...overrides,
  };
}

export function emailMessage(overrides: Partial<OutgoingMessage> = {}): OutgoingMessage {
  const template = overrides.template ?? 'e_ticket';
  return {
    channel: 'email',
    to: 'visitor@example.com',
    template,
    locale: 'zh-CN',
    params: sampleParams[template],
    ...overrides,
  };
}
