// The printer test page (打印机测试页) a technician prints to set up a new thermal printer: a ruler
// across the paper shows where the head starts and ends, a frame marks the printable width, lines of
// 1–3 dots show the darkness setting, a QR symbol of the same version and size as a ticket's must
// scan, and font samples show that Chinese prints.
import type { Doc } from './document';
import { addFittedPage, createDocument, finish, type Block } from './document';
import { loadPrintFont } from './fonts';
import { dots, dotsPerMm, mm, paperFor, type Paper } from './paper';
import { encodeQr, symbolMm } from './qr';
import { textsFor } from './texts';
import type { PrintLayout, RenderPrinterTestOptions } from './types';

const codeFill = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** What the test page's QR symbol reads: as long as a ticket code (149 characters, version 8). */
export function printerTestCode(layout: PrintLayout): string {
  return `ADMIT-PRINTER-TEST-${layout.toUpperCase()}-`.padEnd(149, codeFill);
}

function localDateTime(date: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${two(date.getHours())}:${two(date.getMinutes())}`;
}

/** Millimetre ruler across the whole paper width: ticks that do not print are outside the head. */
function ruler(paper: Paper, size: number): Block {
  return {
    kind: 'custom',
    height: mm(11),
    draw(doc: Doc, left: number, top: number, width: number) {
      doc.lineWidth(dots(1));
      for (let x = 0; x <= paper.widthMm; x++) {
        const long = x % 10 === 0 ? mm(4) : x % 5 === 0 ? mm(2.5) : mm(1.5);
        doc.moveTo(mm(x), top).lineTo(mm(x), top + long);
      }
      doc.stroke('black');
      doc.font('regular').fontSize(size * 0.8);
      for (let x = 10; x < paper.widthMm; x += 10) {
        doc.text(String(x), mm(x) - mm(3), top + mm(4.2), {
          width: mm(6),
          align: 'center',
          lineBreak: false,
        });
      }
      // The printable width as a frame, with its centre marked.
      const frameTop = top + mm(7.5);
      doc.lineWidth(dots(2)).rect(left, frameTop, width, mm(3)).stroke('black');
      doc
        .moveTo(left + width / 2, frameTop)
        .lineTo(left + width / 2, frameTop + mm(3))
        .stroke('black');
    },
  };
}

function darknessLines(labelSize: number, label: (zh: string, en: string) => string): Block {
  return {
    kind: 'custom',
    height: mm(11),
    draw(doc: Doc, left: number, top: number, width: number) {
      [1, 2, 3].forEach((n, i) => {
        const y = top + mm(1 + i * 3.3);
        doc.font('regular').fontSize(labelSize);
        doc.text(`${n} ${label('点', n === 1 ? 'dot' : 'dots')}`, left, y - mm(1.2), {
          width: mm(16),
          lineBreak: false,
        });
        doc
          .lineWidth(dots(n))
          .moveTo(left + mm(17), y)
          .lineTo(left + width, y)
          .stroke('black');
      });
    },
  };
}

/** Renders the printer test page for the given paper width. */
export async function renderPrinterTestPdf(options: RenderPrinterTestOptions): Promise<Buffer> {
  const paper = paperFor(options.layout);
  const font = loadPrintFont();
  const t = textsFor(options.locale, font);
  const size = paper.layout === '80mm' ? 9 : 8;
  const blocks: Block[] = [];
  const text = (value: string, textSize = size, bold = false, after = mm(0.5)) =>
    blocks.push({ kind: 'text', text: value, size: textSize, bold, after });

  blocks.push({
    kind: 'band',
    lines: t.lines('打印机测试页', 'Printer test page').map((line) => ({ text: line, size: size + 4 })),
    after: mm(1.5),
  });
  for (const line of t.lines(options.siteNameZh, options.siteNameEn)) text(line, size + 1, true);
  text(`${t.label('打印时间', 'Printed')}: ${options.printedAtLabel ?? localDateTime(new Date())}`);
  const lines = (zh: string, en: string, textSize: number, after: number) => {
    const all = t.lines(zh, en);
    all.forEach((line, i) => text(line, textSize, false, i === all.length - 1 ? after : 0));
  };
  lines(
    `纸宽 ${paper.widthMm} mm · 可打印 ${paper.printableMm} mm · 203 dpi`,
    `Paper ${paper.widthMm} mm · printable ${paper.printableMm} mm · 203 dpi`,
    size - 1,
    mm(1.5),
  );
  blocks.push(ruler(paper, size));
  lines(
    '刻度从纸边算起；框线为可打印宽度',
    'Ruler from the paper edge; the frame is the printable width',
    size - 2,
    mm(1.5),
  );
  blocks.push(darknessLines(size - 2, (zh, en) => t.label(zh, en)));

  const symbol = encodeQr(printerTestCode(paper.layout), paper);
  blocks.push({ kind: 'qr', symbol });
  text(
    `${t.label('样例二维码', 'Sample QR')}: ${t.label('版本', 'version')} ${symbol.version}-M, ${symbolMm(symbol).toFixed(2)} mm, ` +
      `${(symbol.moduleDots / dotsPerMm).toFixed(3)} mm/${t.label('模块', 'module')}`,
    size - 2,
  );
  text(
    t.label('扫码应显示', 'Scans as') + ` ${printerTestCode(paper.layout).slice(0, 24)}…`,
    size - 2,
    false,
    mm(1.5),
  );

  blocks.push({ kind: 'rule', dashed: true, after: mm(0.5) });
  text(
    `${t.label('字体', 'Font')}: ${font.info.name}${font.info.cjk ? '' : ' (English only: no CJK font)'}`,
    size - 1,
  );
  if (t.chinese) {
    text('中文：云山风景区 成人票 ¥120.00', size, false, 0);
    text('粗体：儿童票 老年票 补打 培训票', size, true);
  }
  text('English: The quick brown fox 0123456789', size, false, 0);
  text('Bold: ABCDEFGHIJKLMNOPQRSTUVWXYZ ¥120.00', size, true);
  for (const small of [6, 7])
    text(`${small} pt: ${t.chinese ? '条款小字 ' : ''}Terms and conditions`, small, false, 0);
  blocks.push({ kind: 'gap', height: mm(1) });
  blocks.push({ kind: 'rule', after: 0 });

  const title = t.chinese ? '打印机测试页 Printer test page' : 'Printer test page';
  const doc = createDocument(font, title, options.creationDate);
  addFittedPage(doc, paper, blocks, { top: mm(3), bottom: mm(6) });
  return finish(doc);
}
