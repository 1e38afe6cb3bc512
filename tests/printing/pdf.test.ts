// Tickets printed on thermal paper must scan at the gate. Each PDF is rendered to pixels at a thermal
// printer's 203 dpi (and at 300 dpi), reduced to black and white, and every QR code is decoded and its
// Ed25519 signature checked against the site's public key, ticket by ticket.
import { generateKeyPairSync, randomUUID, sign, verify, type KeyObject } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { decodeTicketCode, encodeSignedPart, encodeTicketCode } from '@admit/domain';
import {
  configurePrintFont,
  printerTestCode,
  printFontInfo,
  renderPrinterTestPdf,
  renderTicketsPdf,
  type PrintableTicket,
  type PrintLayout,
  warmUpPrinting,
} from '@admit/services';
import { decodeQrCodesFromPdf, pdfPageTexts, scanPdfPages } from '../support/pdf-qr';

const { publicKey, privateKey } = generateKeyPairSync('ed25519');
const han = /\p{Script=Han}/u;

function signedCode(ticketId: string, training: boolean, key: KeyObject = privateKey): string {
  const signed = encodeSignedPart({
    keyId: 7,
    ticketId,
    validFrom: new Date('2026-11-26T02:00:00Z'),
    validUntil: new Date('2026-11-26T03:00:00Z'),
    entries: 1,
    training,
  });
  return encodeTicketCode(signed, sign(null, signed, key));
}

type Issued = { ticketId: string; ticket: PrintableTicket };

function issue(overrides: Partial<PrintableTicket> = {}): Issued {
  const ticketId = randomUUID();
  const ticket: PrintableTicket = {
    siteNameZh: '云山风景区',
    siteNameEn: 'Yunshan Scenic Area',
    orderNumber: 'YUNSHAN-261126-01-0042',
    ticketNumber: '4821 0937 5512',
    productNameZh: '成人票',
    productNameEn: 'Adult',
    category: 'adult',
    price: 12000,
    sessionLabel: '2026-11-26 10:00–11:00',
    validityLabel: '仅限当日当场次有效',
    code: '',
    printCount: 0,
    termsZh: '本票售出后不退不换，请妥善保管。',
    termsEn: 'Non-refundable. Keep this ticket until you leave.',
    holderName: null,
    issuedAtLabel: '2026-11-26 09:41',
    training: false,
    ...overrides,
  };
  return { ticketId, ticket: { ...ticket, code: signedCode(ticketId, ticket.training) } };
}

function sampleTickets(): Issued[] {
  return [
    issue(),
    issue({
      productNameZh: '儿童票',
      productNameEn: 'Child',
      category: 'child',
      price: 6000,
      ticketNumber: '4821 0937 5520',
      printCount: 1,
      holderName: '张*',
    }),
    issue({
      siteNameZh: '城市博物馆',
      siteNameEn: 'City Museum',
      orderNumber: 'MUSEUM-261126-03-0007',
      productNameZh: '免费预约',
      productNameEn: 'Free timed entry',
      category: 'free',
      price: 0,
      ticketNumber: '7730 1188 2046',
      holderName: '李**',
      training: true,
    }),
  ];
}

/** Checks what a gate does with a scanned code: decode it, verify the signature, read the ticket id. */
function verifiedTicketId(text: string, key: KeyObject = publicKey): string | null {
  const decoded = decodeTicketCode(text);
  if (!decoded) return null;
  return verify(null, decoded.signed, key, decoded.signature) ? decoded.ticketId : null;
}

const minimumSymbolMm: Record<PrintLayout, number> = { '80mm': 40, '58mm': 36 };

afterEach(() => configurePrintFont(undefined));

