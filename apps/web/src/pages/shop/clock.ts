// The shop's sense of time: a ticking "now" for countdowns and rotating codes, and the way a time left
// reads ("14:32", "1:02:05").
import { useEffect, useState } from 'react';

/** Milliseconds from `now` until `until` (0 once past; 0 for an unreadable time). */
export function msUntil(until: string, now: number): number {
  const at = Date.parse(until);
  return Number.isNaN(at) ? 0 : Math.max(0, at - now);
}

/** m:ss under an hour, h:mm:ss above; whole seconds rounded up, so 0:00 means it is over. */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/** The current time, updated every `intervalMs` while `active`. */
export function useNow(intervalMs = 1000, active = true): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(timer);
  }, [intervalMs, active]);
  return now;
}
