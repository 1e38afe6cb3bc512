// Creating or editing a price version: its name and effective dates, a grid of prices per ticket type
// and day type (weekday, weekend, holiday, peak — an empty cell falls back to the next less specific
// day type, then to the list price), and special prices for a season or a sales channel. A new version
// starts from the latest one's prices.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Drawer, Form, Input, Select, Space, type FormInstance } from 'antd';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  createPriceVersion,
  dayTypes,
  siteQueryKey,
  updatePriceVersion,
  type DayType,
  type PriceVersionInput,
  type PriceVersionView,
  type ProductView,
  type SalesChannel,
  type Season,
  type SiteView,
} from '../../../api/catalog';
import { ApiError } from '../../../api/client';
import { errorText } from '../../../components/errorText';
import { localized } from '../../../format';
import { useLocale } from '../../../i18n/hooks';
import { channelOptions, dayTypeOptions, seasonOptions } from '../labels';
import { toFen, yuanRule, yuanText } from '../money';

type SpecialRule = {
  productId: string;
  dayType: DayType;
  season: Season | 'any';
  channel: SalesChannel | 'any';
  price: string;
};

type VersionForm = {
  name: string;
  effectiveFrom: string;
  effectiveTo: string;
  /** productId → day type → yuan; the prices for every season and channel. */
  grid: Record<string, Partial<Record<DayType, string>>>;
  special: SpecialRule[];
};

const FORM_ID = 'price-version-form';

function formValues(version: PriceVersionView | null, template: PriceVersionView | undefined): VersionForm {
  const grid: VersionForm['grid'] = {};
  const special: SpecialRule[] = [];
  for (const rule of template?.rules ?? []) {
    if (rule.season === null && rule.channel === null) {
      grid[rule.productId] = { ...grid[rule.productId], [rule.dayType]: yuanText(rule.price) };
    } else {
      special.push({
        productId: rule.productId,
        dayType: rule.dayType,
        season: rule.season ?? 'any',
        channel: rule.channel ?? 'any',
        price: yuanText(rule.price),
      });
    }
  }
  return {
    name: version?.name ?? '',
    effectiveFrom: version?.effectiveFrom ?? '',
    effectiveTo: version?.effectiveTo ?? '',
    grid,
    special,
  };
}

function versionBody(values: VersionForm): PriceVersionInput {
  const rules: PriceVersionInput['rules'] = [];
  for (const [productId, prices] of Object.entries(values.grid ?? {})) {
    for (const dayType of dayTypes) {
      const text = prices?.[dayType]?.trim() ?? '';
      if (text !== '') rules.push({ productId, dayType, season: null, channel: null, price: toFen(text) });
    }
  }
  for (const rule of values.special ?? []) {
    rules.push({
      productId: rule.productId,
      dayType: rule.dayType,
      season: rule.season === 'any' ? null : rule.season,
      channel: rule.channel === 'any' ? null : rule.channel,
      price: toFen(rule.price),
    });
  }
  return {
    name: values.name.trim(),
    effectiveFrom: values.effectiveFrom,
    effectiveTo: values.effectiveTo === '' || values.effectiveTo === undefined ? null : values.effectiveTo,
    rules,
  };
}

/** Puts the server's refusal on the fields it is about; true when it did. */
function showServerError(form: FormInstance<VersionForm>, error: unknown, t: TFunction): boolean {
  if (!(error instanceof ApiError)) return false;
  const details = (error.details ?? {}) as { field?: string; productId?: string; name?: string };
  if (error.code === 'price_versions_overlap') {
    const clash = details.name === undefined ? '' : t('catalog.prices.overlapsWith', { name: details.name });
    form.setFields([{ name: 'effectiveFrom', errors: [`${error.message}${clash}`] }]);
    return true;
  }
  if (error.code === 'validation_failed' && details.field === 'effectiveTo') {
    form.setFields([{ name: 'effectiveTo', errors: [error.message] }]);
    return true;
  }
  if (error.code === 'price_negative') {
    // Every negative cell of the ticket type the server named (or of all, if it named none).
    const values = form.getFieldsValue(true) as VersionForm;
    const cells = Object.entries(values.grid ?? {}).flatMap(([productId, prices]) =>
      dayTypes
        .filter((dayType) => toFen(prices?.[dayType]) < 0)
        .filter(() => details.productId === undefined || details.productId === productId)
        .map((dayType) => ({ name: ['grid', productId, dayType], errors: [error.message] })),
    );
    const rows = (values.special ?? []).flatMap((rule, index) =>
      toFen(rule.price) < 0 ? [{ name: ['special', index, 'price'], errors: [error.message] }] : [],
    );
    // Paths built at run time; the form's typed paths cannot follow them.
    form.setFields([...cells, ...rows] as Parameters<typeof form.setFields>[0]);
    return cells.length + rows.length > 0;
  }
  return false;
}

