// A small layout engine for one-piece thermal tickets: a column of blocks measured first, so each
// page is exactly as tall as its content (continuous paper is cut after it), then drawn.
import PDFDocument from 'pdfkit';
import type { PrintFont } from './fonts';
import { dots, dotsPerMm, mm, snapToDots, type Paper } from './paper';
import { drawQr, footprintDots, type QrSymbol } from './qr';

export type Doc = InstanceType<typeof PDFDocument>;

export type Block =
  | {
      kind: 'text';
      text: string;
      size: number;
      bold?: boolean;
      align?: 'left' | 'center' | 'right';
      /** Space under the text, in points. */
      after?: number;
    }
  /** White text on a black bar across the printable width (training, test page title). */
  | { kind: 'band'; lines: { text: string; size: number }[]; after?: number }
  /** Bold text in a thick frame (reprint mark, child/senior/free markers). */
  | { kind: 'frame'; lines: { text: string; size: number }[]; after?: number }
  | { kind: 'rule'; dashed?: boolean; after?: number }
  | { kind: 'gap'; height: number }
  | { kind: 'qr'; symbol: QrSymbol; after?: number }
  | { kind: 'custom'; height: number; draw(doc: Doc, left: number, top: number, width: number): void };

const lineGap = 1;
const bandPadding = mm(1.2);
const frameBorder = dots(3);
const framePadding = mm(1);
const unlimited = 100_000;

/** Starts a PDF whose fonts are registered as 'regular' and 'bold'. */
export function createDocument(font: PrintFont, title: string, creationDate?: Date): Doc {
  const doc = new PDFDocument({
    autoFirstPage: false,
    margin: 0,
    compress: true,
    info: { Title: title, Creator: 'Admit', Producer: 'Admit', CreationDate: creationDate ?? new Date() },
  });
  // pdfkit takes an opened fontkit face as a font source; reusing it keeps the parsed
  // collection and its glyph cache across documents (the types only list file sources).
  doc.registerFont('regular', font.regular as unknown as string);
  doc.registerFont('bold', font.bold as unknown as string);
  return doc;
}

/** Collects the finished PDF. */
export function finish(doc: Doc): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

function textHeight(doc: Doc, text: string, size: number, bold: boolean, width: number): number {
  doc.font(bold ? 'bold' : 'regular').fontSize(size);
  return doc.heightOfString(text, { width, lineGap });
}

function linesHeight(doc: Doc, lines: { text: string; size: number }[], width: number): number {
  return lines.reduce((sum, line) => sum + textHeight(doc, line.text, line.size, true, width), 0);
}

function measure(doc: Doc, block: Block, width: number): number {
  switch (block.kind) {
    case 'text':
      return textHeight(doc, block.text, block.size, block.bold ?? false, width) + (block.after ?? 0);
    case 'band':
      return linesHeight(doc, block.lines, width - 2 * bandPadding) + 2 * bandPadding + (block.after ?? 0);
    case 'frame':
      return (
        linesHeight(doc, block.lines, width - 2 * (frameBorder + framePadding)) +
        2 * (frameBorder + framePadding) +
        (block.after ?? 0)
      );
    case 'rule':
      return mm(1.5) + (block.after ?? 0);
    case 'gap':
      return block.height;
    case 'qr':
      return dots(footprintDots(block.symbol)) + (block.after ?? 0);
    case 'custom':
      return block.height;
  }
}

function drawLines(
  doc: Doc,
  lines: { text: string; size: number }[],
  left: number,
  top: number,
  width: number,
) {
  let y = top;
  for (const line of lines) {
    doc.font('bold').fontSize(line.size);
    doc.text(line.text, left, y, { width, align: 'center', lineGap, height: unlimited });
    y += doc.heightOfString(line.text, { width, lineGap });
  }
}

function draw(doc: Doc, block: Block, left: number, top: number, width: number, paper: Paper): void {
  switch (block.kind) {
    case 'text':
      doc
        .font(block.bold ? 'bold' : 'regular')
        .fontSize(block.size)
        .fillColor('black');
      doc.text(block.text, left, top, { width, align: block.align ?? 'center', lineGap, height: unlimited });
      return;
    case 'band': {
      const inner = linesHeight(doc, block.lines, width - 2 * bandPadding);
      doc.rect(left, top, width, inner + 2 * bandPadding).fill('black');
      doc.fillColor('white');
      drawLines(doc, block.lines, left + bandPadding, top + bandPadding, width - 2 * bandPadding);
      doc.fillColor('black');
      return;
    }
    case 'frame': {
      const pad = frameBorder + framePadding;
      const inner = linesHeight(doc, block.lines, width - 2 * pad);
      doc
        .lineWidth(frameBorder)
        .rect(
          left + frameBorder / 2,
          top + frameBorder / 2,
          width - frameBorder,
          inner + 2 * pad - frameBorder,
        )
        .stroke('black');
      doc.fillColor('black');
      drawLines(doc, block.lines, left + pad, top + pad, width - 2 * pad);
      return;
    }
    case 'rule': {
      const y = top + mm(0.75);
      doc
        .lineWidth(dots(1))
        .moveTo(left, y)
        .lineTo(left + width, y);
      if (block.dashed) doc.dash(mm(1), { space: mm(1) });
      doc.stroke('black').undash();
      return;
    }
    case 'gap':
      return;
    case 'qr': {
      const pageDots = paper.widthMm * dotsPerMm;
      const x = Math.round((pageDots - footprintDots(block.symbol)) / 2);
      drawQr(doc, block.symbol, dots(x), snapToDots(top), dots(1));
      return;
    }
    case 'custom':
      block.draw(doc, left, top, width);
      return;
  }
}

export type PageMargins = { top: number; bottom: number };

/** Adds one page as tall as its blocks (rounded up to whole millimetres) and draws them. */
export function addFittedPage(doc: Doc, paper: Paper, blocks: Block[], margins: PageMargins): void {
  const width = mm(paper.printableMm);
  const left = mm((paper.widthMm - paper.printableMm) / 2);
  const heights = blocks.map((block) => snapToDots(measure(doc, block, width)));
  const content = heights.reduce((sum, h) => sum + h, 0);
  const heightMm = Math.ceil((margins.top + content + margins.bottom) / mm(1));
  doc.addPage({ size: [mm(paper.widthMm), mm(heightMm)], margin: 0 });
  let y = snapToDots(margins.top);
  blocks.forEach((block, i) => {
    draw(doc, block, left, y, width, paper);
    y += heights[i]!;
  });
}
