// Bilingual texts for paper: Chinese first with English below in zh-CN, English alone in 'en' or when
// the print font has no Chinese. A text the font cannot print is left out rather than printed as tofu.
import type { PrintFont } from './fonts';
import type { PrintLocale } from './types';

export type Texts = {
  /** Whether Chinese texts go on paper. */
  chinese: boolean;
  /** The text if the font prints all of it, else null. */
  printable(text: string | null | undefined): string | null;
  /** Chinese and English as separate lines (Chinese first), or one of them. */
  lines(zh: string | null | undefined, en: string | null | undefined): string[];
  /** A short label: '场次 Session' in Chinese, 'Session' in English. */
  label(zh: string, en: string): string;
};

export function textsFor(locale: PrintLocale, font: PrintFont): Texts {
  const chinese = locale === 'zh-CN' && font.info.cjk;
  const printable = (text: string | null | undefined): string | null => {
    const trimmed = text?.trim();
    return trimmed && font.canPrint(trimmed) ? trimmed : null;
  };
  return {
    chinese,
    printable,
    lines(zh, en) {
      const zhText = chinese ? printable(zh) : null;
      const enText = printable(en);
      if (zhText && enText && zhText !== enText) return [zhText, enText];
      const one = zhText ?? enText ?? printable(zh);
      return one ? [one] : [];
    },
    label: (zh, en) => (chinese ? `${zh} ${en}` : en),
  };
}
