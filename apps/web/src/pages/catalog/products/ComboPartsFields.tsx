// 联票: one ticket valid at several sites or gates, the revenue split between them. Each part names a
// site, optionally some of its gates (none: every entry gate), and its share in percent; the shares
// must add up to 100 %. No parts: a normal ticket.
import { useQuery } from '@tanstack/react-query';
import { Button, Form, InputNumber, Select, type FormInstance, type FormListFieldData } from 'antd';
import { useTranslation } from 'react-i18next';
import { catalogSitesQuery, gatesQuery, type SiteView } from '../../../api/catalog';
import { localized } from '../../../format';
import { useLocale } from '../../../i18n/hooks';
import { comboTotal, comboValid, type ComboPartForm, type ProductForm } from './productForm';

type Option = { value: string; label: string };

export function ComboPartsFields({ form, site }: { form: FormInstance<ProductForm>; site: SiteView }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const sites = useQuery(catalogSitesQuery);
  const parts = Form.useWatch('comboParts', form);
  const count = parts?.length ?? 0;
  const total = comboTotal(parts);
  const totalValid = total === 10_000;
  const siteOptions: Option[] = (sites.data ?? [site]).map((s) => ({
    value: s.id,
    label: `${localized(locale, s.nameZh, s.nameEn)} (${s.code})`,
  }));
  const newPart: ComboPartForm = { siteId: site.id, gateIds: [], sharePercent: null };

  return (
    <fieldset className="admit-fieldset" data-testid="combo-parts">
      <legend>{t('catalog.products.sections.combo')}</legend>
      <p className="admit-muted">{t('catalog.products.combo.intro')}</p>
      <Form.List
        name="comboParts"
        rules={[
          {
            validator: (_rule, value: ComboPartForm[] | undefined) => {
              if (comboValid(value)) return Promise.resolve();
              return Promise.reject(
                new Error(
                  (value?.length ?? 0) < 2
                    ? t('catalog.products.combo.tooFew')
                    : t('catalog.products.combo.totalInvalid'),
                ),
              );
            },
          },
        ]}
      >
        {(fields, { add, remove }, { errors }) => (
          <>
            {fields.map((field, index) => (
              <ComboPartRow
                key={field.key}
                form={form}
                field={field}
                index={index}
                siteOptions={siteOptions}
                onRemove={() => remove(field.name)}
              />
            ))}
            <div className="admit-combo-footer">
              <Button onClick={() => add(newPart)} data-testid="combo-add">
                {t('catalog.products.combo.add')}
              </Button>
              {count > 0 ? (
                <output
                  aria-live="polite"
                  data-testid="combo-total"
                  data-valid={totalValid ? 'true' : 'false'}
                  className={totalValid ? 'admit-combo-total' : 'admit-combo-total admit-combo-total-invalid'}
                >
                  {t('catalog.products.combo.total', { percent: (total / 100).toFixed(2) })}
                  {totalValid ? null : ` · ${t('catalog.products.combo.totalMustBe100')}`}
                </output>
              ) : null}
            </div>
            <Form.ErrorList errors={errors} />
          </>
        )}
      </Form.List>
    </fieldset>
  );
}

function ComboPartRow({
  form,
  field,
  index,
  siteOptions,
  onRemove,
}: {
  form: FormInstance<ProductForm>;
  field: FormListFieldData;
  index: number;
  siteOptions: Option[];
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const siteId = Form.useWatch<string | undefined>(['comboParts', field.name, 'siteId'], form);
  const selected = Form.useWatch<string[] | undefined>(['comboParts', field.name, 'gateIds'], form) ?? [];
  const gates = useQuery({ ...gatesQuery(siteId ?? ''), enabled: siteId !== undefined && siteId !== '' });
  // Entry gates only (an exit-only gate never admits); one already chosen stays listed.
  const gateOptions: Option[] = (gates.data ?? [])
    .filter((gate) => (gate.active && gate.direction !== 'exit') || selected.includes(gate.id))
    .map((gate) => ({
      value: gate.id,
      label: `${localized(locale, gate.nameZh, gate.nameEn)} (${gate.code})`,
    }));
  const number = index + 1;

  return (
    <div
      className="admit-combo-part"
      role="group"
      aria-label={t('catalog.products.combo.part', { number })}
      data-testid={`combo-part-${index}`}
    >
      <Form.Item
        name={[field.name, 'siteId']}
        label={t('catalog.products.combo.site')}
        rules={[{ required: true, message: t('catalog.products.combo.siteRequired') }]}
      >
        <Select
          options={siteOptions}
          showSearch={{ optionFilterProp: 'label' }}
          className="admit-select-medium"
          onChange={() => form.setFieldValue(['comboParts', field.name, 'gateIds'], [])}
        />
      </Form.Item>
      <Form.Item
        name={[field.name, 'gateIds']}
        label={t('catalog.products.combo.gates')}
        extra={t('catalog.products.combo.gatesHint')}
      >
        <Select
          mode="multiple"
          options={gateOptions}
          loading={gates.isFetching}
          placeholder={t('catalog.products.combo.allEntryGates')}
          showSearch={{ optionFilterProp: 'label' }}
          className="admit-combo-gates"
        />
      </Form.Item>
      <Form.Item
        name={[field.name, 'sharePercent']}
        label={t('catalog.products.combo.share')}
        rules={[
          {
            required: true,
            type: 'number',
            min: 0,
            max: 100,
            message: t('catalog.products.combo.shareInvalid'),
          },
        ]}
      >
        <InputNumber min={0} max={100} precision={2} step={0.01} suffix="%" />
      </Form.Item>
      <Button
        danger
        type="text"
        className="admit-combo-remove"
        onClick={onRemove}
        aria-label={t('catalog.products.combo.removeOf', { number })}
        data-testid={`combo-remove-${index}`}
      >
        {t('catalog.products.combo.remove')}
      </Button>
    </div>
  );
}
