// The proof-of-work challenge a client over its rate limit can solve (release time, 放票): a real
// browser solves it in a fraction of a second without the visitor doing anything; a bot hammering the
// shop pays for every extra request in CPU. Shared by the server (checks) and the web app (solves).

/** How many leading bits of a digest are zero (the proof-of-work's measure). */
export function leadingZeroBits(digest: Uint8Array): number {
  let bits = 0;
  for (const byte of digest) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    bits += Math.clz32(byte) - 24;
    break;
  }
  return bits;
}

/** What a solver hashes: sha256(`${token}:${nonce}`) must start with the challenge's zero bits. */
export function challengeInput(token: string, nonce: string): string {
  return `${token}:${nonce}`;
}
