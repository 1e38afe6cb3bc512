// Head anchors: the newest seal's seq and hash, written out of the database each time the sealer
// moves the head, as a plain line (`audit-head seq=12 hash=… at=…`) in the anchors file and as a log
// entry (`{"msg":"audit.head","seq":12,"hash":"…","at":"…"}`). Whoever deletes the newest seals and
// their rows cannot take back what the log already shipped; `admit audit verify --anchors` compares.
// The anchors file under the data folder is a convenience for one machine: the real protection is a
// copy kept elsewhere (shipped logs, journald, a remote syslog).
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditAnchor } from './verify';

/** File name of the anchors file in the data folder (ADMIT_DATA_DIR). */
export const auditAnchorsFileName = 'audit-anchors.log';

export function auditAnchorsPath(dataDir: string): string {
  return join(dataDir, auditAnchorsFileName);
}

type Head = { seq: number; hash: string; sealedAt: Date };

/** One line: `audit-head seq=<n> hash=<hex> at=<iso>`. */
export function formatAnchor(head: Head): string {
  return `audit-head seq=${head.seq} hash=${head.hash} at=${head.sealedAt.toISOString()}`;
}

/** The fields to log with the message `audit.head`, so parseAnchors finds them in JSON logs. */
export function anchorLogFields(head: Head): { seq: number; hash: string; at: string } {
  return { seq: head.seq, hash: head.hash, at: head.sealedAt.toISOString() };
}

const linePattern = /audit-head seq=(\d{1,15}) hash=([0-9a-f]{64})(?: at=(\S+))?/g;
const hashPattern = /^[0-9a-f]{64}$/;

function parseDate(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

function fromJson(line: string): AuditAnchor | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  if (value === null || typeof value !== 'object') return null;
  const record = value as Record<string, unknown>;
  if (record.msg !== 'audit.head') return null;
  const { seq, hash } = record;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1) return null;
  if (typeof hash !== 'string' || !hashPattern.test(hash)) return null;
  return { seq, hash, sealedAt: parseDate(record.at ?? record.sealedAt) };
}

/**
 * Every anchor in a log text: `audit-head …` lines (anywhere in a line, so prefixed syslog or
 * journal lines count) and JSON (pino) lines with `"msg":"audit.head"`. Duplicates are dropped; the
 * result is in seq order.
 */
export function parseAnchors(text: string): AuditAnchor[] {
  const found = new Map<string, AuditAnchor>();
  const add = (anchor: AuditAnchor) => {
    const id = `${anchor.seq}:${anchor.hash}`;
    if (!found.has(id)) found.set(id, anchor);
  };
  for (const line of text.split(/\r?\n/)) {
    if (line.includes('audit.head') && line.trimStart().startsWith('{')) {
      const anchor = fromJson(line.trim());
      if (anchor) {
        add(anchor);
        continue;
      }
    }
    if (!line.includes('audit-head')) continue;
    for (const match of line.matchAll(linePattern)) {
      add({ seq: Number(match[1]), hash: match[2]!, sealedAt: parseDate(match[3]) });
    }
  }
  return [...found.values()].sort((a, b) => a.seq - b.seq);
}

/** Reads the anchors of a file. */
export function readAnchors(file: string): AuditAnchor[] {
  return parseAnchors(readFileSync(file, 'utf8'));
}

/** Appends the head's line to the anchors file, creating it readable by its owner only. */
export function appendAnchor(file: string, head: Head): void {
  appendFileSync(file, `${formatAnchor(head)}\n`, { mode: 0o600 });
}