describe('ticket printing on thermal paper (PDF)', () => {
  it('gate-side verification rejects a code signed by another key or altered (so the checks below can fail)', () => {
    const [{ ticketId, ticket }] = sampleTickets() as [Issued];
    expect(verifiedTicketId(ticket.code)).toBe(ticketId);
    const other = generateKeyPairSync('ed25519');
    expect(verifiedTicketId(ticket.code, other.publicKey)).toBeNull();
    const last = ticket.code.at(-2) === 'A' ? 'B' : 'A';
    expect(verifiedTicketId(`${ticket.code.slice(0, -2)}${last}${ticket.code.slice(-1)}`)).toBeNull();
  });

  for (const layout of ['80mm', '58mm'] as const) {
    describe(`${layout} paper`, () => {
      const issued = sampleTickets();
      const tickets = issued.map((i) => i.ticket);
      let pdf: Buffer;
      beforeAll(async () => {
        pdf = await renderTicketsPdf(tickets, { layout, locale: 'zh-CN' });
      });

      for (const dpi of [203, 300]) {
        it(`every QR code scans at ${dpi} dpi and carries the ticket's valid signature`, async () => {
          const codes = await decodeQrCodesFromPdf(pdf, { dpi });
          expect(codes).toHaveLength(tickets.length);
          codes.forEach((code, i) => {
            expect(code).toBe(tickets[i]!.code);
            expect(verifiedTicketId(code)).toBe(issued[i]!.ticketId);
          });
          expect(new Set(codes.map((code) => verifiedTicketId(code))).size).toBe(tickets.length);
        });
      }

      it('prints one ticket per page of the paper width, with a large alphanumeric QR symbol', async () => {
        const pages = await scanPdfPages(pdf);
        expect(pages).toHaveLength(tickets.length);
        for (const page of pages) {
          expect(page.pageWidthMm).toBeCloseTo(Number.parseInt(layout, 10), 1);
          expect(page.pageHeightMm).toBeGreaterThan(60);
          expect(page.modes).toEqual(['alphanumeric']);
          expect(page.symbolMm).toBeGreaterThanOrEqual(minimumSymbolMm[layout]);
          expect(page.symbolMm).toBeLessThanOrEqual(Number.parseInt(layout, 10) - 10);
        }
      });

      it('prints what people read: names, price, numbers, reprint and training marks', async () => {
        const texts = pdfPageTexts(pdf);
        const [adult, child, free] = texts as [string, string, string];
        for (const [i, text] of texts.entries()) {
          expect(text).toContain(tickets[i]!.ticketNumber);
          expect(text).toContain(tickets[i]!.orderNumber);
          expect(text).toContain(tickets[i]!.siteNameEn);
          expect(text).toContain('2026-11-26 10:00–11:00');
        }
        expect(adult).toContain('¥120.00');
        expect(child).toContain('¥60.00');
        expect(free).toContain('¥0.00');
        expect(child).toContain('Reprint 1');
        expect(child).toContain('CHILD');
        expect(free).toContain('FREE');
        expect(free).toContain('TRAINING — NOT VALID');
        expect(adult).not.toMatch(/Reprint|TRAINING|CHILD/);
        if (printFontInfo().cjk) {
          expect(adult).toContain('云山风景区');
          expect(adult).toContain('成人票');
          expect(child).toContain('补打 1');
          expect(child).toContain('张*');
          expect(free).toContain('培训票');
          expect(adult.indexOf('云山风景区')).toBeLessThan(adult.indexOf('Yunshan Scenic Area'));
        } else {
          for (const text of texts) expect(text).not.toMatch(han);
        }
      });

      it('renders the printer test page with a sample code that scans', async () => {
        const test = await renderPrinterTestPdf({
          layout,
          locale: 'zh-CN',
          siteNameZh: '云山风景区',
          siteNameEn: 'Yunshan Scenic Area',
          printedAtLabel: '2026-11-26 14:30',
        });
        for (const dpi of [203, 300]) {
          const [page, ...rest] = await scanPdfPages(test, { dpi });
          expect(rest).toHaveLength(0);
          expect(page!.text).toBe(printerTestCode(layout));
          expect(page!.pageWidthMm).toBeCloseTo(Number.parseInt(layout, 10), 1);
          expect(page!.symbolMm).toBeGreaterThanOrEqual(minimumSymbolMm[layout]);
        }
        const [text] = pdfPageTexts(test);
        expect(text).toContain('Printer test page');
        expect(text).toContain('2026-11-26 14:30');
        if (printFontInfo().cjk) expect(text).toContain('打印机测试页');
      });
    });
  }

  it('prints English only in the en locale', async () => {
    const issued = sampleTickets();
    const pdf = await renderTicketsPdf(
      issued.map((i) => i.ticket),
      { layout: '58mm', locale: 'en' },
    );
    const texts = pdfPageTexts(pdf);
    // Holder names are printed as written (when the font has them); everything else is English.
    for (const text of texts) expect(text.replace(/Holder: \S+/, '')).not.toMatch(han);
    expect(texts[0]).toContain('Yunshan Scenic Area');
    const codes = await decodeQrCodesFromPdf(pdf);
    expect(codes.map((code) => verifiedTicketId(code))).toEqual(issued.map((i) => i.ticketId));
  });

  it('without a CJK font prints English in Helvetica, never tofu, and the codes still scan', async () => {
    configurePrintFont('builtin');
    expect(printFontInfo()).toMatchObject({ kind: 'builtin', name: 'Helvetica', cjk: false });
    const issued = sampleTickets();
    const pdf = await renderTicketsPdf(
      issued.map((i) => i.ticket),
      { layout: '80mm', locale: 'zh-CN' },
    );
    const texts = pdfPageTexts(pdf);
    for (const text of texts) expect(text).not.toMatch(han);
    expect(texts[0]).toContain('Yunshan Scenic Area');
    expect(texts[1]).toContain('Reprint 1');
    expect(texts[2]).toContain('City Museum');
    const codes = await decodeQrCodesFromPdf(pdf, { dpi: 203 });
    expect(codes.map((code) => verifiedTicketId(code))).toEqual(issued.map((i) => i.ticketId));
    const test = await renderPrinterTestPdf({ layout: '58mm', locale: 'zh-CN' });
    expect(await decodeQrCodesFromPdf(test)).toEqual([printerTestCode('58mm')]);
  });

  it('a font setting that does not exist is reported and printing goes on', async () => {
    configurePrintFont('/nonexistent/NoSuchFont.ttc#NoSuchFont-Regular');
    const info = printFontInfo();
    expect(info.warnings.join('\n')).toContain('/nonexistent/NoSuchFont.ttc does not exist');
    const { ticketId, ticket } = sampleTickets()[0]!;
    const codes = await decodeQrCodesFromPdf(
      await renderTicketsPdf([ticket], { layout: '80mm', locale: 'zh-CN' }),
    );
    expect(codes.map((code) => verifiedTicketId(code))).toEqual([ticketId]);
  });

  it('renders the same bytes for the same tickets and creation date', async () => {
    const tickets = sampleTickets().map((i) => i.ticket);
    const options = {
      layout: '80mm' as const,
      locale: 'zh-CN' as const,
      creationDate: new Date('2026-11-26T01:41:00Z'),
    };
    const first = await renderTicketsPdf(tickets, options);
    const second = await renderTicketsPdf(tickets, options);
    expect(first.equals(second)).toBe(true);
  });

  it('refuses an empty list of tickets and a ticket without a code', async () => {
    await expect(renderTicketsPdf([], { layout: '80mm', locale: 'zh-CN' })).rejects.toThrow(RangeError);
    const ticket = { ...sampleTickets()[0]!.ticket, code: '' };
    await expect(renderTicketsPdf([ticket], { layout: '80mm', locale: 'zh-CN' })).rejects.toThrow(/no code/);
  });

  it('renders 10 tickets quickly once the font is loaded', async () => {
    const tickets = Array.from({ length: 10 }, () => issue().ticket);
    await warmUpPrinting();
    const started = performance.now();
    const pdf = await renderTicketsPdf(tickets, { layout: '80mm', locale: 'zh-CN' });
    const elapsed = performance.now() - started;
    console.info(
      `rendered 10 tickets (${pdf.length} bytes, font ${printFontInfo().name}) in ${elapsed.toFixed(0)} ms`,
    );
    // Well under a second on an idle machine; the bound leaves room for a loaded CI machine.
    expect(elapsed).toBeLessThan(2000);
  });
});
