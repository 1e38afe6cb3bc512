// Who a message can go to: mainland mobile numbers (with or without +86) and plain email addresses.
// Anything else fails permanently before any provider is called; a message given to a channel of the
// other kind is a programming error.
import { describe, expect, it } from 'vitest';
import { checkMessage, isEmailAddress, mainlandMobile } from '../../packages/services/src/notify/index';
import { emailMessage, smsMessage } from './samples';

describe('recipients', () => {
  it.each([
    ['13800138000', '13800138000'],
    ['+8619912345678', '19912345678'],
    [' 13800138000 ', '13800138000'],
    ['12800138000', null],
    ['1380013800', null],
    ['8613800138000', null],
    ['+85291234567', null],
    ['138-0013-8000', null],
  ])('mobile %j → %j', (input, national) => {
    expect(mainlandMobile(input)).toBe(national);
  });

  it.each([
    ['visitor@example.com', true],
    ['li.wei+tickets@mail.example.cn', true],
    ['visitor@localhost', false],
    ['visitor@@example.com', false],
    ['vis itor@example.com', false],
    ['.visitor@example.com', false],
    ['vi..sitor@example.com', false],
    ['visitor@example.com\r\nBcc: everyone@example.com', false],
    ['"Visitor" <visitor@example.com>', false],
    [`${'a'.repeat(250)}@example.com`, false],
  ])('email %j → %s', (input, valid) => {
    expect(isEmailAddress(input)).toBe(valid);
  });

  it('fails a bad recipient permanently, saying why', () => {
    expect(checkMessage('sms', smsMessage({ to: '12345' }))).toMatchObject({
      state: 'failed',
      retryable: false,
      code: 'invalid_recipient',
      reason: 'not a mainland China mobile number: "12345"',
    });
    expect(checkMessage('email', emailMessage({ to: 'nobody' }))).toMatchObject({
      retryable: false,
      code: 'invalid_recipient',
    });
    expect(checkMessage('sms', smsMessage())).toBeNull();
  });

  it('throws for a message of the other kind or a malformed reference (programming errors)', () => {
    expect(() => checkMessage('sms', emailMessage())).toThrow('email message given to the sms channel');
    expect(() => checkMessage('sms', smsMessage({ reference: 'has spaces' }))).toThrow(/reference/);
  });
});
