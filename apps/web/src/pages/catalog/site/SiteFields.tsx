// The fields of a site, shared by "New site" and the site tab: names, kind, time zone, address, contact,
// opening hours and the two capacity limits (最大承载量 per day, 瞬时承载量 at once).
import { isValidTimeZone } from '@admit/domain';
import { Button, Form, Input, InputNumber, Select, Space } from 'antd';
import type { TFunction } from 'i18next';
import { useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { SiteKind, SiteView } from '../../../api/catalog';
import { siteKindOptions, weekdayOptions } from '../labels';
import type { FieldErrorMap } from '../serverErrors';

export type OpeningHoursRow = { weekday: number; opens: string; closes: string };

export type SiteFieldValues = {
  nameZh: string;
  nameEn: string;
  kind: SiteKind;
  timeZone: string;
  addressZh?: string;
  addressEn?: string;
  contactPhone?: string;
  openingHours?: OpeningHoursRow[];
  dailyMaxCapacity?: number | null;
  instantMaxCapacity?: number | null;
};

export const siteFieldErrors: FieldErrorMap = {
  unknown_time_zone: 'timeZone',
  site_code_taken: 'code',
  capacity_invalid: 'dailyMaxCapacity',
};

export function siteFieldDefaults(site?: SiteView): SiteFieldValues {
  return {
    nameZh: site?.nameZh ?? '',
    nameEn: site?.nameEn ?? '',
    kind: site?.kind ?? 'scenic_area',
    timeZone: site?.timeZone ?? 'Asia/Shanghai',
    addressZh: site?.addressZh ?? '',
    addressEn: site?.addressEn ?? '',
    contactPhone: site?.contactPhone ?? '',
    openingHours: site?.openingHours ?? [],
    dailyMaxCapacity: site?.dailyMaxCapacity ?? null,
    instantMaxCapacity: site?.instantMaxCapacity ?? null,
  };
}

/** The body the server takes, from what the form holds. */
export function siteFieldsBody(values: SiteFieldValues) {
  return {
    nameZh: values.nameZh.trim(),
    nameEn: values.nameEn.trim(),
    kind: values.kind,
    timeZone: values.timeZone.trim(),
    addressZh: (values.addressZh ?? '').trim(),
    addressEn: (values.addressEn ?? '').trim(),
    contactPhone: (values.contactPhone ?? '').trim(),
    openingHours: (values.openingHours ?? []).map(({ weekday, opens, closes }) => ({
      weekday,
      opens,
      closes,
    })),
    dailyMaxCapacity: values.dailyMaxCapacity ?? null,
    instantMaxCapacity: values.instantMaxCapacity ?? null,
  };
}

function timeZones(): string[] {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return ['Asia/Shanghai', 'Asia/Hong_Kong', 'Asia/Macau', 'Asia/Taipei', 'UTC'];
  }
}

function timeZoneRule(t: TFunction) {
  return {
    validator: (_rule: unknown, value: string | undefined) =>
      value === undefined || value.trim() === '' || isValidTimeZone(value.trim())
        ? Promise.resolve()
        : Promise.reject(new Error(t('catalog.siteForm.timeZoneInvalid'))),
  };
}

