// What a rotating code (动态码, sales/rotating-code.ts) tells the gate decision: whether the signed
// code demands the rotating form, and — when it was shown rotating — whether its time step is within
// the site's tolerance and its MAC verifies under the ticket's rotation secret. The same function on
// the server (node:crypto, the site-day key derived from the installation's lookup key) and in the
// offline gate (@noble/hashes, the day key from the bundle).
import {
  macEquals,
  parseRotatingCode,
  rotationMac,
  rotationStep,
  rotationStepAccepted,
  type HmacSha256,
  type ParsedRotatingCode,
} from '../sales/rotating-code';

export type RotationFacts = {
  /** The signed code carries the rotating flag: shown bare (a screenshot, a printout) it is refused. */
  required: boolean;
  /** The time part shown after the code; null when the code was scanned bare. */
  shown: { stepAccepted: boolean; macValid: boolean } | null;
};

/** A scanned code split into the signed code and its time part (null: scanned bare). */
export type ScannedCode = { code: string; rotation: ParsedRotatingCode | null };

export function splitScannedCode(text: string): ScannedCode {
  const rotation = parseRotatingCode(text);
  return rotation ? { code: rotation.code, rotation } : { code: text.trim(), rotation: null };
}

export type RotationCheck = {
  /** The decoded code's rotating flag. */
  required: boolean;
  shown: ParsedRotatingCode | null;
  /** The gate's clock. */
  now: Date;
  stepSeconds: number;
  toleranceSteps: number;
  hmac: HmacSha256;
  /**
   * The ticket's rotation secrets the shown step may have been made with (the gate's business day
   * first). Asked only for a step within the tolerance, so a stale code costs no key derivation.
   */
  secrets: (step: number) => readonly Uint8Array[];
};

/**
 * The step is judged first: a stale or far-ahead step is `code_expired` whatever its MAC (both are
 * refusals; the visitor's remedy is the same). A step within the tolerance must carry the MAC of one
 * of the ticket's secrets.
 */
export function rotationFacts(check: RotationCheck): RotationFacts {
  const { shown } = check;
  if (shown === null) return { required: check.required, shown: null };
  const stepAccepted = rotationStepAccepted(
    shown.step,
    rotationStep(check.now, check.stepSeconds),
    check.toleranceSteps,
  );
  const macValid =
    stepAccepted &&
    check
      .secrets(shown.step)
      .some((secret) => macEquals(rotationMac(check.hmac, secret, shown.step), shown.mac));
  return { required: check.required, shown: { stepAccepted, macValid } };
}
