// The shop's answer to "too many requests" at release time (放票): a `rate_limited` error may carry a
// proof-of-work challenge (packages/domain/src/limits/rate.ts). The browser finds a nonce whose
// sha256(token:nonce) starts with `difficulty` zero bits — a fraction of a second for a visitor, a cost
// per request for a bot — and sends the request again with the answer. The search runs in slices so the
// page stays responsive and can show "排队中…" with its progress.
import { challengeInput, leadingZeroBits } from '@admit/domain';
import { sha256 } from '@noble/hashes/sha2.js';
import { z } from 'zod';
import { ApiError } from '../../api/client';

export type Challenge = { token: string; difficulty: number };
export type ChallengeAnswer = { token: string; nonce: string };

const challengeDetailsSchema = z.object({
  challenge: z.object({ token: z.string().min(1), difficulty: z.number().int().min(0).max(64) }),
});

/** The challenge a refused request carries, or null when it is some other error. */
export function challengeOf(error: unknown): Challenge | null {
  if (!(error instanceof ApiError) || error.status !== 429 || error.code !== 'rate_limited') return null;
  const parsed = challengeDetailsSchema.safeParse(error.details);
  return parsed.success ? parsed.data.challenge : null;
}

const encoder = new TextEncoder();

/** Whether a nonce answers the challenge. */
export function solves(challenge: Challenge, nonce: string): boolean {
  return (
    leadingZeroBits(sha256(encoder.encode(challengeInput(challenge.token, nonce)))) >= challenge.difficulty
  );
}

/**
 * The chance a search has found an answer after `tries` (each try succeeds with 2^-difficulty): what
 * the progress shows, since the actual number of tries needed is not known in advance.
 */
export function expectedProgress(tries: number, difficulty: number): number {
  return 1 - Math.exp(-tries / 2 ** difficulty);
}

const yieldToBrowser = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Finds a nonce (base-36 counter) answering the challenge. */
export async function solveChallenge(
  challenge: Challenge,
  options: { onProgress?: (progress: number) => void; signal?: AbortSignal; sliceSize?: number } = {},
): Promise<ChallengeAnswer> {
  const sliceSize = options.sliceSize ?? 4096;
  for (let tries = 0; ;) {
    const end = tries + sliceSize;
    for (; tries < end; tries++) {
      const nonce = tries.toString(36);
      if (solves(challenge, nonce)) return { token: challenge.token, nonce };
    }
    options.onProgress?.(expectedProgress(tries, challenge.difficulty));
    await yieldToBrowser();
    options.signal?.throwIfAborted();
  }
}

/** How many challenges in a row a request may meet before the refusal is shown as it is. */
const MAX_CHALLENGES = 3;

/**
 * Sends a request; when it is refused with a challenge, solves it (reporting progress, 0…1) and sends it
 * again with the answer. `onQueue(null)` marks the end of the waiting.
 */
export async function withChallenge<T>(
  send: (answer: ChallengeAnswer | undefined) => Promise<T>,
  onQueue: (progress: number | null) => void = () => undefined,
): Promise<T> {
  let answer: ChallengeAnswer | undefined;
  try {
    for (let round = 0; ; round++) {
      try {
        return await send(answer);
      } catch (error) {
        const challenge = challengeOf(error);
        if (challenge === null || round >= MAX_CHALLENGES) throw error;
        onQueue(0);
        answer = await solveChallenge(challenge, { onProgress: onQueue });
        onQueue(1);
      }
    }
  } finally {
    onQueue(null);
  }
}