export function PriceVersionDrawer({
  site,
  products,
  editing,
  onClose,
  onSaved,
}: {
  site: SiteView;
  products: ProductView[];
  /** undefined: closed; version null: a new version (prices copied from `template`). */
  editing: { version: PriceVersionView | null; template: PriceVersionView | undefined } | undefined;
  onClose: () => void;
  onSaved: (version: PriceVersionView) => void;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [form] = Form.useForm<VersionForm>();
  // Whether the last refusal went next to a field (then no alert above the form).
  const [shownOnField, setShownOnField] = useState(false);
  const version = editing?.version ?? null;
  const mutation = useMutation({
    mutationFn: (values: VersionForm) =>
      version === null
        ? createPriceVersion(site.id, versionBody(values))
        : updatePriceVersion(site.id, version.id, versionBody(values)),
    onMutate: () => setShownOnField(false),
    onSuccess: (saved) => {
      void client.invalidateQueries({ queryKey: siteQueryKey(site.id) });
      onSaved(saved);
    },
    onError: (error) => setShownOnField(showServerError(form, error, t)),
  });

  return (
    <Drawer
      open={editing !== undefined}
      title={
        version === null
          ? t('catalog.prices.newVersion')
          : t('catalog.prices.editVersion', { name: version.name })
      }
      size={920}
      onClose={onClose}
      destroyOnHidden
      afterOpenChange={(visible) => {
        if (!visible) mutation.reset();
      }}
      footer={
        <Space>
          <Button
            type="primary"
            htmlType="submit"
            form={FORM_ID}
            loading={mutation.isPending}
            data-testid="price-version-submit"
          >
            {t('common.save')}
          </Button>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
        </Space>
      }
    >
      {mutation.isError && !shownOnField ? (
        <Alert
          type="error"
          showIcon
          role="alert"
          className="admit-form-alert"
          title={errorText(mutation.error, t)}
        />
      ) : null}
      {editing === undefined ? null : (
        <Form<VersionForm>
          key={version?.id ?? 'new'}
          form={form}
          id={FORM_ID}
          layout="vertical"
          disabled={mutation.isPending}
          initialValues={formValues(version, editing.template)}
          onFinish={(values) => mutation.mutate(values)}
          scrollToFirstError
        >
          <Space wrap align="start" className="admit-form-pair">
            <Form.Item
              name="name"
              label={t('catalog.prices.versionName')}
              rules={[{ required: true, whitespace: true, message: t('catalog.form.nameRequired') }]}
            >
              <Input maxLength={60} autoFocus />
            </Form.Item>
            <Form.Item
              name="effectiveFrom"
              label={t('catalog.prices.effectiveFrom')}
              rules={[{ required: true, message: t('catalog.form.dateRequired') }]}
            >
              <Input type="date" />
            </Form.Item>
            <Form.Item
              name="effectiveTo"
              label={t('catalog.prices.effectiveTo')}
              extra={t('catalog.prices.effectiveToHint')}
              dependencies={['effectiveFrom']}
              rules={[
                ({ getFieldValue }) => ({
                  validator: (_rule, value: string | undefined) => {
                    const from = getFieldValue('effectiveFrom') as string | undefined;
                    return !value || !from || value >= from
                      ? Promise.resolve()
                      : Promise.reject(new Error(t('catalog.form.endBeforeStart')));
                  },
                }),
              ]}
            >
              <Input type="date" />
            </Form.Item>
          </Space>
          <PriceGrid products={products} />
          <SpecialRules products={products} />
          <button type="submit" hidden aria-hidden="true" tabIndex={-1} />
        </Form>
      )}
    </Drawer>
  );
}

function PriceGrid({ products }: { products: ProductView[] }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  return (
    <fieldset className="admit-fieldset">
      <legend>{t('catalog.prices.grid')}</legend>
      <p className="admit-muted">{t('catalog.prices.gridHint')}</p>
      <div className="admit-table-scroll">
        <table className="admit-price-grid" data-testid="price-grid">
          <caption className="admit-visually-hidden">{t('catalog.prices.grid')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('catalog.products.fields.name')}</th>
              {dayTypes.map((dayType) => (
                <th key={dayType} scope="col">
                  {t(`catalog.dayTypes.${dayType}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {products.map((product) => {
              const name = localized(locale, product.nameZh, product.nameEn);
              return (
                <tr key={product.id}>
                  <th scope="row">
                    {name}
                    <div className="admit-muted admit-small">
                      {t('catalog.prices.listPrice', { price: yuanText(product.listPrice) })}
                    </div>
                  </th>
                  {dayTypes.map((dayType) => (
                    <td key={dayType}>
                      <Form.Item
                        name={['grid', product.id, dayType]}
                        rules={[yuanRule(t, { required: false })]}
                      >
                        <Input
                          prefix="¥"
                          inputMode="decimal"
                          autoComplete="off"
                          className="admit-input-money"
                          aria-label={t('catalog.prices.cellLabel', {
                            product: name,
                            dayType: t(`catalog.dayTypes.${dayType}`),
                          })}
                        />
                      </Form.Item>
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </fieldset>
  );
}

function SpecialRules({ products }: { products: ProductView[] }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const productOptions = products.map((product) => ({
    value: product.id,
    label: localized(locale, product.nameZh, product.nameEn),
  }));
  const seasonChoices = [{ value: 'any', label: t('catalog.prices.anySeason') }, ...seasonOptions(t)];
  const channelChoices = [{ value: 'any', label: t('catalog.prices.anyChannel') }, ...channelOptions(t)];
  return (
    <fieldset className="admit-fieldset">
      <legend>{t('catalog.prices.special')}</legend>
      <p className="admit-muted">{t('catalog.prices.specialHint')}</p>
      <Form.List name="special">
        {(rows, { add, remove }) => (
          <>
            {rows.map((row, index) => (
              <Space key={row.key} wrap align="start" data-testid={`special-rule-${index}`}>
                <Form.Item
                  name={[row.name, 'productId']}
                  rules={[{ required: true, message: t('catalog.prices.productRequired') }]}
                >
                  <Select
                    options={productOptions}
                    className="admit-select-medium"
                    showSearch={{ optionFilterProp: 'label' }}
                    aria-label={t('catalog.prices.specialProductOf', { index: index + 1 })}
                  />
                </Form.Item>
                <Form.Item name={[row.name, 'dayType']}>
                  <Select
                    options={dayTypeOptions(t)}
                    className="admit-select-small"
                    aria-label={t('catalog.prices.specialDayTypeOf', { index: index + 1 })}
                  />
                </Form.Item>
                <Form.Item name={[row.name, 'season']}>
                  <Select
                    options={seasonChoices}
                    className="admit-select-small"
                    aria-label={t('catalog.prices.specialSeasonOf', { index: index + 1 })}
                  />
                </Form.Item>
                <Form.Item name={[row.name, 'channel']}>
                  <Select
                    options={channelChoices}
                    className="admit-select-small"
                    aria-label={t('catalog.prices.specialChannelOf', { index: index + 1 })}
                  />
                </Form.Item>
                <Form.Item name={[row.name, 'price']} rules={[yuanRule(t, { required: true })]}>
                  <Input
                    prefix="¥"
                    inputMode="decimal"
                    autoComplete="off"
                    className="admit-input-money"
                    aria-label={t('catalog.prices.specialPriceOf', { index: index + 1 })}
                  />
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
            <Button
              onClick={() =>
                add({ productId: undefined, dayType: 'weekday', season: 'any', channel: 'any', price: '' })
              }
            >
              {t('catalog.prices.addSpecial')}
            </Button>
          </>
        )}
      </Form.List>
    </fieldset>
  );
}
