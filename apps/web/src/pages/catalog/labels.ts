// Option lists for the catalog's enumerations, labelled in the UI language.
import type { TFunction } from 'i18next';
import {
  dayTypes,
  gateDirections,
  productCategories,
  salesChannels,
  seasons,
  siteKinds,
  type DayType,
  type GateDirection,
  type ProductCategory,
  type SalesChannel,
  type Season,
  type SiteKind,
} from '../../api/catalog';

/** 0 = Sunday … 6 = Saturday, as the server counts weekdays. */
export const WEEKDAY_KEYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

export function weekdayName(t: TFunction, weekday: number): string {
  const key = WEEKDAY_KEYS[weekday];
  return key === undefined ? String(weekday) : t(`catalog.weekdays.${key}`);
}

/** Monday first, as calendars in China are printed. */
export function weekdayOptions(t: TFunction) {
  return [1, 2, 3, 4, 5, 6, 0].map((value) => ({ value, label: weekdayName(t, value) }));
}

export function siteKindOptions(t: TFunction) {
  return siteKinds.map((value: SiteKind) => ({ value, label: t(`catalog.kinds.${value}`) }));
}

export function directionOptions(t: TFunction) {
  return gateDirections.map((value: GateDirection) => ({
    value,
    label: t(`catalog.gates.directions.${value}`),
  }));
}

export function categoryOptions(t: TFunction) {
  return productCategories.map((value: ProductCategory) => ({
    value,
    label: t(`catalog.categories.${value}`),
  }));
}

export function channelOptions(t: TFunction) {
  return salesChannels.map((value: SalesChannel) => ({ value, label: t(`catalog.channels.${value}`) }));
}

export function dayTypeOptions(t: TFunction) {
  return dayTypes.map((value: DayType) => ({ value, label: t(`catalog.dayTypes.${value}`) }));
}

export function seasonOptions(t: TFunction) {
  return seasons.map((value: Season) => ({ value, label: t(`catalog.seasons.${value}`) }));
}

/** 适用年龄 as a short phrase: "6 岁及以下", "65 岁及以上", "6–18 岁". */
export function ageRangeText(t: TFunction, minAge: number | null, maxAge: number | null): string {
  if (minAge !== null && maxAge !== null)
    return t('catalog.products.ages.range', { min: minAge, max: maxAge });
  if (minAge !== null) return t('catalog.products.ages.atLeast', { min: minAge });
  if (maxAge !== null) return t('catalog.products.ages.atMost', { max: maxAge });
  return '';
}
