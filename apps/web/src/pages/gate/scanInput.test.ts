import { residentIdCheckCharacter, withCheckDigit } from '@admit/domain';
import { describe, expect, it } from 'vitest';
import { ticketCode, ticketId } from '../../test/gateFixtures';
import { classifyScan, registrationCodeFrom } from './scanInput';

const idNumber = (first17: string) => `${first17}${residentIdCheckCharacter(first17)}`;

describe('what arrives in the gate input', () => {
  it('takes a ticket code as a scanner types it, in either case and with stray spaces', () => {
    const code = ticketCode({ ticketId: ticketId(1) });
    expect(classifyScan(code)).toEqual({ kind: 'code', code });
    expect(classifyScan(`  ${code.toLowerCase()}\n`)).toEqual({ kind: 'code', code });
  });

  it('takes a rotating code (the code, a time step and a MAC) whole, upper-cased', () => {
    const code = `${ticketCode({ ticketId: ticketId(1), rotating: true })}.59400000.ABCDEFGHIJKLMNOP`;
    expect(classifyScan(` ${code.toLowerCase()} `)).toEqual({ kind: 'code', code });
    expect(classifyScan(`${code.slice(0, 20)}.59400000.ABCDEFGHIJKLMNOP`)).toEqual({ kind: 'unrecognized' });
  });

  it('takes a 13-digit ticket number, spaces and dashes allowed, and catches a typing mistake', () => {
    const number = withCheckDigit('123456789012');
    expect(classifyScan(number)).toEqual({ kind: 'ticketNumber', ticketNumber: number });
    expect(classifyScan(`${number.slice(0, 4)} ${number.slice(4, 8)}-${number.slice(8)}`)).toEqual({
      kind: 'ticketNumber',
      ticketNumber: number,
    });
    const swapped = `${number.slice(0, 5)}${number[6]}${number[5]}${number.slice(7)}`;
    expect(classifyScan(swapped)).toEqual({ kind: 'badTicketNumber', ticketNumber: swapped });
  });

  it('takes an ID card reader’s 18 characters (X in any case) and other documents', () => {
    const id = idNumber('11010519491231002');
    expect(classifyScan(id)).toEqual({ kind: 'document', documentNumber: id });
    const withX = idNumber('44030119900101123');
    expect(classifyScan(withX.toLowerCase())).toEqual({ kind: 'document', documentNumber: withX });
    expect(classifyScan('ｅ１２３４５６７８')).toEqual({ kind: 'document', documentNumber: 'E12345678' });
  });

  it('refuses what is none of them', () => {
    for (const text of ['', '   ', 'abc', '12 34', 'hello, world', 'X'.repeat(40)])
      expect(classifyScan(text)).toEqual({ kind: 'unrecognized' });
  });
});

describe('a device registration code', () => {
  const code = 'Q2xpZW50LXJlZ2lzdHJhdGlvbi0x';

  it('is read from the QR code’s address, its fragment, or typed alone', () => {
    expect(registrationCodeFrom(`https://gate.example/gate#register=${code}`)).toBe(code);
    expect(registrationCodeFrom(`#register=${code}`)).toBe(code);
    expect(registrationCodeFrom(` ${code} `)).toBe(code);
  });

  it('is not found in anything else', () => {
    expect(registrationCodeFrom('')).toBeNull();
    expect(registrationCodeFrom('https://gate.example/gate')).toBeNull();
    expect(registrationCodeFrom('https://gate.example/gate#other=1')).toBeNull();
    expect(registrationCodeFrom('short')).toBeNull();
    expect(registrationCodeFrom('not a code at all!')).toBeNull();
  });
});
