import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { characterClasses, passwordProblems } from './password-policy';

describe('password policy', () => {
  it('accepts a long password with three classes that is not common and not the login name', () => {
    expect(passwordProblems('Ticket-office-2026', { loginName: 'wang.li' })).toEqual([]);
    expect(passwordProblems('售票窗口Window2026', { loginName: 'wang' })).toEqual([]);
  });

  it.each([
    ['Ab1!', ['password_too_short']],
    ['abcdefghijkl', ['password_too_few_character_classes']],
    ['Wang.Li-Secure-1', ['password_contains_login_name']],
    ['P@ssw0rd123', ['password_too_common']],
    ['abc', ['password_too_short', 'password_too_few_character_classes']],
  ])('refuses %s for %j', (password, rules) => {
    expect(passwordProblems(password, { loginName: 'wang.li' })).toEqual(rules);
  });

  it('counts characters, not UTF-16 units, for the length rule', () => {
    expect(passwordProblems('😀😀😀😀😀Ab1', { loginName: 'x' })).toContain('password_too_short');
  });

  it('never accepts a password shorter than 10 or with fewer than 3 classes', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (candidate) => {
        const ok = passwordProblems(candidate, { loginName: 'seller01' }).length === 0;
        if (ok) {
          expect([...candidate].length).toBeGreaterThanOrEqual(10);
          expect(characterClasses(candidate)).toBeGreaterThanOrEqual(3);
          expect(candidate.toLowerCase()).not.toContain('seller01');
        }
      }),
    );
  });
});
