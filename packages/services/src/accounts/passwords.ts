// Password hashing with argon2id. Production uses the OWASP parameters (19 MiB, 2 passes); tests
// switch to a cheap setting so hundreds of logins stay fast. Never lower it outside tests.
import { randomInt } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { passwordProblems } from '@admit/domain';

const productionCost = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };
let cost = productionCost;

export function usePasswordHashingCostForTests(): void {
  cost = { memoryCost: 1024, timeCost: 1, parallelism: 1 };
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, { ...cost, algorithm: 2 /* Argon2id */ });
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A hash of a random password, checked against when a login name is unknown, so timing does not tell. */
let dummyHash: Promise<string> | null = null;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(`dummy-${randomInt(1e9)}-Aa1!`);
  return dummyHash;
}

// No 0/O, 1/l/I: it is read aloud or copied from a screen at the box office.
const lower = 'abcdefghjkmnpqrstuvwxyz';
const upper = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const digits = '23456789';
const symbols = '#%+=@!?';

/** A one-time password that passes the policy, for first login and admin resets. */
export function generateTemporaryPassword(length = 14): string {
  const all = lower + upper + digits + symbols;
  for (;;) {
    const chars = [lower, upper, digits, symbols].map((set) => set[randomInt(set.length)]!);
    while (chars.length < length) chars.push(all[randomInt(all.length)]!);
    for (let i = chars.length - 1; i > 0; i--) {
      const j = randomInt(i + 1);
      [chars[i], chars[j]] = [chars[j]!, chars[i]!];
    }
    const candidate = chars.join('');
    if (passwordProblems(candidate, { loginName: '' }).length === 0) return candidate;
  }
}
