// Ed25519 in the browser for the offline gate (@noble/curves; the server signs with node:crypto). Strict
// RFC 8032 checks (not ZIP 215), as OpenSSL verifies on the server, so both accept the same codes. And
// HMAC-SHA256 (@noble/hashes) for rotating codes: synchronous, unlike WebCrypto, so a scan stays one call.
import { ed25519 } from '@noble/curves/ed25519.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import type { HmacSha256 } from '@admit/domain';
import type { VerifySignature } from './offlineDecision';

export const hmacSha256: HmacSha256 = (key, message) => hmac(sha256, key, message);

export const verifyEd25519: VerifySignature = (signature, message, publicKey) =>
  ed25519.verify(signature, message, publicKey, { zip215: false });

/**
 * noble builds its precomputed tables on first use (tens of milliseconds): done once when offline data
 * arrives, with a throw-away key, so the first scan after the server went away is as fast as the rest.
 */
let warmedUp = false;
export function warmUpVerification(): void {
  if (warmedUp) return;
  warmedUp = true;
  const secretKey = ed25519.utils.randomSecretKey();
  const message = new Uint8Array(29);
  verifyEd25519(ed25519.sign(message, secretKey), message, ed25519.getPublicKey(secretKey));
}
