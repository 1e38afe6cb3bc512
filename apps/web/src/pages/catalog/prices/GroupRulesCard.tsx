// Group rules (团队票): from a minimum quantity of a ticket type in one order, each costs the group
// price, and a number of tour guides in the same order go free. One rule per ticket type.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Table,
  type TableColumnsType,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  groupRulesQuery,
  setGroupRule,
  siteQueryKey,
  type GroupRuleView,
  type ProductView,
  type SiteView,
} from '../../../api/catalog';
import { errorText } from '../../../components/errorText';
import { formatFen, localized } from '../../../format';
import { useLocale } from '../../../i18n/hooks';
import { toFen, yuanRule, yuanText } from '../money';
import { LoadError } from '../QueryStates';
import { isFieldError, showOnField, type FieldErrorMap } from '../serverErrors';

type GroupForm = {
  productId: string;
  minQuantity: number;
  price: string;
  guideProductId: string | null;
  freeGuidePlaces: number;
};

const FORM_ID = 'group-rule-form';
const fieldErrors: FieldErrorMap = { price_negative: 'price' };

export function GroupRulesCard({
  site,
  products,
  canWrite,
}: {
  site: SiteView;
  products: ProductView[];
  canWrite: boolean;
}) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { message } = AntApp.useApp();
  const rules = useQuery(groupRulesQuery(site.id));
  // undefined: closed; null: a new rule; a rule: editing it.
  const [editing, setEditing] = useState<GroupRuleView | null | undefined>(undefined);
  const names = new Map(
    products.map((product) => [product.id, localized(locale, product.nameZh, product.nameEn)]),
  );
  const nameOf = (id: string | null) => (id === null ? '—' : (names.get(id) ?? id));

  const columns: TableColumnsType<GroupRuleView> = [
    { key: 'product', title: t('catalog.group.product'), render: (_value, rule) => nameOf(rule.productId) },
    { key: 'min', title: t('catalog.group.minQuantity'), align: 'right', dataIndex: 'minQuantity' },
    {
      key: 'price',
      title: t('catalog.group.price'),
      align: 'right',
      render: (_value, rule) => formatFen(rule.price),
    },
    { key: 'guide', title: t('catalog.group.guide'), render: (_value, rule) => nameOf(rule.guideProductId) },
    { key: 'free', title: t('catalog.group.freeGuidePlaces'), align: 'right', dataIndex: 'freeGuidePlaces' },
  ];
  if (canWrite) {
    columns.push({
      key: 'actions',
      title: t('common.actions'),
      render: (_value, rule) => (
        <Button
          size="small"
          type="link"
          onClick={() => setEditing(rule)}
          aria-label={t('catalog.form.editOf', { name: nameOf(rule.productId) })}
        >
          {t('catalog.form.edit')}
        </Button>
      ),
    });
  }

  return (
    <Card
      title={<h2 className="admit-card-heading">{t('catalog.group.title')}</h2>}
      extra={
        canWrite ? (
          <Button onClick={() => setEditing(null)} data-testid="new-group-rule">
            {t('catalog.group.new')}
          </Button>
        ) : null
      }
    >
      <p className="admit-muted">{t('catalog.group.hint')}</p>
      {rules.isError ? <LoadError error={rules.error} onRetry={() => void rules.refetch()} /> : null}
      <Table<GroupRuleView>
        rowKey="id"
        columns={columns}
        dataSource={rules.data ?? []}
        loading={rules.isPending}
        pagination={false}
        data-testid="group-rules-table"
      />
      <GroupRuleModal
        site={site}
        products={products}
        rule={editing}
        onClose={() => setEditing(undefined)}
        onSaved={(rule) => {
          setEditing(undefined);
          void message.success(t('catalog.form.saved', { name: nameOf(rule.productId) }));
        }}
      />
    </Card>
  );
}

