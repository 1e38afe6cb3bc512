// Thermal paper geometry. Receipt printers print 8 dots per millimetre (203 dpi); positions that
// matter for scanning (the QR code) are placed on whole dots so every module prints as the same
// number of dots, with no half-dot edges for the printer driver to round either way.
import type { PrintLayout } from './types';

export const pointsPerMm = 72 / 25.4;
export const dotsPerMm = 8;

export type Paper = {
  layout: PrintLayout;
  /** Paper width. */
  widthMm: number;
  /** What the print head reaches, centred on the paper. */
  printableMm: number;
  /** The smallest QR symbol (without its quiet zone) that scans reliably off this paper. */
  minQrMm: number;
  /** The QR symbol size to aim for, rounded to whole dots per module. */
  targetQrMm: number;
};

export const papers: Record<PrintLayout, Paper> = {
  '80mm': { layout: '80mm', widthMm: 80, printableMm: 72, minQrMm: 40, targetQrMm: 42 },
  '58mm': { layout: '58mm', widthMm: 58, printableMm: 48, minQrMm: 36, targetQrMm: 36.5 },
};

export function paperFor(layout: PrintLayout): Paper {
  const paper = papers[layout];
  if (!paper) throw new RangeError(`unknown print layout ${String(layout)}`);
  return paper;
}

export function mm(value: number): number {
  return value * pointsPerMm;
}

export function dots(value: number): number {
  return mm(value / dotsPerMm);
}

/** Rounds a length in points to whole printer dots. */
export function snapToDots(points: number): number {
  return dots(Math.round((points / pointsPerMm) * dotsPerMm));
}
