import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatYuan } from '../money';
import {
  cellsFitHeader,
  splitStatementCsvLine,
  statementCell,
  statementColumnKey,
  statementFenText,
  statementTextLines,
  statementTime,
  statementYuanToFen,
} from './statement-line';

describe('amounts on a statement', () => {
  it('reads yuan exactly as providers write them', () => {
    expect(statementYuanToFen('128.50')).toBe(12850);
    expect(statementYuanToFen('-10.00')).toBe(-1000);
    expect(statementYuanToFen('+3')).toBe(300);
    expect(statementYuanToFen('9.9')).toBe(990);
    expect(statementYuanToFen('1,280.00')).toBe(128000);
    expect(statementYuanToFen('¥5.01')).toBe(501);
    expect(statementYuanToFen('-¥5.01')).toBe(-501);
    expect(statementYuanToFen(' 0.01000 ')).toBe(1);
    // 0.1 + 0.2 in floats is 0.30000000000000004; string arithmetic never sees it.
    expect(statementYuanToFen('0.30')).toBe(30);
    expect(Object.is(statementYuanToFen('-0.00'), 0)).toBe(true);
  });

  it('refuses what is not an amount, and a fraction of a fen rather than rounding it', () => {
    for (const bad of ['', 'abc', '1.2.3', '.5', '12.', '0.005', '1.001', '1e3', '--1', '12 50'])
      expect(statementYuanToFen(bad)).toBeNull();
  });

  it('reads fen columns as whole numbers only', () => {
    expect(statementFenText('12850')).toBe(12850);
    expect(statementFenText('-1000')).toBe(-1000);
    expect(statementFenText('128.50')).toBeNull();
    expect(statementFenText('')).toBeNull();
  });

  it('gives back every amount our own formatting writes, with or without trailing zeros', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1_000_000_000_000, max: 1_000_000_000_000 }),
        fc.nat(4),
        (fen, zeros) => {
          const written = formatYuan(fen) + '0'.repeat(zeros);
          expect(statementYuanToFen(written)).toBe(fen);
          expect(statementFenText(String(fen))).toBe(fen);
        },
      ),
    );
  });
});

describe('times on a statement', () => {
  it('reads Beijing time as the instant it is', () => {
    expect(statementTime('2026-12-05 10:00:00', 'Asia/Shanghai')).toEqual({
      valid: true,
      iso: '2026-12-05T02:00:00.000Z',
    });
    // A WeChat sample has two spaces; spreadsheets write 2026/12/5 8:05.
    expect(statementTime('2016-05-04  02:18:18', 'Asia/Shanghai').iso).toBe('2016-05-03T18:18:18.000Z');
    expect(statementTime('2026/12/5 8:05', 'Asia/Shanghai').iso).toBe('2026-12-05T00:05:00.000Z');
    expect(statementTime('2026-12-05T02:00:00Z', 'Asia/Shanghai').iso).toBe('2026-12-05T02:00:00.000Z');
    expect(statementTime('2026-12-05 10:00:00+0100', 'Asia/Shanghai').iso).toBe('2026-12-05T09:00:00.000Z');
  });

  it('uses the zone given for times without an offset', () => {
    expect(statementTime('2026-07-01 12:00:00', 'Europe/Berlin').iso).toBe('2026-07-01T10:00:00.000Z');
    // A date alone is the start of that day there.
    expect(statementTime('2026-12-05', 'Asia/Shanghai').iso).toBe('2026-12-04T16:00:00.000Z');
  });

  it('has no time for an empty cell and refuses impossible dates and times', () => {
    expect(statementTime('  ', 'Asia/Shanghai')).toEqual({ valid: true, iso: null });
    for (const bad of ['2026-02-30 10:00:00', '2026-12-05 24:00:00', '2026-12-05 10:61', 'yesterday'])
      expect(statementTime(bad, 'Asia/Shanghai').valid).toBe(false);
  });
});

describe('CSV text', () => {
  it('splits lines whatever their endings and drops a byte-order mark', () => {
    expect(statementTextLines('\ufeffa\r\nb\nc\rd')).toEqual(['a', 'b', 'c', 'd']);
  });

  it('keeps quoted commas and quotes inside a cell, and says when a quote is not closed', () => {
    expect(splitStatementCsvLine('a,"b,c","say ""hi""",')).toEqual(['a', 'b,c', 'say "hi"', '']);
    expect(splitStatementCsvLine('a;b', ';')).toEqual(['a', 'b']);
    expect(splitStatementCsvLine('a,"b,c')).toBeNull();
  });

  it('cleans cells and compares titles the way providers vary them', () => {
    expect(statementCell('2026120422001400011111\t')).toBe('2026120422001400011111');
    expect(statementCell('`4200001234')).toBe('4200001234');
    expect(statementColumnKey('订单金额（元）')).toBe(statementColumnKey('订单金额(元)'));
    expect(statementColumnKey(' Out Trade No ')).toBe('outtradeno');
    expect(cellsFitHeader(['a', 'b', ''], 2)).toBe(true);
    expect(cellsFitHeader(['a', 'b', 'c'], 2)).toBe(false);
    expect(cellsFitHeader(['a'], 2)).toBe(false);
  });
});
