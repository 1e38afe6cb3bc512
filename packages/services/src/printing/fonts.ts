// Which font tickets print in. Chinese needs a CJK font from the system (Debian: fonts-noto-cjk);
// without one, tickets print in the PDF built-in Helvetica with the English texts only, so a box office
// on a bare machine still prints a scannable ticket and never prints tofu (empty boxes). The choice is
// made once per process and cached: the Noto collection is 20 MB and takes a moment to open.
import { existsSync } from 'node:fs';
import * as fontkit from 'fontkit';

export type PrintFontInfo = {
  /** 'embedded' for a system font embedded (subset) in the PDF, 'builtin' for Helvetica. */
  kind: 'embedded' | 'builtin';
  /** The postscript name of the regular face, e.g. 'NotoSansCJKsc-Regular', or 'Helvetica'. */
  name: string;
  path: string | null;
  /** Whether Chinese prints; false means English texts only. */
  cjk: boolean;
  /** Why a configured or expected font was not used, for the start-up log. */
  warnings: string[];
};

export type PrintFont = {
  info: PrintFontInfo;
  /** A fontkit font (embedded) or a PDF standard font name (builtin). */
  regular: fontkit.Font | string;
  bold: fontkit.Font | string;
  /** Whether every character of the text has a glyph in this font. */
  canPrint(text: string): boolean;
};

type Candidate = { path: string; postscriptName?: string; boldPath?: string; boldPostscriptName?: string };

/** Known places of CJK fonts on Linux distributions, best first. */
const candidates: Candidate[] = [
  ...[
    '/usr/share/fonts/opentype/noto', // Debian, Ubuntu (fonts-noto-cjk)
    '/usr/share/fonts/noto-cjk', // Arch
    '/usr/share/fonts/google-noto-cjk', // Fedora
    '/usr/share/fonts/noto', // Alpine
  ].map((dir) => ({
    path: `${dir}/NotoSansCJK-Regular.ttc`,
    postscriptName: 'NotoSansCJKsc-Regular',
    boldPath: `${dir}/NotoSansCJK-Bold.ttc`,
    boldPostscriptName: 'NotoSansCJKsc-Bold',
  })),
  { path: '/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf' },
  { path: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc' },
  { path: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc' },
  { path: '/usr/share/fonts/truetype/arphic/uming.ttc' },
  { path: '/usr/share/fonts/truetype/arphic/ukai.ttc' },
  { path: '/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf' },
  { path: '/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf' },
];

/** Characters every ticket needs: a font lacking one of them is not used. */
const requiredText = '云山风景区成人票儿童老年免费场次补打培训无效持票人订单号出￥¥0123456789ABCabc–';

/** The characters the PDF standard fonts print (WinAnsiEncoding). */
const winAnsiExtras = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

function winAnsiPrintable(text: string): boolean {
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code === 10 || code === 13 || code === 9) continue;
    if ((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || winAnsiExtras.has(char)) continue;
    return false;
  }
  return true;
}

function glyphsPrintable(font: fontkit.Font, text: string): boolean {
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code === 10 || code === 13 || code === 9 || code === 0x20) continue;
    if (!font.hasGlyphForCodePoint(code)) return false;
  }
  return true;
}

function isCollection(font: fontkit.Font | fontkit.FontCollection): font is fontkit.FontCollection {
  return 'fonts' in font && Array.isArray(font.fonts);
}

/** Opens one face of a font file; for a collection without a name, the Simplified Chinese face. */
function openFace(path: string, postscriptName?: string): fontkit.Font {
  const opened = fontkit.openSync(path, postscriptName);
  if (!opened) throw new Error(`no face named ${postscriptName ?? '(any)'}`);
  if (!isCollection(opened)) return opened;
  const faces = opened.fonts;
  const face =
    faces.find(
      (f) => /(SC|CN|GB|Hans)\b|SC-|CN-/i.test(f.postscriptName) && glyphsPrintable(f, requiredText),
    ) ??
    faces.find((f) => glyphsPrintable(f, requiredText)) ??
    faces[0];
  if (!face) throw new Error('empty font collection');
  return face;
}

