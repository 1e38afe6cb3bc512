// Creating or editing a ticket type (票种), every rule of it: names and description, who may buy it and
// with which documents, list price, validity and entries, real-name, channels, sale window and release
// time (放票), order limits, refund and rebooking policy (and the automatic refund of unused tickets at
// expiry), whether it counts towards the daily maximum, and the parts of a combo ticket (联票). The server's refusals appear next to the field they
// are about.
import { discountDocuments } from '@admit/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Checkbox,
  Drawer,
  Form,
  Input,
  InputNumber,
  Radio,
  Select,
  Space,
  Switch,
  type FormInstance,
  type FormRule,
} from 'antd';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  createProduct,
  siteQueryKey,
  updateProduct,
  type ProductView,
  type SiteView,
} from '../../../api/catalog';
import { errorText } from '../../../components/errorText';
import { localized } from '../../../format';
import { useLocale } from '../../../i18n/hooks';
import { codeRules } from '../codeRules';
import { categoryOptions, channelOptions } from '../labels';
import { yuanRule } from '../money';
import { isFieldError, showOnField } from '../serverErrors';
import { ComboPartsFields } from './ComboPartsFields';
import {
  comboBody,
  comboChanged,
  productBody,
  productFieldErrors,
  productFormValues,
  type ProductForm,
} from './productForm';

const FORM_ID = 'product-form';

/** `product` undefined: closed; null: a new ticket type; a ticket type: editing it. */
export function ProductFormDrawer({
  site,
  product,
  onClose,
  onSaved,
}: {
  site: SiteView;
  product: ProductView | null | undefined;
  onClose: () => void;
  onSaved: (product: ProductView) => void;
}) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const client = useQueryClient();
  const [form] = Form.useForm<ProductForm>();
  const mutation = useMutation({
    mutationFn: (values: ProductForm) => {
      const body = productBody(values, site.timeZone);
      const comboParts = comboBody(values.comboParts);
      return product === null || product === undefined
        ? createProduct(site.id, { ...body, code: values.code.trim(), comboParts })
        : updateProduct(site.id, product.id, {
            ...body,
            active: values.active,
            // Sent only when changed, so saving other fields never touches the parts.
            ...(comboChanged(comboParts, product.comboParts) ? { comboParts } : {}),
          });
    },
    onSuccess: (saved) => {
      void client.invalidateQueries({ queryKey: siteQueryKey(site.id) });
      onSaved(saved);
    },
    onError: (error) => showOnField(form, error, productFieldErrors),
  });

  return (
    <Drawer
      open={product !== undefined}
      title={
        product === null
          ? t('catalog.products.createTitle')
          : t('catalog.products.editTitle', {
              name: product === undefined ? '' : localized(locale, product.nameZh, product.nameEn),
            })
      }
      size={720}
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
            data-testid="product-submit"
          >
            {t('common.save')}
          </Button>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
        </Space>
      }
    >
      {mutation.isError && !isFieldError(mutation.error, productFieldErrors) ? (
        <Alert
          type="error"
          showIcon
          role="alert"
          className="admit-form-alert"
          title={errorText(mutation.error, t)}
        />
      ) : null}
      {product === undefined ? null : (
        <Form<ProductForm>
          key={product?.id ?? 'new'}
          form={form}
          id={FORM_ID}
          layout="vertical"
          disabled={mutation.isPending}
          initialValues={productFormValues(product, site.timeZone)}
          onFinish={(values) => mutation.mutate(values)}
          onValuesChange={(changed: Partial<ProductForm>) => {
            // The parts are checked as a whole; once refused, re-check as they are corrected.
            if ('comboParts' in changed && form.getFieldError('comboParts').length > 0) {
              form.validateFields([['comboParts']]).catch(() => undefined);
            }
          }}
          scrollToFirstError
        >
          <ProductFields form={form} creating={product === null} />
          <ComboPartsFields form={form} site={site} />
          <button type="submit" hidden aria-hidden="true" tabIndex={-1} />
        </Form>
      )}
    </Drawer>
  );
}

