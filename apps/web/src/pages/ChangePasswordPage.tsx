// Changing one's password: forced after a temporary password (then nothing else is reachable), or by
// choice from the header. The rules are checked live while typing; the server remains the authority and
// its refusals are shown beside the field they concern.
import { passwordProblems, passwordRules, type PasswordRule } from '@admit/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Card, Form, Input, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation, useNavigate, useSearchParams } from 'react-router';
import { changePassword } from '../api/auth';
import { ApiError } from '../api/client';
import { NEXT_PARAM, pathWithNext, safeNextPath } from '../auth/redirect';
import { replaceMe, useMe } from '../auth/session';
import { useLogout } from '../auth/useLogout';
import { LocaleSwitch } from '../components/LocaleSwitch';
import { errorText } from '../components/errorText';
import { LoadingScreen } from '../components/StatusScreens';

type ChangeForm = { currentPassword: string; newPassword: string; confirmPassword: string };

const CURRENT_FIELD_CODES = new Set(['current_password_incorrect']);
const NEW_FIELD_CODES = new Set<string>([...passwordRules, 'password_unchanged']);

export function ChangePasswordPage() {
  const { t } = useTranslation();
  const me = useMe();
  const location = useLocation();
  const [params] = useSearchParams();
  const next = safeNextPath(params.get(NEXT_PARAM));
  const navigate = useNavigate();
  const client = useQueryClient();
  const { message } = AntApp.useApp();
  const { logout, pending: loggingOut } = useLogout();
  const [form] = Form.useForm<ChangeForm>();
  const newPassword = Form.useWatch('newPassword', form) ?? '';

  const mutation = useMutation({
    mutationFn: changePassword,
    onSuccess: (user) => {
      replaceMe(client, user);
      void message.success(t('auth.changePassword.success'));
      void navigate(next, { replace: true });
    },
    onError: (error) => {
      if (!(error instanceof ApiError)) return;
      const field = CURRENT_FIELD_CODES.has(error.code)
        ? 'currentPassword'
        : NEW_FIELD_CODES.has(error.code)
          ? 'newPassword'
          : undefined;
      if (field !== undefined) form.setFields([{ name: field, errors: [error.message] }]);
    },
  });

  if (me === undefined) return <LoadingScreen />;
  if (me === null)
    return <Navigate to={pathWithNext('/login', `${location.pathname}${location.search}`)} replace />;

  const forced = me.mustChangePassword;
  const problems = new Set(passwordProblems(newPassword, { loginName: me.loginName }));
  const fieldError =
    mutation.error instanceof ApiError &&
    (CURRENT_FIELD_CODES.has(mutation.error.code) || NEW_FIELD_CODES.has(mutation.error.code));

  return (
    <div className="admit-auth-page">
      <header className="admit-auth-header">
        <span className="admit-auth-brand">
          {t('app.product')} <span className="admit-subtitle">{t('app.subtitle')}</span>
        </span>
        <Space wrap>
          <span data-testid="current-user">{me.displayName}</span>
          <LocaleSwitch />
          <Button onClick={logout} loading={loggingOut} data-testid="logout">
            {t('auth.logout')}
          </Button>
        </Space>
      </header>
      <main className="admit-auth-main">
        <Card className="admit-auth-card">
          <Typography.Title level={1} className="admit-auth-title">
            {forced ? t('auth.changePassword.forcedTitle') : t('auth.changePassword.title')}
          </Typography.Title>
          <Typography.Paragraph type="secondary">
            {forced ? t('auth.changePassword.forcedIntro') : t('auth.changePassword.intro')}
          </Typography.Paragraph>
          {mutation.isError && !fieldError ? (
            <Alert
              type="error"
              showIcon
              role="alert"
              className="admit-form-alert"
              title={errorText(mutation.error, t)}
            />
          ) : null}
          <Form<ChangeForm>
            form={form}
            layout="vertical"
            requiredMark={false}
            disabled={mutation.isPending}
            onFinish={(values) =>
              mutation.mutate({ currentPassword: values.currentPassword, newPassword: values.newPassword })
            }
          >
            <Form.Item
              name="currentPassword"
              label={forced ? t('auth.changePassword.currentTemporary') : t('auth.changePassword.current')}
              rules={[{ required: true, message: t('auth.changePassword.currentRequired') }]}
            >
              <Input.Password autoFocus autoComplete="current-password" />
            </Form.Item>
            <Form.Item
              name="newPassword"
              label={t('auth.changePassword.new')}
              rules={[{ required: true, message: t('auth.changePassword.newRequired') }]}
            >
              <Input.Password autoComplete="new-password" aria-describedby="password-rules" />
            </Form.Item>
            <PasswordChecklist problems={problems} typed={newPassword !== ''} />
            <Form.Item
              name="confirmPassword"
              label={t('auth.changePassword.confirm')}
              dependencies={['newPassword']}
              rules={[
                { required: true, message: t('auth.changePassword.confirmRequired') },
                ({ getFieldValue }) => ({
                  validator: (_rule, value: string | undefined) =>
                    value === undefined || value === '' || value === getFieldValue('newPassword')
                      ? Promise.resolve()
                      : Promise.reject(new Error(t('auth.changePassword.mismatch'))),
                }),
              ]}
            >
              <Input.Password autoComplete="new-password" />
            </Form.Item>
            <Space>
              <Button type="primary" htmlType="submit" loading={mutation.isPending}>
                {t('auth.changePassword.submit')}
              </Button>
              {forced ? null : <Link to={next}>{t('common.cancel')}</Link>}
            </Space>
          </Form>
        </Card>
      </main>
    </div>
  );
}

function PasswordChecklist({ problems, typed }: { problems: ReadonlySet<PasswordRule>; typed: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="admit-password-rules" id="password-rules">
      <Typography.Text strong>{t('auth.changePassword.rulesTitle')}</Typography.Text>
      <ul aria-live="polite">
        {passwordRules.map((rule) => {
          const met = typed && !problems.has(rule);
          return (
            <li
              key={rule}
              data-testid={`rule-${rule}`}
              data-met={met}
              className={met ? 'is-met' : 'is-unmet'}
            >
              <span aria-hidden="true" className="admit-rule-mark">
                {met ? '✓' : '○'}
              </span>{' '}
              {t(`auth.changePassword.rules.${rule}`)}
              <span className="admit-visually-hidden">
                {' '}
                ({met ? t('auth.changePassword.ruleMet') : t('auth.changePassword.ruleNotMet')})
              </span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
