import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  anchorLogFields,
  appendAnchor,
  auditAnchorsPath,
  formatAnchor,
  parseAnchors,
  readAnchors,
} from './anchors';

const h1 = 'a'.repeat(64);
const h2 = '0123456789abcdef'.repeat(4);
const at = new Date('2026-11-26T02:03:04.005Z');

describe('audit head anchors', () => {
  it('formats one line', () => {
    expect(formatAnchor({ seq: 12, hash: h1, sealedAt: at })).toBe(
      `audit-head seq=12 hash=${h1} at=2026-11-26T02:03:04.005Z`,
    );
  });

  it('finds plain lines (also prefixed), JSON log lines, drops duplicates, in seq order', () => {
    const log = [
      'unrelated line',
      `Nov 26 10:03:04 host admit[123]: audit-head seq=7 hash=${h2} at=2026-11-26T02:03:04.005Z`,
      JSON.stringify({
        level: 30,
        time: 1,
        msg: 'audit.head',
        ...anchorLogFields({ seq: 3, hash: h1, sealedAt: at }),
      }),
      `audit-head seq=3 hash=${h1} at=2026-11-26T02:03:04.005Z`,
      JSON.stringify({ level: 30, msg: 'audit.head', seq: 'x', hash: h1 }),
      JSON.stringify({ level: 30, msg: 'other', seq: 9, hash: h1 }),
      `audit-head seq=8 hash=${h1.slice(1)}`,
      `audit-head seq=9 hash=${h1}`,
      '{"msg":"audit.head", broken json',
    ].join('\r\n');
    expect(parseAnchors(log)).toEqual([
      { seq: 3, hash: h1, sealedAt: at },
      { seq: 7, hash: h2, sealedAt: at },
      { seq: 9, hash: h1, sealedAt: null },
    ]);
  });

  it('appends to a file it creates readable by its owner only', () => {
    const dir = mkdtempSync(join(tmpdir(), 'admit-anchors-'));
    try {
      const file = auditAnchorsPath(dir);
      expect(file).toBe(join(dir, 'audit-anchors.log'));
      appendAnchor(file, { seq: 1, hash: h1, sealedAt: at });
      appendAnchor(file, { seq: 2, hash: h2, sealedAt: at });
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(readFileSync(file, 'utf8').split('\n')).toHaveLength(3);
      expect(readAnchors(file).map((a) => a.seq)).toEqual([1, 2]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
