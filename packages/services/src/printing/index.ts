// Ticket printing for thermal printers (80 mm and 58 mm paper) as PDF: tickets and the printer test page.
export type {
  PrintLayout,
  PrintLocale,
  PrintableTicket,
  RenderTicketsOptions,
  RenderPrinterTestOptions,
} from './types';
export { renderTicketsPdf } from './ticket-pdf';
export { warmUpPrinting } from './warm-up';
export { renderPrinterTestPdf, printerTestCode } from './printer-test-pdf';
export { configurePrintFont, printFontInfo, type PrintFontInfo } from './fonts';
export { papers as printPapers, type Paper as PrintPaper } from './paper';

/** Content type of what the render functions return. */
export const printPdfContentType = 'application/pdf';
