// The ticket code as a QR symbol drawn in vector rectangles, one whole number of printer dots per
// module, so a 203 dpi thermal head prints every module the same size with sharp edges.
import QRCode from 'qrcode';
import { dotsPerMm, type Paper } from './paper';

/** Modules of white around the symbol that scanners need to find it. */
export const quietZoneModules = 4;

export type QrSymbol = {
  /** Modules per side, without the quiet zone. */
  size: number;
  version: number;
  isDark(row: number, column: number): boolean;
  /** Printer dots per module side. */
  moduleDots: number;
};

const alphanumeric = /^[0-9A-Z $%*+\-./:]+$/;

/** Encodes text at error correction M, in alphanumeric mode when the text allows (ticket codes do). */
export function encodeQr(text: string, paper: Paper): QrSymbol {
  const qr = QRCode.create(alphanumeric.test(text) ? [{ data: text, mode: 'alphanumeric' }] : text, {
    errorCorrectionLevel: 'M',
  });
  const { size, data } = qr.modules;
  return {
    size,
    version: qr.version,
    isDark: (row, column) => data[row * size + column] === 1,
    moduleDots: moduleDotsFor(size, paper),
  };
}

/**
 * Whole dots per module: the paper's target size, at least its minimum, the symbol within the
 * printable width and its quiet zone (blank paper, so it may reach into the margins) within the paper.
 */
export function moduleDotsFor(size: number, paper: Paper): number {
  const needed = Math.ceil((paper.minQrMm * dotsPerMm) / size);
  const wanted = Math.round((paper.targetQrMm * dotsPerMm) / size);
  const withinHead = Math.floor((paper.printableMm * dotsPerMm) / size);
  const withinPaper = Math.floor((paper.widthMm * dotsPerMm) / (size + 2 * quietZoneModules));
  return Math.max(1, Math.min(Math.max(needed, wanted), withinHead, withinPaper));
}

/** The symbol's side in millimetres, without the quiet zone. */
export function symbolMm(symbol: QrSymbol): number {
  return (symbol.size * symbol.moduleDots) / dotsPerMm;
}

/** Side of the symbol with its quiet zone, in printer dots. */
export function footprintDots(symbol: QrSymbol): number {
  return (symbol.size + 2 * quietZoneModules) * symbol.moduleDots;
}

type PathSink = {
  rect(x: number, y: number, w: number, h: number): unknown;
  fill(color: string): unknown;
};

/**
 * Draws the dark modules as one filled path of rectangles (a horizontal run of dark modules is one
 * rectangle). `x`, `y` are the top-left corner of the quiet zone; `dot` is one printer dot in points.
 */
export function drawQr(doc: PathSink, symbol: QrSymbol, x: number, y: number, dot: number): void {
  const module = symbol.moduleDots * dot;
  const left = x + quietZoneModules * module;
  const top = y + quietZoneModules * module;
  for (let row = 0; row < symbol.size; row++) {
    let column = 0;
    while (column < symbol.size) {
      if (!symbol.isDark(row, column)) {
        column++;
        continue;
      }
      const start = column;
      while (column < symbol.size && symbol.isDark(row, column)) column++;
      doc.rect(left + start * module, top + row * module, (column - start) * module, module);
    }
  }
  doc.fill('black');
}