function tryCandidate(candidate: Candidate, warnings: string[]): PrintFont | null {
  if (!existsSync(candidate.path)) return null;
  let regular: fontkit.Font;
  try {
    regular = openFace(candidate.path, candidate.postscriptName);
  } catch (error) {
    warnings.push(`${candidate.path}: cannot open (${(error as Error).message})`);
    return null;
  }
  if (!glyphsPrintable(regular, requiredText)) {
    warnings.push(`${candidate.path}: ${regular.postscriptName} lacks Chinese glyphs`);
    return null;
  }
  let bold = regular;
  const boldPath =
    candidate.boldPath ?? (/Regular/.test(candidate.path) ? candidate.path.replace('Regular', 'Bold') : null);
  const boldName = candidate.boldPostscriptName ?? candidate.postscriptName?.replace('Regular', 'Bold');
  if (boldPath && existsSync(boldPath)) {
    try {
      const face = openFace(boldPath, boldName);
      if (glyphsPrintable(face, requiredText)) bold = face;
    } catch {
      // The regular face prints bold texts too.
    }
  }
  return {
    info: { kind: 'embedded', name: regular.postscriptName, path: candidate.path, cjk: true, warnings },
    regular,
    bold,
    canPrint: (text) => glyphsPrintable(regular, text) && (bold === regular || glyphsPrintable(bold, text)),
  };
}

function builtinFont(warnings: string[]): PrintFont {
  return {
    info: { kind: 'builtin', name: 'Helvetica', path: null, cjk: false, warnings },
    regular: 'Helvetica',
    bold: 'Helvetica-Bold',
    canPrint: winAnsiPrintable,
  };
}

/**
 * Reads a font setting: 'path' or 'path#PostscriptName' (a face of a .ttc collection), or 'builtin'
 * for Helvetica with English texts only.
 */
export function parseFontSetting(setting: string): Candidate | 'builtin' {
  const trimmed = setting.trim();
  if (trimmed.toLowerCase() === 'builtin') return 'builtin';
  const hash = trimmed.lastIndexOf('#');
  if (hash > 0 && !trimmed.slice(hash + 1).includes('/')) {
    return { path: trimmed.slice(0, hash), postscriptName: trimmed.slice(hash + 1) };
  }
  return { path: trimmed };
}

function choosePrintFont(setting: string | undefined): PrintFont {
  const warnings: string[] = [];
  if (setting && setting.trim() !== '') {
    const parsed = parseFontSetting(setting);
    if (parsed === 'builtin') return builtinFont(warnings);
    if (!existsSync(parsed.path)) warnings.push(`ADMIT_PRINT_FONT: ${parsed.path} does not exist`);
    const chosen = tryCandidate(parsed, warnings);
    if (chosen) return chosen;
    warnings.push('ADMIT_PRINT_FONT is not usable; looking for a system CJK font instead');
  }
  for (const candidate of candidates) {
    const chosen = tryCandidate(candidate, warnings);
    if (chosen) return chosen;
  }
  warnings.push('no CJK font found (install fonts-noto-cjk): tickets print in English only');
  return builtinFont(warnings);
}

let configured: string | null = null;
let cached: PrintFont | null = null;

/**
 * Sets the font setting (same syntax as ADMIT_PRINT_FONT) instead of reading the environment, and
 * forgets the cached choice; `undefined` goes back to the environment.
 */
export function configurePrintFont(setting: string | undefined): void {
  configured = setting ?? null;
  cached = null;
}

/** The font tickets print in, chosen on first use from ADMIT_PRINT_FONT or the known system paths. */
export function loadPrintFont(): PrintFont {
  cached ??= choosePrintFont(configured ?? process.env.ADMIT_PRINT_FONT);
  return cached;
}

/** What `loadPrintFont` chose, for the start-up log and the printer test page. */
export function printFontInfo(): PrintFontInfo {
  return loadPrintFont().info;
}
