// A supervisor approves at this counter with their own login and password — complimentary tickets
// (赠票), a refund or void above the limit — which travel with that one request only; the server
// checks them and the supervisor's permission.
import { Alert, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';

export type Approval = { loginName: string; password: string };

export function ApprovalModal({
  open,
  error,
  onApprove,
  onCancel,
  title,
  intro,
  submitText,
  pending = false,
}: {
  open: boolean;
  /** The server's message when the approval was refused. */
  error: string | null;
  onApprove: (approval: Approval) => void;
  onCancel: () => void;
  /** What is being approved; complimentary tickets unless said otherwise. */
  title?: string;
  intro?: string;
  submitText?: string;
  pending?: boolean;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Approval>();
  return (
    <Modal
      open={open}
      title={title ?? t('sell.approval.title')}
      okText={submitText ?? t('sell.approval.submit')}
      confirmLoading={pending}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onCancel}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'approval-submit' }}
    >
      <p>{intro ?? t('sell.approval.intro')}</p>
      {error === null ? null : (
        <Alert type="error" showIcon role="alert" title={error} className="admit-form-alert" />
      )}
      <Form<Approval>
        form={form}
        layout="vertical"
        onFinish={(values) => onApprove({ loginName: values.loginName.trim(), password: values.password })}
      >
        <Form.Item
          name="loginName"
          label={t('sell.approval.loginName')}
          rules={[{ required: true, whitespace: true, message: t('auth.login.loginNameRequired') }]}
        >
          <Input autoFocus autoComplete="off" data-testid="approval-login" />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('sell.approval.password')}
          rules={[{ required: true, message: t('auth.login.passwordRequired') }]}
        >
          <Input.Password autoComplete="off" data-testid="approval-password" />
        </Form.Item>
        <button type="submit" hidden aria-hidden="true" tabIndex={-1} />
      </Form>
    </Modal>
  );
}
