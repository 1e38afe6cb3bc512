// The ServiceContext every operation runs in: which database (or open transaction), who acts, for
// which site, from where, at what time (an injectable clock, so tests control time), in which
// language. The handle comes from the context, never a global, so a request can be pointed at another
// database (the training workspace).
import type { Grant, Locale } from '@admit/domain';
import type { Queryable, Tx } from '@admit/db';
import type { ServiceKeys } from './keys';

export type Actor =
  /** A logged-in user with the grants loaded when the auth session was checked. */
  | { kind: 'user'; userId: string; authSessionId: string | null; grants: readonly Grant[] }
  /** A registered gate device: checks tickets at its gate's site, nothing else. */
  | { kind: 'device'; deviceId: string; siteId: string; gateId: string }
  /** A channel partner's API key: only its scopes, only at the channel's sites. */
  | {
      kind: 'api_key';
      apiKeyId: string;
      channelId: string;
      scopes: readonly string[];
      siteIds: readonly string[];
    }
  | { kind: 'system'; name: string }
  | { kind: 'anonymous' };

export type Clock = { now(): Date };

export const systemClock: Clock = { now: () => new Date() };

/** A clock a test moves by hand. */
export function fixedClock(start: Date): Clock & { advance(ms: number): void; set(at: Date): void } {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    advance: (ms) => {
      current += ms;
    },
    set: (at) => {
      current = at.getTime();
    },
  };
}

export type ServiceContext = {
  db: Queryable;
  actor: Actor;
  siteId: string | null;
  ip: string | null;
  requestId: string;
  clock: Clock;
  locale: Locale;
  /** Present when the caller was started with the secrets folder (server, CLI). */
  keys?: ServiceKeys;
};

/** A stable string for an actor, used to scope per-actor records such as idempotency keys. */
export function actorRef(actor: Actor): string {
  switch (actor.kind) {
    case 'user':
      return `user:${actor.userId}`;
    case 'device':
      return `device:${actor.deviceId}`;
    case 'api_key':
      return `api_key:${actor.apiKeyId}`;
    case 'system':
      return `system:${actor.name}`;
    case 'anonymous':
      return 'anonymous';
  }
}

export type TxContext = ServiceContext & { db: Tx };

/**
 * Runs `fn` in a transaction (a savepoint when the context is already inside one) and hands it a
 * context whose `db` is that transaction. Audit rows are written through this context, so they commit
 * or roll back with the change they describe.
 */
export async function inTransaction<T>(ctx: ServiceContext, fn: (tx: TxContext) => Promise<T>): Promise<T> {
  return ctx.db.transaction(async (tx) => fn({ ...ctx, db: tx }));
}

export function systemContext(
  db: Queryable,
  name: string,
  options: Partial<ServiceContext> = {},
): ServiceContext {
  return {
    db,
    actor: { kind: 'system', name },
    siteId: null,
    ip: null,
    requestId: `system:${name}`,
    clock: systemClock,
    locale: 'zh-CN',
    ...options,
  };
}
