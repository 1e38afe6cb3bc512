// An exclusive lock file on the embedded database's folder. PGlite takes no lock of its own, and two
// processes writing one PGlite folder corrupt it, so whoever opens the folder first holds this file
// until it closes; a second process is refused with a message naming the holder.
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';

export type LockHolder = { pid: number; hostname: string; startedAt: string; purpose: string };

export class DatabaseLockedError extends Error {
  readonly holder: LockHolder | null;
  readonly lockPath: string;

  constructor(lockPath: string, holder: LockHolder | null) {
    const who = holder
      ? `process ${holder.pid} on ${holder.hostname} (${holder.purpose}, since ${holder.startedAt})`
      : 'another process';
    super(
      `The embedded database is in use by ${who}. Stop that process first, or run this command ` +
        `against the running server. Lock file: ${lockPath}`,
    );
    this.name = 'DatabaseLockedError';
    this.holder = holder;
    this.lockPath = lockPath;
  }
}

function readHolder(lockPath: string): LockHolder | null {
  try {
    return JSON.parse(readFileSync(lockPath, 'utf8')) as LockHolder;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export type HeldLock = { path: string; release(): void };

/**
 * Creates the lock file atomically (O_EXCL). A lock left by a process on this host that no longer
 * exists (a crash, a power cut) is taken over; a live holder, or one on another host sharing the
 * folder, is never overridden.
 */
export function acquireLockFile(lockPath: string, purpose: string): HeldLock {
  const me: LockHolder = {
    pid: process.pid,
    hostname: hostname(),
    startedAt: new Date().toISOString(),
    purpose,
  };
  for (let attempt = 0; attempt < 2; attempt++) {
    let fd: number;
    try {
      fd = openSync(lockPath, 'wx', 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readHolder(lockPath);
      const stale = holder !== null && holder.hostname === me.hostname && !isAlive(holder.pid);
      if (!stale || attempt > 0) throw new DatabaseLockedError(lockPath, holder);
      unlinkSync(lockPath);
      continue;
    }
    writeSync(fd, JSON.stringify(me));
    closeSync(fd);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      const holder = readHolder(lockPath);
      if (holder?.pid === me.pid && holder.hostname === me.hostname) unlinkSync(lockPath);
    };
    process.once('exit', release);
    return { path: lockPath, release };
  }
  throw new DatabaseLockedError(lockPath, readHolder(lockPath));
}
