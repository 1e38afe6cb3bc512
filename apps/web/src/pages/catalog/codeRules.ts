// Codes of sites, gates and ticket types: what staff type and reports group by (letters, digits, _ and -).
import type { TFunction } from 'i18next';

const CODE_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;

export function codeRules(t: TFunction) {
  return [
    { required: true, whitespace: true, message: t('catalog.form.codeRequired') },
    {
      validator: (_rule: unknown, value: string | undefined) =>
        value === undefined || value.trim() === '' || CODE_PATTERN.test(value.trim())
          ? Promise.resolve()
          : Promise.reject(new Error(t('catalog.form.codeInvalid'))),
    },
  ];
}
