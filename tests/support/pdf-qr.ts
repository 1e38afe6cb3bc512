// Reads the QR codes printed in a PDF the way a gate scanner would meet them on paper: each page is
// rendered at a thermal printer's resolution (203 dpi unless asked otherwise), reduced to pure black
// and white as a thermal head prints it (no greys), and decoded with jsQR. One code per page.
// Self-contained (mupdf's WebAssembly build and jsQR, both from npm) so any test can use it, e.g. on a
// PDF downloaded from the running app.
import jsQR from 'jsqr';
import * as mupdf from 'mupdf';

export type ScannedPage = {
  /** 1-based page number. */
  page: number;
  /** What the code reads. */
  text: string;
  /** QR version (size) and the encoding modes of its segments, e.g. ['alphanumeric']. */
  version: number;
  modes: string[];
  /** The symbol's side as rendered (without the quiet zone), in millimetres. */
  symbolMm: number;
  /** The page size in millimetres. */
  pageWidthMm: number;
  pageHeightMm: number;
};

const mmPerPoint = 25.4 / 72;
// Opaque black and white as one RGBA pixel each, in the machine's byte order.
const [black, white] = new Uint32Array(
  new Uint8Array([0, 0, 0, 255, 255, 255, 255, 255]).buffer,
) as unknown as [number, number];

/** Renders one page to black-and-white RGBA pixels, as jsQR takes them. */
function renderPage(page: mupdf.Page, dpi: number) {
  const pixmap = page.toPixmap(
    mupdf.Matrix.scale(dpi / 72, dpi / 72),
    mupdf.ColorSpace.DeviceGray,
    false,
    true,
  );
  try {
    const width = pixmap.getWidth();
    const height = pixmap.getHeight();
    const stride = pixmap.getStride();
    const gray = pixmap.getPixels();
    const rgba = new Uint8ClampedArray(width * height * 4);
    const pixels = new Uint32Array(rgba.buffer);
    for (let y = 0; y < height; y++) {
      const row = y * stride;
      for (let x = 0; x < width; x++) pixels[y * width + x] = gray[row + x]! < 128 ? black : white;
    }
    return { rgba, width, height };
  } finally {
    pixmap.destroy();
  }
}

function distance(a: { x: number; y: number }, b: { x: number; y: number }): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

/** Scans every page; throws naming the page when one has no code that decodes. */
export async function scanPdfPages(
  pdf: Buffer | Uint8Array,
  options: { dpi?: number } = {},
): Promise<ScannedPage[]> {
  const dpi = options.dpi ?? 203;
  const document = mupdf.Document.openDocument(pdf, 'application/pdf');
  try {
    const count = document.countPages();
    if (count === 0) throw new Error('the PDF has no pages');
    const pages: ScannedPage[] = [];
    for (let index = 0; index < count; index++) {
      const page = document.loadPage(index);
      try {
        const [x0, y0, x1, y1] = page.getBounds();
        const { rgba, width, height } = renderPage(page, dpi);
        const found = jsQR(rgba, width, height, { inversionAttempts: 'dontInvert' });
        if (!found) {
          throw new Error(`page ${index + 1} of ${count}: no QR code could be decoded at ${dpi} dpi`);
        }
        const { topLeftCorner, topRightCorner, bottomLeftCorner } = found.location;
        const sidePixels =
          (distance(topLeftCorner, topRightCorner) + distance(topLeftCorner, bottomLeftCorner)) / 2;
        pages.push({
          page: index + 1,
          text: found.data,
          version: found.version,
          modes: found.chunks.map((chunk) => chunk.type),
          symbolMm: (sidePixels / dpi) * 25.4,
          pageWidthMm: (x1 - x0) * mmPerPoint,
          pageHeightMm: (y1 - y0) * mmPerPoint,
        });
      } finally {
        page.destroy();
      }
    }
    return pages;
  } finally {
    document.destroy();
  }
}

/** The text of the QR code on each page, in page order. */
export async function decodeQrCodesFromPdf(
  pdf: Buffer | Uint8Array,
  options: { dpi?: number } = {},
): Promise<string[]> {
  return (await scanPdfPages(pdf, options)).map((page) => page.text);
}

/** The text printed on each page (for checking what a person reads on the ticket). */
export function pdfPageTexts(pdf: Buffer | Uint8Array): string[] {
  const document = mupdf.Document.openDocument(pdf, 'application/pdf');
  try {
    const texts: string[] = [];
    for (let index = 0; index < document.countPages(); index++) {
      const page = document.loadPage(index);
      const text = page.toStructuredText('preserve-whitespace');
      texts.push(text.asText());
      text.destroy();
      page.destroy();
    }
    return texts;
  } finally {
    document.destroy();
  }
}
