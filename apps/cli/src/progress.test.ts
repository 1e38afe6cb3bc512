import { describe, expect, it } from 'vitest';
import { createProgress, renderBar } from './progress';

describe('progress bar', () => {
  it('renders the share done, the count and an estimate', () => {
    expect(renderBar('Import', 50, 200, 5000, 10)).toBe('Import [###-------]  25% 50/200 ETA 15s');
    expect(renderBar('Import', 200, 200, 5000, 10)).toBe('Import [##########] 100% 200/200 ETA 0s');
  });

  it('prints one line per tenth when the output is not a terminal', () => {
    const lines: string[] = [];
    let t = 0;
    const progress = createProgress('Rows', 1000, {
      stream: { write: (c: string) => lines.push(c) },
      now: () => (t += 10),
    });
    for (let i = 0; i < 1000; i++) progress.tick();
    progress.finish('Done.');
    expect(lines.filter((l) => l.startsWith('Rows')).length).toBe(12);
    expect(lines.at(-1)).toBe('Done.\n');
  });

  it('redraws a single line on a terminal', () => {
    const chunks: string[] = [];
    let t = 0;
    const progress = createProgress('Rows', 10, {
      stream: { isTTY: true, write: (c: string) => chunks.push(c) },
      now: () => (t += 1000),
    });
    progress.update(5);
    progress.finish();
    expect(chunks.every((c) => c.startsWith('\r') || c === '\n')).toBe(true);
    expect(chunks.at(-2)).toContain('100% 10/10');
  });
});