export function SiteFields() {
  const { t } = useTranslation();
  const zonesId = useId();
  const zones = useMemo(() => timeZones(), []);
  const weekdays = useMemo(() => weekdayOptions(t), [t]);
  return (
    <>
      <Space wrap align="start" className="admit-form-pair">
        <Form.Item
          name="nameZh"
          label={t('catalog.siteForm.nameZh')}
          rules={[{ required: true, whitespace: true, message: t('catalog.form.nameRequired') }]}
        >
          <Input lang="zh-CN" maxLength={60} />
        </Form.Item>
        <Form.Item
          name="nameEn"
          label={t('catalog.siteForm.nameEn')}
          rules={[{ required: true, whitespace: true, message: t('catalog.form.nameRequired') }]}
        >
          <Input lang="en" maxLength={100} />
        </Form.Item>
      </Space>
      <Space wrap align="start" className="admit-form-pair">
        <Form.Item name="kind" label={t('catalog.siteForm.kind')} rules={[{ required: true }]}>
          <Select options={siteKindOptions(t)} className="admit-select-medium" />
        </Form.Item>
        <Form.Item
          name="timeZone"
          label={t('catalog.siteForm.timeZone')}
          extra={t('catalog.siteForm.timeZoneHint')}
          rules={[
            { required: true, whitespace: true, message: t('catalog.siteForm.timeZoneRequired') },
            timeZoneRule(t),
          ]}
        >
          <Input list={zonesId} autoComplete="off" spellCheck={false} maxLength={64} />
        </Form.Item>
      </Space>
      <datalist id={zonesId}>
        {zones.map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
      <Space wrap align="start" className="admit-form-pair">
        <Form.Item name="addressZh" label={t('catalog.siteForm.addressZh')}>
          <Input lang="zh-CN" maxLength={200} />
        </Form.Item>
        <Form.Item name="addressEn" label={t('catalog.siteForm.addressEn')}>
          <Input lang="en" maxLength={200} />
        </Form.Item>
      </Space>
      <Form.Item name="contactPhone" label={t('catalog.siteForm.contactPhone')}>
        <Input inputMode="tel" maxLength={40} className="admit-input-medium" />
      </Form.Item>
      <Space wrap align="start" className="admit-form-pair">
        <Form.Item
          name="dailyMaxCapacity"
          label={t('catalog.siteForm.dailyMax')}
          extra={t('catalog.siteForm.dailyMaxHint')}
        >
          <InputNumber min={1} precision={0} placeholder={t('catalog.siteForm.unlimited')} />
        </Form.Item>
        <Form.Item
          name="instantMaxCapacity"
          label={t('catalog.siteForm.instantMax')}
          extra={t('catalog.siteForm.instantMaxHint')}
        >
          <InputNumber min={1} precision={0} placeholder={t('catalog.siteForm.unlimited')} />
        </Form.Item>
      </Space>
      <fieldset className="admit-fieldset">
        <legend>{t('catalog.siteForm.openingHours')}</legend>
        <Form.List name="openingHours">
          {(rows, { add, remove }) => (
            <>
              {rows.length === 0 ? (
                <p className="admit-muted">{t('catalog.siteForm.openingHoursNone')}</p>
              ) : null}
              {rows.map((row, index) => (
                <Space key={row.key} wrap align="start" data-testid={`opening-hours-${index}`}>
                  <Form.Item name={[row.name, 'weekday']} rules={[{ required: true }]}>
                    <Select
                      options={weekdays}
                      className="admit-select-small"
                      aria-label={t('catalog.siteForm.weekdayOf', { index: index + 1 })}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[row.name, 'opens']}
                    rules={[{ required: true, message: t('catalog.form.timeRequired') }]}
                  >
                    <Input type="time" aria-label={t('catalog.siteForm.opensOf', { index: index + 1 })} />
                  </Form.Item>
                  <Form.Item
                    name={[row.name, 'closes']}
                    dependencies={[['openingHours', row.name, 'opens']]}
                    rules={[
                      { required: true, message: t('catalog.form.timeRequired') },
                      ({ getFieldValue }) => ({
                        validator: (_rule, value: string | undefined) => {
                          const opens = getFieldValue(['openingHours', row.name, 'opens']) as
                            string | undefined;
                          return value === undefined || opens === undefined || value > opens
                            ? Promise.resolve()
                            : Promise.reject(new Error(t('catalog.siteForm.closesBeforeOpens')));
                        },
                      }),
                    ]}
                  >
                    <Input type="time" aria-label={t('catalog.siteForm.closesOf', { index: index + 1 })} />
                  </Form.Item>
                  <Button
                    type="link"
                    danger
                    onClick={() => remove(row.name)}
                    aria-label={t('catalog.form.removeRow', { index: index + 1 })}
                  >
                    {t('catalog.form.remove')}
                  </Button>
                </Space>
              ))}
              <Space wrap>
                <Button
                  onClick={() => add({ weekday: nextWeekday(rows.length), opens: '08:00', closes: '17:00' })}
                  disabled={rows.length >= 21}
                >
                  {t('catalog.siteForm.addHours')}
                </Button>
              </Space>
            </>
          )}
        </Form.List>
      </fieldset>
    </>
  );
}

/** Rows are usually added Monday to Sunday. */
function nextWeekday(count: number): number {
  return (count + 1) % 7;
}
