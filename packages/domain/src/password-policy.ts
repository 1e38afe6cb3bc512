// The password policy (seed: 强密码策略): at least 10 characters, at least 3 of the 4 character classes
// (lower case, upper case, digits, symbols), not containing the login name, not a commonly used
// password. Returns every rule a candidate breaks, most basic first, so the message names the one to
// fix first and the details list them all.
import { commonPasswords } from './common-passwords';

export const passwordMinLength = 10;

export const passwordRules = [
  'password_too_short',
  'password_too_few_character_classes',
  'password_contains_login_name',
  'password_too_common',
] as const;
export type PasswordRule = (typeof passwordRules)[number];

export function characterClasses(password: string): number {
  return [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
}

export function passwordProblems(password: string, { loginName }: { loginName: string }): PasswordRule[] {
  const problems: PasswordRule[] = [];
  if ([...password].length < passwordMinLength) problems.push('password_too_short');
  if (characterClasses(password) < 3) problems.push('password_too_few_character_classes');
  const name = loginName.trim().toLowerCase();
  if (name.length >= 3 && password.toLowerCase().includes(name))
    problems.push('password_contains_login_name');
  if (commonPasswords.has(password.toLowerCase())) problems.push('password_too_common');
  return problems;
}