function ProductFields({ form, creating }: { form: FormInstance<ProductForm>; creating: boolean }) {
  const { t } = useTranslation();
  const validityKind = Form.useWatch('validityKind', form);
  const entriesKind = Form.useWatch('entriesKind', form);
  const documentOptions = discountDocuments.map((value) => ({
    value,
    label: t(`catalog.documents.${value}`),
  }));

  return (
    <>
      <fieldset className="admit-fieldset">
        <legend>{t('catalog.products.sections.basics')}</legend>
        <Space wrap align="start" className="admit-form-pair">
          <Form.Item
            name="code"
            label={t('catalog.products.fields.code')}
            extra={creating ? t('catalog.form.codeHint') : undefined}
            rules={creating ? codeRules(t) : []}
          >
            <Input
              disabled={!creating}
              autoFocus={creating}
              autoComplete="off"
              spellCheck={false}
              maxLength={32}
            />
          </Form.Item>
          <Form.Item name="category" label={t('catalog.products.fields.category')}>
            <Select
              options={categoryOptions(t)}
              className="admit-select-medium"
              data-testid="product-category"
            />
          </Form.Item>
        </Space>
        <Space wrap align="start" className="admit-form-pair">
          <Form.Item
            name="nameZh"
            label={t('catalog.products.fields.nameZh')}
            rules={[{ required: true, whitespace: true, message: t('catalog.form.nameRequired') }]}
          >
            <Input lang="zh-CN" maxLength={60} autoFocus={!creating} />
          </Form.Item>
          <Form.Item
            name="nameEn"
            label={t('catalog.products.fields.nameEn')}
            rules={[{ required: true, whitespace: true, message: t('catalog.form.nameRequired') }]}
          >
            <Input lang="en" maxLength={100} />
          </Form.Item>
        </Space>
        <Space wrap align="start" className="admit-form-pair">
          <Form.Item name="descriptionZh" label={t('catalog.products.fields.descriptionZh')}>
            <Input.TextArea lang="zh-CN" maxLength={1000} rows={2} />
          </Form.Item>
          <Form.Item name="descriptionEn" label={t('catalog.products.fields.descriptionEn')}>
            <Input.TextArea lang="en" maxLength={1000} rows={2} />
          </Form.Item>
        </Space>
        <Space wrap align="start" className="admit-form-pair">
          <Form.Item
            name="listPrice"
            label={t('catalog.products.fields.listPrice')}
            extra={t('catalog.products.fields.listPriceHint')}
            rules={[yuanRule(t, { required: true })]}
          >
            <Input prefix="¥" inputMode="decimal" autoComplete="off" className="admit-input-money" />
          </Form.Item>
          <Form.Item name="sortOrder" label={t('catalog.products.fields.sortOrder')}>
            <InputNumber precision={0} />
          </Form.Item>
        </Space>
        {creating ? null : (
          <Form.Item name="active" label={t('catalog.products.fields.active')} valuePropName="checked">
            <Switch />
          </Form.Item>
        )}
      </fieldset>

      <fieldset className="admit-fieldset">
        <legend>{t('catalog.products.sections.eligibility')}</legend>
        <Space wrap align="start" className="admit-form-pair">
          <Form.Item name="eligibilityZh" label={t('catalog.products.fields.eligibilityZh')}>
            <Input.TextArea lang="zh-CN" maxLength={500} rows={2} />
          </Form.Item>
          <Form.Item name="eligibilityEn" label={t('catalog.products.fields.eligibilityEn')}>
            <Input.TextArea lang="en" maxLength={500} rows={2} />
          </Form.Item>
        </Space>
        <Form.Item
          name="requiredDocuments"
          label={t('catalog.products.fields.requiredDocuments')}
          extra={t('catalog.products.fields.requiredDocumentsHint')}
        >
          <Select mode="tags" options={documentOptions} maxCount={10} tokenSeparators={[',', '，']} />
        </Form.Item>
        <Space wrap align="start" className="admit-form-pair">
          <Form.Item
            name="minAge"
            label={t('catalog.products.fields.minAge')}
            extra={t('catalog.products.fields.ageHint')}
          >
            <InputNumber min={0} max={150} precision={0} data-testid="product-min-age" />
          </Form.Item>
          <Form.Item
            name="maxAge"
            label={t('catalog.products.fields.maxAge')}
            dependencies={['minAge']}
            rules={[
              ({ getFieldValue }) => ({
                validator: (_rule, value: number | null | undefined) => {
                  const min = getFieldValue('minAge') as number | null | undefined;
                  return typeof value !== 'number' || typeof min !== 'number' || value >= min
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('catalog.products.ageRangeInvalid')));
                },
              }),
            ]}
          >
            <InputNumber min={0} max={150} precision={0} data-testid="product-max-age" />
          </Form.Item>
        </Space>
        <Form.Item name="realName" label={t('catalog.products.fields.realName')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </fieldset>

      <fieldset className="admit-fieldset">
        <legend>{t('catalog.products.sections.use')}</legend>
        <Form.Item name="validityKind" label={t('catalog.products.fields.validity')}>
          <Radio.Group
            options={(['session', 'day', 'days', 'range'] as const).map((value) => ({
              value,
              label: t(`catalog.products.validity.${value}`),
            }))}
          />
        </Form.Item>
        {validityKind === 'days' ? (
          <Form.Item
            name="validityDays"
            label={t('catalog.products.fields.validityDays')}
            rules={[
              {
                required: true,
                type: 'integer',
                min: 1,
                max: 3660,
                message: t('catalog.products.validityDaysInvalid'),
              },
            ]}
          >
            <InputNumber min={1} max={3660} precision={0} />
          </Form.Item>
        ) : null}
        {validityKind === 'range' ? (
          <Space wrap align="start" className="admit-form-pair">
            <Form.Item
              name="validityFrom"
              label={t('catalog.products.fields.validityFrom')}
              rules={[{ required: true, message: t('catalog.form.dateRequired') }]}
            >
              <Input type="date" />
            </Form.Item>
            <Form.Item
              name="validityTo"
              label={t('catalog.products.fields.validityTo')}
              dependencies={['validityFrom']}
              rules={[
                { required: true, message: t('catalog.form.dateRequired') },
                notBefore(t, 'validityFrom', 'catalog.form.endBeforeStart'),
              ]}
            >
              <Input type="date" />
            </Form.Item>
          </Space>
        ) : null}
        <Form.Item name="entriesKind" label={t('catalog.products.fields.entries')}>
          <Radio.Group
            options={(['single', 'multi', 'unlimited'] as const).map((value) => ({
              value,
              label: t(`catalog.products.entries.${value}`),
            }))}
          />
        </Form.Item>
        {entriesKind === 'multi' ? (
          <Form.Item
            name="entriesCount"
            label={t('catalog.products.fields.entriesCount')}
            rules={[
              {
                required: true,
                type: 'integer',
                min: 2,
                max: 1000,
                message: t('catalog.products.entriesCountInvalid'),
              },
            ]}
          >
            <InputNumber min={2} max={1000} precision={0} />
          </Form.Item>
        ) : null}
        {entriesKind === 'unlimited' ? (
          <Form.Item
            name="entriesInterval"
            label={t('catalog.products.fields.entriesInterval')}
            rules={[{ required: true, type: 'integer', min: 0, message: t('catalog.form.numberRequired') }]}
          >
            <InputNumber min={0} precision={0} />
          </Form.Item>
        ) : null}
        <Form.Item
          name="countsTowardsDailyMax"
          label={t('catalog.products.fields.countsTowardsDailyMax')}
          extra={t('catalog.products.fields.countsTowardsDailyMaxHint')}
          valuePropName="checked"
        >
          <Switch />
        </Form.Item>
      </fieldset>

      <fieldset className="admit-fieldset">
        <legend>{t('catalog.products.sections.sales')}</legend>
        <Form.Item
          name="channels"
          label={t('catalog.products.fields.channels')}
          rules={[{ required: true, type: 'array', min: 1, message: t('catalog.products.channelsRequired') }]}
        >
          <Checkbox.Group options={channelOptions(t)} />
        </Form.Item>
        <Space wrap align="start" className="admit-form-pair">
          <Form.Item
            name="saleStartsAt"
            label={t('catalog.products.fields.saleStartsAt')}
            extra={t('catalog.products.fields.siteTimeHint')}
          >
            <Input type="datetime-local" />
          </Form.Item>
          <Form.Item
            name="saleEndsAt"
            label={t('catalog.products.fields.saleEndsAt')}
            dependencies={['saleStartsAt']}
            rules={[
              ({ getFieldValue }) => ({
                validator: (_rule, value: string | undefined) => {
                  const start = getFieldValue('saleStartsAt') as string | undefined;
                  return !value || !start || value > start
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('catalog.products.saleWindowInvalid')));
                },
              }),
            ]}
          >
            <Input type="datetime-local" />
          </Form.Item>
        </Space>
        <Space wrap align="start" className="admit-form-pair">
          <Form.Item
            name="releaseDaysAhead"
            label={t('catalog.products.fields.releaseDaysAhead')}
            extra={t('catalog.products.fields.releaseDaysAheadHint')}
          >
            <InputNumber min={0} max={366} precision={0} />
          </Form.Item>
          <Form.Item name="releaseTime" label={t('catalog.products.fields.releaseTime')}>
            <Input type="time" />
          </Form.Item>
        </Space>
        <Space wrap align="start" className="admit-form-pair">
          <Form.Item
            name="minPerOrder"
            label={t('catalog.products.fields.minPerOrder')}
            rules={[
              { required: true, type: 'integer', min: 1, message: t('catalog.products.minPerOrderInvalid') },
            ]}
          >
            <InputNumber min={1} max={10000} precision={0} />
          </Form.Item>
          <Form.Item
            name="maxPerOrder"
            label={t('catalog.products.fields.maxPerOrder')}
            dependencies={['minPerOrder']}
            rules={[
              { required: true, message: t('catalog.form.numberRequired') },
              ({ getFieldValue }) => ({
                validator: (_rule, value: number | null | undefined) => {
                  const min = getFieldValue('minPerOrder') as number | null | undefined;
                  return value === null ||
                    value === undefined ||
                    min === null ||
                    min === undefined ||
                    value >= min
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('catalog.products.maxBelowMin')));
                },
              }),
            ]}
          >
            <InputNumber min={1} max={10000} precision={0} />
          </Form.Item>
        </Space>
      </fieldset>

      <PolicyFields form={form} name="refund" legend={t('catalog.products.sections.refund')}>
        {/* Apart from the visitor's own refund: whether or not they may ask, the site refunds at expiry. */}
        <Form.Item
          name="autoRefundAtExpiry"
          valuePropName="checked"
          extra={t('shopAdmin.product.autoRefundHint')}
        >
          <Checkbox data-testid="product-auto-refund">{t('shopAdmin.product.autoRefund')}</Checkbox>
        </Form.Item>
      </PolicyFields>
      <PolicyFields form={form} name="rebook" legend={t('catalog.products.sections.rebook')} />
    </>
  );
}

