// Amounts are typed in yuan ("80", "80.5", "¥80.50") and sent in fen.
import { formatYuan, parseYuan } from '@admit/domain';
import type { TFunction } from 'i18next';

/** For a form's initial value. */
export function yuanText(fen: number | null | undefined): string {
  return fen === null || fen === undefined ? '' : formatYuan(fen);
}

/** The fen of a checked field; 0 for an empty optional one. */
export function toFen(text: string | undefined | null): number {
  return parseYuan(text ?? '') ?? 0;
}

/**
 * A form rule: an amount in yuan with at most two decimals. A minus sign is let through on purpose:
 * the server owns the rule that prices are not negative and says so next to the field.
 */
export function yuanRule(t: TFunction, options: { required: boolean }) {
  return {
    validator: (_rule: unknown, value: string | undefined) => {
      const text = (value ?? '').trim();
      if (text === '') {
        return options.required ? Promise.reject(new Error(t('catalog.money.required'))) : Promise.resolve();
      }
      return parseYuan(text) === null
        ? Promise.reject(new Error(t('catalog.money.invalid')))
        : Promise.resolve();
    },
  };
}
