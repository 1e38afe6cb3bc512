// Configuring a site's account at one provider: name, enabled, merchant id, the provider's settings
// (keys as monospace text areas) and its secrets, which are write-only — always empty here, the saved
// one's last characters as the placeholder, and left as they are when nothing is typed. The provider's
// adapter checks the whole on saving; what it refuses is shown next to the field it is about.
import { useIsMutating, useMutation } from '@tanstack/react-query';
import { Alert, Button, Drawer, Form, Input, Space, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { savePaymentAccount, type PaymentAccount, type PaymentProvider } from '../../api/payments';
import { errorText } from '../../components/errorText';
import {
  accountFields,
  accountInput,
  fieldName,
  fieldProblems,
  initialFormValues,
  ruleText,
  type AccountField,
  type AccountFormValues,
  type FieldGroup,
  type FieldProblem,
} from './accountFields';

const FORM_ID = 'payment-account-form';
const GROUPS: readonly FieldGroup[] = ['account', 'keys', 'advanced'];
const SAVE_KEY = ['payments', 'save-account'];

export function PaymentAccountDrawer({
  siteId,
  provider,
  account,
  onClose,
  onSaved,
}: {
  siteId: string;
  /** undefined: closed. */
  provider: PaymentProvider | undefined;
  /** The stored account, or undefined while the provider is not configured yet. */
  account: PaymentAccount | undefined;
  onClose: () => void;
  onSaved: (account: PaymentAccount) => void;
}) {
  const { t } = useTranslation();
  const saving = useIsMutating({ mutationKey: SAVE_KEY }) > 0;
  const providerName = provider === undefined ? '' : t(`payments.providers.${provider}`);
  return (
    <Drawer
      open={provider !== undefined}
      title={
        account === undefined
          ? t('payments.drawer.createTitle', { provider: providerName })
          : t('payments.drawer.editTitle', { provider: providerName })
      }
      size={640}
      onClose={onClose}
      destroyOnHidden
      footer={
        <Space>
          <Button type="primary" htmlType="submit" form={FORM_ID} loading={saving} data-testid="payment-save">
            {t('common.save')}
          </Button>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
        </Space>
      }
    >
      {provider === undefined ? null : (
        <AccountForm
          // A fresh form (and form store) for every opening: a secret typed before is never there again.
          key={`${provider}-${account?.id ?? 'new'}`}
          siteId={siteId}
          provider={provider}
          account={account}
          onSaved={onSaved}
        />
      )}
    </Drawer>
  );
}

function AccountForm({
  siteId,
  provider,
  account,
  onSaved,
}: {
  siteId: string;
  provider: PaymentProvider;
  account: PaymentAccount | undefined;
  onSaved: (account: PaymentAccount) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<AccountFormValues>();
  const problemText = ({ field, rule }: FieldProblem) =>
    t(`payments.rules.${ruleText(rule)}`, {
      format: field === null ? '' : t(`payments.fields.${field.text}.format`),
    });
  const mutation = useMutation({
    mutationKey: SAVE_KEY,
    mutationFn: (values: AccountFormValues) =>
      savePaymentAccount(siteId, provider, accountInput(provider, values, account)),
    onSuccess: (saved) => onSaved(saved),
    onError: (error) => {
      const problems = fieldProblems(provider, error);
      const [first] = problems;
      if (first === undefined) return;
      form.setFields(problems.map((problem) => ({ name: problem.name, errors: [problemText(problem)] })));
      // In a long drawer the field may be far from the save button: bring it into view, focused.
      form.scrollToField(first.name, { block: 'center', focus: true });
    },
  });
  const onField = fieldProblems(provider, mutation.error).length > 0;

  return (
    <div data-testid={`payment-form-${provider}`}>
      <Alert
        type="info"
        showIcon
        className="admit-form-alert"
        title={t(`payments.providerHelp.${provider}`)}
      />
      {mutation.isError && !onField ? (
        <Alert
          type="error"
          showIcon
          role="alert"
          className="admit-form-alert"
          title={errorText(mutation.error, t)}
          data-testid="payment-save-error"
        />
      ) : null}
      <Form<AccountFormValues>
        form={form}
        id={FORM_ID}
        layout="vertical"
        disabled={mutation.isPending}
        initialValues={initialFormValues(provider, account, t(`payments.providers.${provider}`))}
        onFinish={(values) => mutation.mutate(values)}
      >
        <Form.Item
          name="label"
          label={t('payments.drawer.label')}
          extra={t('payments.drawer.labelHint')}
          rules={[{ required: true, whitespace: true, message: t('payments.rules.required') }]}
        >
          <Input maxLength={60} autoFocus autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="enabled"
          label={t('payments.drawer.enabled')}
          extra={t('payments.drawer.enabledHint')}
          valuePropName="checked"
        >
          <Switch />
        </Form.Item>
        {GROUPS.map((group) => (
          <fieldset key={group} className="admit-fieldset">
            <legend>{t(`payments.drawer.groups.${group}`)}</legend>
            {group === 'keys' ? (
              <p className="admit-muted admit-small">{t('payments.drawer.writeOnly')}</p>
            ) : null}
            {accountFields[provider]
              .filter((field) => field.group === group)
              .map((field) => (
                <AccountFieldItem
                  key={field.key}
                  field={field}
                  hint={field.place === 'secrets' ? account?.secretHints[field.key] : undefined}
                />
              ))}
          </fieldset>
        ))}
        <button type="submit" hidden aria-hidden="true" tabIndex={-1} />
      </Form>
    </div>
  );
}

function AccountFieldItem({ field, hint }: { field: AccountField; hint: string | undefined }) {
  const { t } = useTranslation();
  const secret = field.place === 'secrets';
  // A stored secret need not be typed again; a missing one must be.
  const required = field.required && !(secret && hint !== undefined);
  const placeholder = hint === undefined ? undefined : t('payments.drawer.secretKept', { hint });
  const testId = `payment-field-${field.key}`;
  let input;
  if (field.input === 'pem' || field.input === 'json')
    input = (
      <Input.TextArea
        rows={field.input === 'pem' ? 6 : 4}
        className="admit-code-input"
        spellCheck={false}
        autoComplete="off"
        placeholder={placeholder ?? (field.input === 'pem' ? '-----BEGIN …-----' : '[]')}
        data-testid={testId}
      />
    );
  else if (field.input === 'secret')
    input = (
      <Input.Password
        autoComplete="new-password"
        spellCheck={false}
        placeholder={placeholder}
        data-testid={testId}
      />
    );
  else
    input = (
      <Input
        autoComplete="off"
        spellCheck={false}
        inputMode={field.input === 'number' ? 'numeric' : undefined}
        data-testid={testId}
      />
    );
  return (
    <Form.Item
      name={fieldName(field)}
      label={t(`payments.fields.${field.text}.label`)}
      extra={t(`payments.fields.${field.text}.help`)}
      rules={required ? [{ required: true, whitespace: true, message: t('payments.rules.required') }] : []}
    >
      {input}
    </Form.Item>
  );
}
