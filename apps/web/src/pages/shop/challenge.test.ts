import { createHash } from 'node:crypto';
import { challengeInput, leadingZeroBits } from '@admit/domain';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/client';
import { challengeOf, expectedProgress, solveChallenge, solves, withChallenge } from './challenge';

const challenge = { token: 'eyJzIjoidGVzdCJ9.c2lnbmF0dXJl', difficulty: 10 };

function rateLimited(details: unknown = { challenge }) {
  return new ApiError('rate_limited', '当前人数较多，请稍后再试。', { status: 429, details });
}

describe('release-time challenge', () => {
  it('finds a nonce whose sha256 starts with the asked zero bits, as the server checks it', async () => {
    const progress = vi.fn();
    const answer = await solveChallenge(challenge, { onProgress: progress, sliceSize: 64 });
    expect(answer.token).toBe(challenge.token);
    const digest = createHash('sha256').update(challengeInput(challenge.token, answer.nonce)).digest();
    expect(leadingZeroBits(digest)).toBeGreaterThanOrEqual(10);
    expect(solves(challenge, answer.nonce)).toBe(true);
    for (const [value] of progress.mock.calls) expect(value).toBeGreaterThan(0);
  });

  it('reads the challenge only from a 429 rate_limited refusal', () => {
    expect(challengeOf(rateLimited())).toEqual(challenge);
    expect(challengeOf(rateLimited({}))).toBeNull();
    expect(
      challengeOf(new ApiError('sold_out', '已售罄', { status: 409, details: { challenge } })),
    ).toBeNull();
    expect(challengeOf(new Error('x'))).toBeNull();
  });

  it('sends again with the answer, showing the queue while it works', async () => {
    const send = vi.fn(async (answer?: { token: string; nonce: string }) => {
      if (answer === undefined) throw rateLimited({ challenge: { ...challenge, difficulty: 4 } });
      return 'placed';
    });
    const queue = vi.fn();
    await expect(withChallenge(send, queue)).resolves.toBe('placed');
    expect(send).toHaveBeenCalledTimes(2);
    expect(solves({ ...challenge, difficulty: 4 }, send.mock.calls[1]![0]!.nonce)).toBe(true);
    expect(queue.mock.calls[0]).toEqual([0]);
    expect(queue.mock.calls.at(-1)).toEqual([null]);
  });

  it('passes other refusals through untouched', async () => {
    const refusal = new ApiError('sold_out', '已售罄', { status: 409 });
    await expect(withChallenge(() => Promise.reject(refusal))).rejects.toBe(refusal);
  });

  it('estimates progress from the tries made', () => {
    expect(expectedProgress(0, 16)).toBe(0);
    expect(expectedProgress(65536, 16)).toBeCloseTo(1 - Math.exp(-1));
  });
});