function GroupRuleModal({
  site,
  products,
  rule,
  onClose,
  onSaved,
}: {
  site: SiteView;
  products: ProductView[];
  rule: GroupRuleView | null | undefined;
  onClose: () => void;
  onSaved: (rule: GroupRuleView) => void;
}) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const client = useQueryClient();
  const [form] = Form.useForm<GroupForm>();
  const mutation = useMutation({
    mutationFn: (values: GroupForm) =>
      setGroupRule(site.id, {
        productId: values.productId,
        minQuantity: values.minQuantity,
        price: toFen(values.price),
        guideProductId: values.guideProductId ?? null,
        freeGuidePlaces: values.guideProductId ? values.freeGuidePlaces : 0,
      }),
    onSuccess: (saved) => {
      void client.invalidateQueries({ queryKey: siteQueryKey(site.id) });
      onSaved(saved);
    },
    onError: (error) => showOnField(form, error, fieldErrors),
  });
  const options = products.map((product) => ({
    value: product.id,
    label: localized(locale, product.nameZh, product.nameEn),
  }));
  const groupProduct = products.find((product) => product.category === 'group') ??
    products[0] ?? { id: undefined };

  return (
    <Modal
      open={rule !== undefined}
      title={t('catalog.group.title')}
      onCancel={onClose}
      destroyOnHidden
      afterOpenChange={(visible) => {
        if (!visible) mutation.reset();
      }}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ htmlType: 'submit', form: FORM_ID, loading: mutation.isPending }}
      onOk={() => undefined}
    >
      {mutation.isError && !isFieldError(mutation.error, fieldErrors) ? (
        <Alert
          type="error"
          showIcon
          role="alert"
          className="admit-form-alert"
          title={errorText(mutation.error, t)}
        />
      ) : null}
      {rule === undefined ? null : (
        <Form<GroupForm>
          key={rule?.id ?? 'new'}
          form={form}
          id={FORM_ID}
          layout="vertical"
          disabled={mutation.isPending}
          initialValues={{
            productId: rule?.productId ?? groupProduct.id,
            minQuantity: rule?.minQuantity ?? 10,
            price: yuanText(rule?.price),
            guideProductId: rule?.guideProductId ?? null,
            freeGuidePlaces: rule?.freeGuidePlaces ?? 0,
          }}
          onFinish={(values) => mutation.mutate(values)}
        >
          <Form.Item
            name="productId"
            label={t('catalog.group.product')}
            extra={t('catalog.group.productHint')}
            rules={[{ required: true, message: t('catalog.prices.productRequired') }]}
          >
            <Select options={options} disabled={rule !== null} showSearch={{ optionFilterProp: 'label' }} />
          </Form.Item>
          <Form.Item
            name="minQuantity"
            label={t('catalog.group.minQuantity')}
            rules={[
              { required: true, type: 'integer', min: 2, max: 10000, message: t('catalog.group.minInvalid') },
            ]}
          >
            <InputNumber min={2} max={10000} precision={0} autoFocus />
          </Form.Item>
          <Form.Item name="price" label={t('catalog.group.price')} rules={[yuanRule(t, { required: true })]}>
            <Input prefix="¥" inputMode="decimal" autoComplete="off" className="admit-input-money" />
          </Form.Item>
          <Form.Item name="guideProductId" label={t('catalog.group.guide')}>
            <Select
              allowClear
              options={options}
              placeholder={t('catalog.group.noGuide')}
              showSearch={{ optionFilterProp: 'label' }}
            />
          </Form.Item>
          <Form.Item
            name="freeGuidePlaces"
            label={t('catalog.group.freeGuidePlaces')}
            rules={[{ type: 'integer', min: 0, max: 100 }]}
          >
            <InputNumber min={0} max={100} precision={0} />
          </Form.Item>
          <button type="submit" hidden aria-hidden="true" tabIndex={-1} />
        </Form>
      )}
    </Modal>
  );
}
