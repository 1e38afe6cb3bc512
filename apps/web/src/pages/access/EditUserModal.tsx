// Changing a user's display name and phone number.
import { useMutation } from '@tanstack/react-query';
import { Alert, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { updateUser, type UserSummary } from '../../api/users';
import { errorText } from '../../components/errorText';

type EditForm = { displayName: string; phone?: string };

const FORM_ID = 'edit-user-form';

export function EditUserModal({
  user,
  onClose,
  onSaved,
}: {
  user: UserSummary | null;
  onClose: () => void;
  onSaved: (user: UserSummary) => void;
}) {
  const { t } = useTranslation();
  const mutation = useMutation({
    mutationFn: ({ id, body }: { id: string; body: Parameters<typeof updateUser>[1] }) =>
      updateUser(id, body),
    onSuccess: onSaved,
  });
  return (
    <Modal
      open={user !== null}
      title={t('users.edit.title', { loginName: user?.loginName ?? '' })}
      okText={t('common.save')}
      // The OK button submits the form below by its id, so Enter in a field and the button do the same.
      okButtonProps={{ htmlType: 'submit', form: FORM_ID }}
      onCancel={onClose}
      confirmLoading={mutation.isPending}
      destroyOnHidden
      afterOpenChange={(visible) => {
        if (!visible) mutation.reset();
      }}
    >
      {mutation.isError ? (
        <Alert
          type="error"
          showIcon
          role="alert"
          className="admit-form-alert"
          title={errorText(mutation.error, t)}
        />
      ) : null}
      {user === null ? null : (
        // A fresh form (and form instance) per user: nothing typed for one shows up for the next.
        <EditUserForm key={user.id} user={user} onSubmit={(body) => mutation.mutate({ id: user.id, body })} />
      )}
    </Modal>
  );
}

function EditUserForm({
  user,
  onSubmit,
}: {
  user: UserSummary;
  onSubmit: (body: { displayName: string; phone?: string }) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<EditForm>();
  return (
    <Form<EditForm>
      form={form}
      id={FORM_ID}
      layout="vertical"
      initialValues={{ displayName: user.displayName }}
      onFinish={(values) => {
        const phone = values.phone?.trim() ?? '';
        onSubmit({ displayName: values.displayName.trim(), ...(phone === '' ? {} : { phone }) });
      }}
    >
      <Form.Item
        name="displayName"
        label={t('users.fields.displayName')}
        rules={[{ required: true, whitespace: true, message: t('users.create.displayNameRequired') }]}
      >
        <Input autoFocus maxLength={64} />
      </Form.Item>
      <Form.Item
        name="phone"
        label={t('users.fields.phone')}
        extra={
          user.phone === null ? t('users.edit.phoneNone') : t('users.edit.phoneKeep', { phone: user.phone })
        }
      >
        <Input inputMode="tel" maxLength={32} autoComplete="off" />
      </Form.Item>
    </Form>
  );
}
