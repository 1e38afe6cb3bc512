// Creating or editing a travel agency: code (fixed once created), name, contact and credit limit.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Drawer, Form, Input, Space, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  agenciesQueryKey,
  createAgency,
  salesQueryKey,
  updateAgency,
  type AgencyView,
} from '../../api/sales';
import { errorText } from '../../components/errorText';
import { codeRules } from '../catalog/codeRules';
import { toFen, yuanRule, yuanText } from '../catalog/money';
import { isFieldError, showOnField, type FieldErrorMap } from '../catalog/serverErrors';

type AgencyForm = {
  code: string;
  name: string;
  contactName: string;
  contactPhone: string;
  /** Yuan as typed. */
  creditLimit: string;
  active: boolean;
};

const FORM_ID = 'agency-form';
const fieldErrors: FieldErrorMap = { agency_code_taken: 'code' };

export function AgencyFormDrawer({
  siteId,
  agency,
  onClose,
  onSaved,
}: {
  siteId: string;
  /** undefined: closed; null: a new agency. */
  agency: AgencyView | null | undefined;
  onClose: () => void;
  onSaved: (agency: AgencyView) => void;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [form] = Form.useForm<AgencyForm>();
  const creating = agency === null;
  const mutation = useMutation({
    mutationFn: (values: AgencyForm) => {
      const body = {
        name: values.name.trim(),
        contactName: (values.contactName ?? '').trim(),
        contactPhone: (values.contactPhone ?? '').trim(),
        creditLimit: toFen(values.creditLimit),
      };
      return agency === null || agency === undefined
        ? createAgency(siteId, { ...body, code: values.code.trim() })
        : updateAgency(siteId, agency.id, { ...body, active: values.active });
    },
    onSuccess: (saved) => {
      void client.invalidateQueries({ queryKey: agenciesQueryKey(siteId) });
      void client.invalidateQueries({ queryKey: [...salesQueryKey, siteId, 'box-office'] });
      onSaved(saved);
    },
    onError: (error) => showOnField(form, error, fieldErrors),
  });

  return (
    <Drawer
      open={agency !== undefined}
      title={creating ? t('agencies.createTitle') : t('agencies.editTitle', { name: agency?.name ?? '' })}
      size={520}
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
            data-testid="agency-submit"
          >
            {t('common.save')}
          </Button>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
        </Space>
      }
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
      {agency === undefined ? null : (
        <Form<AgencyForm>
          key={agency?.id ?? 'new'}
          form={form}
          id={FORM_ID}
          layout="vertical"
          disabled={mutation.isPending}
          initialValues={{
            code: agency?.code ?? '',
            name: agency?.name ?? '',
            contactName: agency?.contactName ?? '',
            contactPhone: agency?.contactPhone ?? '',
            creditLimit: agency === null ? '0' : yuanText(agency.creditLimit),
            active: agency?.active ?? true,
          }}
          onFinish={(values) => mutation.mutate(values)}
        >
          <Form.Item
            name="code"
            label={t('agencies.fields.code')}
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
          <Form.Item
            name="name"
            label={t('agencies.fields.name')}
            rules={[{ required: true, whitespace: true, message: t('catalog.form.nameRequired') }]}
          >
            <Input maxLength={100} autoFocus={!creating} />
          </Form.Item>
          <Form.Item name="contactName" label={t('agencies.fields.contactName')}>
            <Input maxLength={60} autoComplete="off" />
          </Form.Item>
          <Form.Item name="contactPhone" label={t('agencies.fields.contactPhone')}>
            <Input maxLength={20} autoComplete="off" inputMode="tel" />
          </Form.Item>
          <Form.Item
            name="creditLimit"
            label={t('agencies.fields.creditLimit')}
            extra={t('agencies.creditLimitHint')}
            rules={[yuanRule(t, { required: false })]}
          >
            <Input prefix="¥" inputMode="decimal" autoComplete="off" className="admit-input-money" />
          </Form.Item>
          {creating ? null : (
            <Form.Item name="active" label={t('agencies.fields.active')} valuePropName="checked">
              <Switch />
            </Form.Item>
          )}
          <button type="submit" hidden aria-hidden="true" tabIndex={-1} />
        </Form>
      )}
    </Drawer>
  );
}
