// What the printing module takes in: a ticket already formatted for paper (labels in the site's time
// zone and language) and the paper it goes on.

export type PrintLayout = '80mm' | '58mm';
export type PrintLocale = 'zh-CN' | 'en';

export type PrintableTicket = {
  siteNameZh: string;
  siteNameEn: string;
  /** e.g. 'YUNSHAN-261126-01-0042' */
  orderNumber: string;
  /** Short number with check digit, e.g. '4821 0937 5512'. */
  ticketNumber: string;
  productNameZh: string;
  productNameEn: string;
  /** 'adult' | 'child' | 'senior' | 'free' | …; child, senior and free get a big marker. */
  category: string;
  /** Integer fen; printed as ¥120.00. */
  price: number;
  /** Already formatted in the site's time zone, e.g. '2026-11-26 10:00–11:00'. */
  sessionLabel: string;
  /** e.g. '仅限当日当场次有效' or 'Valid for this session only'. */
  validityLabel: string;
  /** The signed ticket code (base32, A–Z and 2–7), printed as a QR code in alphanumeric mode. */
  code: string;
  /** 0 for the original; n > 0 prints a "补打 n / Reprint n" mark. */
  printCount: number;
  termsZh: string;
  termsEn: string;
  /** Masked holder name for real-name tickets. */
  holderName: string | null;
  /** e.g. '2026-11-26 09:41' */
  issuedAtLabel: string;
  /** Training tickets print a "培训票 TRAINING — NOT VALID" band. */
  training: boolean;
};

export type RenderTicketsOptions = {
  layout: PrintLayout;
  locale: PrintLocale;
  /** Written as the PDF's creation date (and so its file id); defaults to now. */
  creationDate?: Date;
};

export type RenderPrinterTestOptions = {
  layout: PrintLayout;
  locale: PrintLocale;
  siteNameZh?: string;
  siteNameEn?: string;
  /** The date printed on the page, already formatted; defaults to the server's local time now. */
  printedAtLabel?: string;
  creationDate?: Date;
};
