import { describe, expect, it } from 'vitest';
import { createI18n } from '../../i18n/index';
import type { ShownResult, TicketResult } from './result';
import { resultTexts, siteTime } from './resultText';

const base: TicketResult = {
  kind: 'ticket',
  result: 'ok',
  offline: false,
  reason: null,
  tooSoon: false,
  ticketId: '0190a000-0000-7000-8000-000000000001',
  category: 'child',
  productName: { zh: '儿童票', en: 'Child ticket' },
  eligibility: { zh: '身高 1.2–1.5 米', en: 'Height 1.2–1.5 m' },
  holderName: null,
  entriesLeft: 0,
  unlimited: false,
  lastEntry: null,
  occupancy: null,
};
const shown = (changes: Partial<TicketResult>): ShownResult => ({
  ...base,
  ...changes,
  seq: 1,
  at: '2026-12-01T02:06:00Z',
});
const zh = createI18n('zh-CN').t;
const en = createI18n('en').t;
const now = new Date('2026-12-01T02:06:00Z');
const usedAtGateA = shown({
  result: 'already_used',
  entriesLeft: null,
  lastEntry: { at: '2026-12-01T02:05:00Z', gateName: { zh: '东门', en: 'Gate A' } },
});

describe('what the gate screen says', () => {
  it('shows the category largest on green, with the ticket type, eligibility and entries left', () => {
    expect(resultTexts(shown({}), zh, 'zh-CN', 'Asia/Shanghai', now)).toEqual({
      tone: 'ok',
      code: 'ok',
      headline: '请通行',
      category: '儿童',
      detail: null,
      lines: ['儿童票', '身高 1.2–1.5 米', '剩余 0 次'],
    });
    expect(
      resultTexts(shown({ category: 'senior', unlimited: true, entriesLeft: null }), en, 'en', 'UTC', now),
    ).toMatchObject({
      category: 'Senior',
      lines: ['Child ticket', 'Height 1.2–1.5 m', 'Unlimited entries'],
    });
  });

  it('says a code checked offline is valid without knowing its category', () => {
    expect(
      resultTexts(
        shown({ offline: true, category: null, productName: null, eligibility: null }),
        zh,
        'zh-CN',
        'UTC',
        now,
      ),
    ).toMatchObject({ tone: 'ok', category: '有效票', lines: ['剩余 0 次'] });
  });

  it('says where and when an entry was used, in the site’s time', () => {
    expect(resultTexts(usedAtGateA, zh, 'zh-CN', 'Asia/Shanghai', now)).toMatchObject({
      tone: 'refused',
      headline: '已使用',
      detail: '已于 10:05 在东门使用',
    });
    expect(resultTexts(usedAtGateA, en, 'en', 'Asia/Shanghai', now).detail).toBe(
      'Already used at Gate A at 10:05',
    );
    expect(resultTexts(usedAtGateA, en, 'en', 'Europe/London', now).detail).toBe(
      'Already used at Gate A at 02:05',
    );
  });

  it('gives the date too when the entry was used on another day', () => {
    expect(siteTime('2026-11-30T02:05:00Z', 'Asia/Shanghai', now)).toBe('11-30 10:05');
  });

  it('names the reason of a refusal an attendant can act on', () => {
    expect(resultTexts(shown({ result: 'revoked' }), zh, 'zh-CN', 'UTC', now).detail).toBe(
      '该票已退票或作废，不能入园',
    );
    expect(
      resultTexts(
        shown({ result: 'invalid_signature', reason: 'training_ticket', category: null }),
        zh,
        'zh-CN',
        'UTC',
        now,
      ),
    ).toMatchObject({ headline: '无效票', detail: '培训票，不能入园', category: null });
    expect(resultTexts(shown({ result: 'already_used', lastEntry: null }), en, 'en', 'UTC', now).detail).toBe(
      'No entries left on this ticket',
    );
  });

  it('asks for a refreshed live code when a rotating code has expired', () => {
    const expired = shown({ result: 'code_expired', reason: 'bare_code', category: null });
    expect(resultTexts(expired, zh, 'zh-CN', 'UTC', now)).toMatchObject({
      tone: 'refused',
      code: 'code_expired',
      headline: '动态码已失效',
      detail: '动态码已失效，请在手机上刷新后重新出示',
    });
    expect(resultTexts(expired, en, 'en', 'UTC', now)).toMatchObject({
      headline: 'Live code expired',
      detail: 'This live code has expired. Refresh it on the phone and show it again.',
    });
  });

  it('words the notices too', () => {
    const notice: ShownResult = {
      kind: 'notice',
      notice: 'offlineTicketNumber',
      message: null,
      seq: 2,
      at: '',
    };
    expect(resultTexts(notice, zh, 'zh-CN', 'UTC', now)).toMatchObject({
      tone: 'refused',
      code: 'offlineTicketNumber',
      headline: '离线时不能按票号检票',
      detail: '请扫描门票二维码或刷身份证',
    });
  });
});
