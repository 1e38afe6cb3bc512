import { describe, expect, it } from 'vitest';
import { registrationAddress, timeLeft } from './RegisterDeviceModal';

describe('a device registration on screen', () => {
  it('is this server’s gate screen with the one-time code in the fragment', () => {
    expect(registrationAddress('https://tickets.example:8443', 'aFqjsGsF-ln4l7M4_upmN6GK')).toBe(
      'https://tickets.example:8443/gate#register=aFqjsGsF-ln4l7M4_upmN6GK',
    );
  });

  it('counts down to its expiry in minutes and seconds, and stops at zero', () => {
    const expiresAt = '2026-12-01T02:10:00.000Z';
    const at = (iso: string) => new Date(iso).getTime();
    expect(timeLeft(expiresAt, at('2026-12-01T02:00:00.000Z'))).toBe('10:00');
    expect(timeLeft(expiresAt, at('2026-12-01T02:00:00.400Z'))).toBe('10:00');
    expect(timeLeft(expiresAt, at('2026-12-01T02:09:51.000Z'))).toBe('0:09');
    expect(timeLeft(expiresAt, at('2026-12-01T02:11:00.000Z'))).toBe('0:00');
  });
});
