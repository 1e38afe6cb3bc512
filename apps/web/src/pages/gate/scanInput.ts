// What arrived in the gate's one input — from a keyboard-wedge barcode scanner, an ID-card reader (it
// types the 18-character number and Enter), the camera, or a person typing: a ticket code (the QR
// code's text, bare or rotating: the code, a time step and a MAC), a 13-digit ticket number, an ID
// number, or a device registration code. Pure.
import {
  decodeTicketCode,
  isValidTicketNumber,
  normalizeDocumentNumber,
  splitScannedCode,
} from '@admit/domain';

export type ScanInput =
  /** The whole scanned text, upper-case: the server and the offline gate split off a time part. */
  | { kind: 'code'; code: string }
  | { kind: 'ticketNumber'; ticketNumber: string }
  /** Thirteen digits whose check digit is wrong: a typing mistake, worth saying so. */
  | { kind: 'badTicketNumber'; ticketNumber: string }
  | { kind: 'document'; documentNumber: string }
  | { kind: 'unrecognized' };

/** Ticket numbers are 12 digits and a Damm check digit (packages/domain/src/sales/numbers.ts). */
const TICKET_NUMBER_LENGTH = 13;

export function classifyScan(text: string): ScanInput {
  const trimmed = text.trim();
  if (trimmed === '') return { kind: 'unrecognized' };
  if (decodeTicketCode(splitScannedCode(trimmed).code) !== null)
    return { kind: 'code', code: trimmed.toUpperCase() };
  const digits = trimmed.replace(/[\s-]/g, '');
  if (/^\d+$/.test(digits) && digits.length === TICKET_NUMBER_LENGTH) {
    return isValidTicketNumber(digits)
      ? { kind: 'ticketNumber', ticketNumber: digits }
      : { kind: 'badTicketNumber', ticketNumber: digits };
  }
  // ID cards (18 characters), passports and travel permits: the server's look-up takes 5–18.
  const document = normalizeDocumentNumber(trimmed);
  if (/^[0-9A-Z]{5,18}$/.test(document)) return { kind: 'document', documentNumber: document };
  return { kind: 'unrecognized' };
}

const REGISTER_PARAM = 'register';

/**
 * The one-time registration code in what the device was given: the admin screen's QR code (the gate
 * screen's address with `#register=<code>`), that address's fragment alone, or the code itself.
 */
export function registrationCodeFrom(text: string): string | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const hashAt = trimmed.indexOf('#');
  if (hashAt >= 0) {
    const fragment = new URLSearchParams(trimmed.slice(hashAt + 1));
    const code = fragment.get(REGISTER_PARAM)?.trim() ?? '';
    return isRegistrationCode(code) ? code : null;
  }
  return isRegistrationCode(trimmed) ? trimmed : null;
}

/** The server makes 24 base64url characters; it accepts 10–100. */
function isRegistrationCode(code: string): boolean {
  return /^[A-Za-z0-9_-]{10,100}$/.test(code);
}
