// The shop settings as the form holds them (a cleared number field is null) and the body the server
// takes. The limits of each number come from the contract, so the form refuses what the server would,
// with the same bounds in its message; the server's own refusals are put on the field they name.
import { shopSettingsSchema } from '@admit/contracts';
import type { FormRule } from 'antd';
import type { TFunction } from 'i18next';
import { z } from 'zod';
import { ApiError } from '../../../api/client';
import type { ShopSettings } from './shopSettingsApi';

export type ShopSettingsField = keyof ShopSettings;

/** The number fields; those that may be empty (no limit, no rule) are nullable in the contract. */
export type NumberField = {
  [K in ShopSettingsField]: NonNullable<ShopSettings[K]> extends number ? K : never;
}[ShopSettingsField];

export type ShopSettingsForm = {
  [K in ShopSettingsField]: K extends NumberField ? number | null : ShopSettings[K];
};

export type Bounds = { min: number; max: number; optional: boolean };

export function boundsOf(field: NumberField): Bounds {
  const schema = shopSettingsSchema.shape[field];
  const optional = schema instanceof z.ZodNullable;
  const number = schema instanceof z.ZodNullable ? schema.unwrap() : schema;
  return { min: number.minValue ?? 0, max: number.maxValue ?? Number.MAX_SAFE_INTEGER, optional };
}

export const NOTICE_MAX_LENGTH = shopSettingsSchema.shape.noticeZh.maxLength ?? 2000;

const fields = Object.keys(shopSettingsSchema.shape) as ShopSettingsField[];

function isField(name: unknown): name is ShopSettingsField {
  return typeof name === 'string' && (fields as string[]).includes(name);
}

function isNumberField(name: ShopSettingsField): name is NumberField {
  const schema = shopSettingsSchema.shape[name];
  const inner: unknown = schema instanceof z.ZodNullable ? schema.unwrap() : schema;
  return inner instanceof z.ZodNumber;
}

/** What a number field takes, in words: "10–300 的整数" (or empty, for the optional ones). */
export function boundsText(field: NumberField, t: TFunction): string {
  const { min, max, optional } = boundsOf(field);
  return optional
    ? t('shopAdmin.settings.rangeOrEmpty', { min, max })
    : t('shopAdmin.settings.range', { min, max });
}

export function numberRules(field: NumberField, t: TFunction): FormRule[] {
  const { min, max, optional } = boundsOf(field);
  return [{ required: !optional, type: 'integer', min, max, message: boundsText(field, t) }];
}

export function shopSettingsFormValues(settings: ShopSettings): ShopSettingsForm {
  return { ...settings };
}

/**
 * What the server takes. A required number left empty keeps its saved value (the form refuses that
 * anyway; this covers a field switched off while empty).
 */
export function shopSettingsBody(form: ShopSettingsForm, saved: ShopSettings): ShopSettings {
  return {
    enabled: form.enabled,
    rotatingCodes: form.rotatingCodes,
    rotationStepSeconds: form.rotationStepSeconds ?? saved.rotationStepSeconds,
    rotationToleranceSteps: form.rotationToleranceSteps ?? saved.rotationToleranceSteps,
    perIdDailyLimit: form.perIdDailyLimit ?? null,
    perPhoneDailyLimit: form.perPhoneDailyLimit ?? null,
    freeCancelMinutesBefore: form.freeCancelMinutesBefore ?? saved.freeCancelMinutesBefore,
    noShowLimit: form.noShowLimit ?? null,
    noShowWindowDays: form.noShowWindowDays ?? saved.noShowWindowDays,
    noShowBlockDays: form.noShowBlockDays ?? saved.noShowBlockDays,
    noticeZh: (form.noticeZh ?? '').trim(),
    noticeEn: (form.noticeEn ?? '').trim(),
  };
}

export type FieldProblem = { name: ShopSettingsField; errors: string[] };

type RefusalDetails = { issues?: { path?: unknown }[]; field?: unknown };

/**
 * The fields a refused save is about: the request check's issues (`validation_failed`, one per field,
 * shown with the field's bounds since the check's own words are not the user's language), or a rule of
 * the server naming its `field` (its message is already in the user's language). Empty when the
 * refusal names no field of the form.
 */
export function fieldProblems(error: unknown, t: TFunction): FieldProblem[] {
  if (!(error instanceof ApiError)) return [];
  const details = (error.details ?? {}) as RefusalDetails;
  if (error.code === 'validation_failed' && Array.isArray(details.issues)) {
    const named = details.issues.map((issue) => issue.path).filter(isField);
    return [...new Set(named)].map((name) => ({ name, errors: [issueText(name, error, t)] }));
  }
  return isField(details.field) ? [{ name: details.field, errors: [error.message] }] : [];
}

function issueText(name: ShopSettingsField, error: ApiError, t: TFunction): string {
  if (name === 'noticeZh' || name === 'noticeEn') {
    return t('shopAdmin.settings.tooLong', { max: NOTICE_MAX_LENGTH });
  }
  return isNumberField(name) ? boundsText(name, t) : error.message;
}
