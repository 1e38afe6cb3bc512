// Replacing a user's role grants. The server refuses grants beyond the administrator's own permissions
// and changes to one's own roles; its message is shown here.
import { useMutation } from '@tanstack/react-query';
import { Alert, Form, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import type { RoleView, Site } from '../../api/roles';
import { setUserGrants, type GrantInput, type UserSummary } from '../../api/users';
import { errorText } from '../../components/errorText';
import { GrantFields, toGrantFormValues, toGrantInputs, type GrantFormValue } from './GrantFields';

const FORM_ID = 'user-grants-form';

export function GrantsModal({
  user,
  roles,
  sites,
  onClose,
  onSaved,
}: {
  user: UserSummary | null;
  roles: readonly RoleView[];
  sites: readonly Site[];
  onClose: () => void;
  onSaved: (user: UserSummary) => void;
}) {
  const { t } = useTranslation();
  const mutation = useMutation({
    mutationFn: ({ id, grants }: { id: string; grants: GrantInput[] }) => setUserGrants(id, grants),
    onSuccess: onSaved,
  });
  return (
    <Modal
      open={user !== null}
      title={t('users.grants.modalTitle', {
        name: user?.displayName ?? '',
        loginName: user?.loginName ?? '',
      })}
      okText={t('common.save')}
      okButtonProps={{ htmlType: 'submit', form: FORM_ID }}
      onCancel={onClose}
      confirmLoading={mutation.isPending}
      width={640}
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
        <GrantsForm
          key={user.id}
          user={user}
          roles={roles}
          sites={sites}
          onSubmit={(grants) => mutation.mutate({ id: user.id, grants })}
        />
      )}
    </Modal>
  );
}

function GrantsForm({
  user,
  roles,
  sites,
  onSubmit,
}: {
  user: UserSummary;
  roles: readonly RoleView[];
  sites: readonly Site[];
  onSubmit: (grants: GrantInput[]) => void;
}) {
  const [form] = Form.useForm<{ grants?: GrantFormValue[] }>();
  return (
    <Form
      form={form}
      id={FORM_ID}
      layout="vertical"
      initialValues={{ grants: toGrantFormValues(user.roles) }}
      onFinish={(values) => onSubmit(toGrantInputs(values.grants))}
    >
      <GrantFields roles={roles} sites={sites} />
    </Form>
  );
}