function PolicyFields({
  form,
  name,
  legend,
  children,
}: {
  form: FormInstance<ProductForm>;
  name: 'refund' | 'rebook';
  legend: string;
  /** Further fields of the section, shown whether or not the policy allows it. */
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const allowed = Form.useWatch([name, 'allowed'], form);
  const feeKind = Form.useWatch([name, 'feeKind'], form);
  return (
    <fieldset className="admit-fieldset" data-testid={`policy-${name}`}>
      <legend>{legend}</legend>
      <Form.Item
        name={[name, 'allowed']}
        label={t(`catalog.products.policy.${name}Allowed`)}
        valuePropName="checked"
      >
        <Switch />
      </Form.Item>
      {allowed === true ? (
        <>
          <Form.Item
            name={[name, 'untilMinutes']}
            label={t('catalog.products.policy.untilMinutes')}
            extra={t('catalog.products.policy.untilMinutesHint')}
          >
            <InputNumber min={0} precision={0} placeholder={t('catalog.products.policy.untilStart')} />
          </Form.Item>
          <Form.Item name={[name, 'feeKind']} label={t('catalog.products.policy.fee')}>
            <Radio.Group
              options={(['none', 'percent', 'fixed'] as const).map((value) => ({
                value,
                label: t(`catalog.products.policy.feeKinds.${value}`),
              }))}
            />
          </Form.Item>
          {feeKind === 'percent' ? (
            <Form.Item
              name={[name, 'feePercent']}
              label={t('catalog.products.policy.feePercent')}
              rules={[
                {
                  required: true,
                  type: 'number',
                  min: 0,
                  max: 100,
                  message: t('catalog.products.policy.feePercentInvalid'),
                },
              ]}
            >
              <InputNumber min={0} max={100} precision={2} suffix="%" />
            </Form.Item>
          ) : null}
          {feeKind === 'fixed' ? (
            <Form.Item
              name={[name, 'feeAmount']}
              label={t('catalog.products.policy.feeAmount')}
              rules={[yuanRule(t, { required: true })]}
            >
              <Input prefix="¥" inputMode="decimal" autoComplete="off" className="admit-input-money" />
            </Form.Item>
          ) : null}
        </>
      ) : null}
      {children}
    </fieldset>
  );
}

/** A date field that may not be before another (both YYYY-MM-DD, so strings compare as dates). */
function notBefore(t: TFunction, other: string, messageKey: 'catalog.form.endBeforeStart'): FormRule {
  return ({ getFieldValue }) => ({
    validator: (_rule: unknown, value: string | undefined) => {
      const start = getFieldValue(other) as string | undefined;
      return !value || !start || value >= start
        ? Promise.resolve()
        : Promise.reject(new Error(t(messageKey)));
    },
  });
}
