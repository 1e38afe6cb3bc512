// A channel's allocation (e.g. 200 places a day for one OTA) is a stripe of its own in the pool,
// carved out of the general stripes' free places, and given back to them when it is released. Both
// moves level the stripes — carving takes from the stripes with the most room first, giving back
// fills the ones with the least — so concurrent sales keep finding room on whichever stripe they try.

/** A general stripe's free places (capacity − sold − held). */
export type StripeRoom = { stripe: number; free: number };

/** How many places each stripe gives up; null when the general stripes have fewer than `quantity` free. */
export function carveAllocation(
  stripes: readonly StripeRoom[],
  quantity: number,
): { stripe: number; take: number }[] | null {
  if (!Number.isSafeInteger(quantity) || quantity <= 0) return null;
  const room = stripes.map((s) => ({ stripe: s.stripe, free: Math.max(0, s.free), take: 0 }));
  if (room.reduce((n, s) => n + s.free, 0) < quantity) return null;
  for (let left = quantity; left > 0; left--) {
    let most = room[0]!;
    for (const s of room) if (s.free - s.take > most.free - most.take) most = s;
    most.take++;
  }
  return room.filter((s) => s.take > 0).map(({ stripe, take }) => ({ stripe, take }));
}

/** Where `quantity` released places go: to the general stripes with the least room first. */
export function spreadRelease(
  stripes: readonly StripeRoom[],
  quantity: number,
): { stripe: number; add: number }[] {
  if (stripes.length === 0 || quantity <= 0) return [];
  const room = stripes.map((s) => ({ stripe: s.stripe, free: Math.max(0, s.free), add: 0 }));
  for (let left = quantity; left > 0; left--) {
    let least = room[0]!;
    for (const s of room) if (s.free + s.add < least.free + least.add) least = s;
    least.add++;
  }
  return room.filter((s) => s.add > 0).map(({ stripe, add }) => ({ stripe, add }));
}

/** When an allocation goes back to general sale: a set number of minutes before its session (or day) starts. */
export function allocationReleaseAt(startsAt: Date, minutesBefore: number): Date {
  return new Date(startsAt.getTime() - minutesBefore * 60_000);
}
