// The first ticket a process prints pays for opening the CJK font and for the font engine's first
// layout (about a second on two cores); later ones take milliseconds. Servers call this once at start,
// without awaiting it on the request path, so the first customer at the box office does not wait.
import { renderTicketsPdf } from './ticket-pdf';

const sample = {
  siteNameZh: '云山风景区',
  siteNameEn: 'Yunshan Scenic Area',
  orderNumber: 'WARMUP-000000-00-0000',
  ticketNumber: '0000 0000 0000',
  productNameZh: '成人票',
  productNameEn: 'Adult',
  category: 'child',
  price: 12000,
  sessionLabel: '2026-01-01 10:00–11:00',
  validityLabel: '仅限当日当场次有效 Valid for this session only',
  code: 'A'.repeat(149),
  printCount: 1,
  termsZh: '本票售出后不退不换，请妥善保管。',
  termsEn: 'Non-refundable. Keep this ticket until you leave.',
  holderName: '张*',
  issuedAtLabel: '2026-01-01 09:00',
  training: true,
};

/** Loads the print font and renders a throw-away ticket on both paper widths. */
export async function warmUpPrinting(): Promise<void> {
  await renderTicketsPdf([sample], { layout: '80mm', locale: 'zh-CN' });
  await renderTicketsPdf([sample], { layout: '58mm', locale: 'en' });
}
