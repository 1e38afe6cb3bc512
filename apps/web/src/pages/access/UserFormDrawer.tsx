// Creating a user: login name, display name, phone and the role grants. On success the caller shows
// the temporary password.
import { loginNameSchema } from '@admit/contracts';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Drawer, Form, Input, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import type { RoleView, Site } from '../../api/roles';
import { createUser } from '../../api/users';
import { errorText } from '../../components/errorText';
import { GrantFields, toGrantInputs, type GrantFormValue } from './GrantFields';

type NewUserForm = { loginName: string; displayName: string; phone?: string; grants?: GrantFormValue[] };

export type CreatedUser = Awaited<ReturnType<typeof createUser>>;

export function UserFormDrawer({
  open,
  roles,
  sites,
  onClose,
  onCreated,
}: {
  open: boolean;
  roles: readonly RoleView[];
  sites: readonly Site[];
  onClose: () => void;
  onCreated: (created: CreatedUser) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<NewUserForm>();
  const mutation = useMutation({
    mutationFn: createUser,
    onSuccess: (created) => {
      form.resetFields();
      onCreated(created);
    },
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'login_name_taken') {
        form.setFields([{ name: 'loginName', errors: [error.message] }]);
      } else if (error instanceof ApiError && error.code === 'phone_invalid') {
        form.setFields([{ name: 'phone', errors: [error.message] }]);
      }
    },
  });
  const close = () => {
    form.resetFields();
    onClose();
  };
  const fieldError =
    mutation.error instanceof ApiError && ['login_name_taken', 'phone_invalid'].includes(mutation.error.code);

  return (
    <Drawer
      open={open}
      title={t('users.create.title')}
      size={520}
      onClose={close}
      destroyOnHidden
      afterOpenChange={(visible) => {
        if (!visible) mutation.reset();
      }}
      footer={
        <Space>
          <Button
            type="primary"
            onClick={() => form.submit()}
            loading={mutation.isPending}
            data-testid="create-user-submit"
          >
            {t('users.create.submit')}
          </Button>
          <Button onClick={close}>{t('common.cancel')}</Button>
        </Space>
      }
    >
      {mutation.isError && !fieldError ? (
        <Alert
          type="error"
          showIcon
          role="alert"
          className="admit-form-alert"
          title={errorText(mutation.error, t)}
        />
      ) : null}
      <Form<NewUserForm>
        form={form}
        layout="vertical"
        disabled={mutation.isPending}
        initialValues={{ grants: [] }}
        onFinish={(values) =>
          mutation.mutate({
            loginName: values.loginName.trim(),
            displayName: values.displayName.trim(),
            phone: values.phone?.trim() === '' ? undefined : values.phone?.trim(),
            grants: toGrantInputs(values.grants),
          })
        }
      >
        <Form.Item
          name="loginName"
          label={t('users.fields.loginName')}
          extra={t('users.create.loginNameHint')}
          rules={[
            { required: true, whitespace: true, message: t('users.create.loginNameRequired') },
            {
              validator: (_rule, value: string | undefined) =>
                value === undefined || value.trim() === '' || loginNameSchema.safeParse(value).success
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('users.create.loginNameInvalid'))),
            },
          ]}
        >
          <Input autoFocus autoComplete="off" autoCapitalize="off" spellCheck={false} />
        </Form.Item>
        <Form.Item
          name="displayName"
          label={t('users.fields.displayName')}
          rules={[{ required: true, whitespace: true, message: t('users.create.displayNameRequired') }]}
        >
          <Input autoComplete="off" maxLength={64} />
        </Form.Item>
        <Form.Item name="phone" label={t('users.fields.phone')} extra={t('users.create.phoneHint')}>
          <Input autoComplete="off" inputMode="tel" maxLength={32} />
        </Form.Item>
        <GrantFields roles={roles} sites={sites} />
        {/* Enter in a text field submits, as in every other form. */}
        <button type="submit" hidden aria-hidden="true" tabIndex={-1} />
      </Form>
    </Drawer>
  );
}
