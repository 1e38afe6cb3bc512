// The server's refusals, shown where they belong: next to the field they are about when there is one,
// otherwise above the form. The server's message is already in the user's language.
import type { FormInstance } from 'antd';
import { ApiError } from '../../api/client';

export type FieldPath = string | (string | number)[];

/** Error code → the form field it is about, per form. */
export type FieldErrorMap = Record<string, FieldPath>;

/** Puts the server's message on its field; true when it did (so no general alert is needed). */
export function showOnField(form: FormInstance, error: unknown, fields: FieldErrorMap): boolean {
  if (!(error instanceof ApiError)) return false;
  const name = fields[error.code];
  if (name === undefined) return false;
  form.setFields([{ name, errors: [error.message] }]);
  // Bring the field into view: in a long drawer it may be far from the save button.
  form.scrollToField(name, { block: 'center' });
  return true;
}

export function isFieldError(error: unknown, fields: FieldErrorMap): boolean {
  return error instanceof ApiError && fields[error.code] !== undefined;
}
