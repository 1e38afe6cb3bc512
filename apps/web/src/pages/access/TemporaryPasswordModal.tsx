// Shows a temporary password exactly once: the server keeps only its hash, and closing this dialog
// forgets it. The user must replace it at their first login.
import { Alert, Button, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

export type TemporaryPassword = {
  reason: 'created' | 'reset';
  loginName: string;
  displayName: string;
  password: string;
};

export function TemporaryPasswordModal({
  secret,
  onClose,
}: {
  secret: TemporaryPassword | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      open={secret !== null}
      title={secret?.reason === 'reset' ? t('users.temporary.resetTitle') : t('users.temporary.createdTitle')}
      onCancel={onClose}
      mask={{ closable: false }}
      destroyOnHidden
      footer={
        <Button type="primary" onClick={onClose} data-testid="temporary-password-done">
          {t('users.temporary.done')}
        </Button>
      }
    >
      {secret === null ? null : (
        <div data-testid="temporary-password-dialog">
          <Typography.Paragraph>
            {t('users.temporary.for', { name: secret.displayName, loginName: secret.loginName })}
          </Typography.Paragraph>
          <div className="admit-temporary-password">
            <Typography.Text
              code
              copyable={{ text: secret.password, tooltips: [t('common.copy'), t('common.copied')] }}
            >
              <span data-testid="temporary-password">{secret.password}</span>
            </Typography.Text>
          </div>
          <Alert
            type="warning"
            showIcon
            title={t('users.temporary.onceOnly')}
            description={t('users.temporary.mustChange')}
          />
        </div>
      )}
    </Modal>
  );
}
