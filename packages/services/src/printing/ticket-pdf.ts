// Tickets on thermal paper: one ticket per page ("one ticket per piece"), the page as tall as the
// ticket, the signed code as a QR symbol sized for a 203 dpi head.
import { formatYuan } from '@admit/domain';
import { addFittedPage, createDocument, finish, type Block } from './document';
import { loadPrintFont } from './fonts';
import { mm, paperFor, type Paper } from './paper';
import { encodeQr } from './qr';
import { textsFor, type Texts } from './texts';
import type { PrintableTicket, RenderTicketsOptions } from './types';

/** Categories that get a big marker, so gate staff see at a glance who may use the ticket. */
const categoryMarkers: Record<string, { zh: string; en: string }> = {
  child: { zh: '儿童票', en: 'CHILD' },
  senior: { zh: '老年票', en: 'SENIOR' },
  free: { zh: '免费票', en: 'FREE' },
};

type Scale = { big: number; title: number; body: number; small: number; fine: number };

const scales: Record<Paper['layout'], Scale> = {
  '80mm': { big: 18, title: 13, body: 9.5, small: 7.5, fine: 6.5 },
  '58mm': { big: 15, title: 11, body: 8.5, small: 7, fine: 6 },
};

function trainingBand(t: Texts, scale: Scale): Extract<Block, { kind: 'band' }> {
  const lines = t.lines('培训票 — 无效', 'TRAINING — NOT VALID').map((text) => ({ text, size: scale.title }));
  return { kind: 'band', lines, after: mm(2) };
}

function ticketBlocks(ticket: PrintableTicket, paper: Paper, t: Texts): Block[] {
  const scale = scales[paper.layout];
  const blocks: Block[] = [];
  const text = (value: string, size: number, extra: Partial<Extract<Block, { kind: 'text' }>> = {}) =>
    blocks.push({ kind: 'text', text: value, size, ...extra });
  const pair = (zh: string | null, en: string | null, size: number, enSize: number, bold = false) => {
    const [first, second] = t.lines(zh, en);
    if (first) text(first, size, { bold, after: second ? 0 : mm(1) });
    if (second) text(second, enSize, { bold: bold && enSize >= scale.body, after: mm(1) });
  };

  if (ticket.training) blocks.push(trainingBand(t, scale));

  pair(ticket.siteNameZh, ticket.siteNameEn, scale.title, scale.small, true);

  if (ticket.printCount > 0) {
    const n = String(ticket.printCount);
    blocks.push({
      kind: 'frame',
      lines: t.lines(`补打 ${n}`, `Reprint ${n}`).map((line) => ({ text: line, size: scale.title })),
      after: mm(1.5),
    });
  }

  blocks.push({ kind: 'rule', dashed: true, after: mm(0.5) });
  pair(ticket.productNameZh, ticket.productNameEn, scale.big, scale.body, true);

  const marker = categoryMarkers[ticket.category];
  if (marker) {
    const line = t.chinese ? `${marker.zh} ${marker.en}` : marker.en;
    blocks.push({ kind: 'frame', lines: [{ text: line, size: scale.big + 4 }], after: mm(1.5) });
  }

  text(`¥${formatYuan(ticket.price)}`, scale.big, { bold: true, after: mm(1) });
  text(t.label('场次', 'Session'), scale.small);
  const session = t.printable(ticket.sessionLabel);
  if (session) text(session, scale.title, { bold: true, after: mm(0.5) });
  const validity = t.printable(ticket.validityLabel);
  if (validity && (t.chinese || !/\p{Script=Han}/u.test(validity)))
    text(validity, scale.small, { after: mm(0.5) });
  const holder = t.printable(ticket.holderName);
  if (holder) text(`${t.label('持票人', 'Holder')}: ${holder}`, scale.body, { after: mm(0.5) });

  blocks.push({ kind: 'gap', height: mm(1) });
  blocks.push({ kind: 'qr', symbol: encodeQr(ticket.code, paper), after: 0 });

  text(t.label('票号', 'Ticket No.'), scale.small);
  text(ticket.ticketNumber, scale.title, { bold: true, after: mm(1) });
  text(`${t.label('订单', 'Order')}: ${ticket.orderNumber}`, scale.small);
  text(`${t.label('出票', 'Issued')}: ${ticket.issuedAtLabel}`, scale.small, { after: mm(1) });

  if (ticket.printCount > 0) {
    const n = String(ticket.printCount);
    text(t.lines(`补打 ${n}`, `Reprint ${n}`).join(' / '), scale.body, { bold: true, after: mm(1) });
  }

  const terms = t.lines(ticket.termsZh, ticket.termsEn);
  if (terms.length > 0) {
    blocks.push({ kind: 'rule', dashed: true, after: mm(0.5) });
    terms.forEach((line, i) =>
      text(line, i === 0 && t.chinese && terms.length > 1 ? scale.fine + 0.5 : scale.fine, {
        align: 'left',
        after: mm(0.8),
      }),
    );
  }

  if (ticket.training) blocks.push({ kind: 'gap', height: mm(1) }, { ...trainingBand(t, scale), after: 0 });
  return blocks;
}

/** Renders tickets as one PDF, one ticket per page, for a thermal printer of the given paper width. */
export async function renderTicketsPdf(
  tickets: PrintableTicket[],
  options: RenderTicketsOptions,
): Promise<Buffer> {
  if (tickets.length === 0) throw new RangeError('no tickets to print');
  const paper = paperFor(options.layout);
  const font = loadPrintFont();
  const t = textsFor(options.locale, font);
  const doc = createDocument(font, t.chinese ? '门票 Tickets' : 'Tickets', options.creationDate);
  for (const [i, ticket] of tickets.entries()) {
    if (!ticket.code) throw new RangeError(`ticket ${i + 1} (${ticket.ticketNumber}) has no code to print`);
    if (!Number.isInteger(ticket.printCount) || ticket.printCount < 0)
      throw new RangeError(
        `ticket ${i + 1} (${ticket.ticketNumber}): print count must be a whole number ≥ 0`,
      );
    addFittedPage(doc, paper, ticketBlocks(ticket, paper, t), { top: mm(3), bottom: mm(6) });
  }
  return finish(doc);
}
