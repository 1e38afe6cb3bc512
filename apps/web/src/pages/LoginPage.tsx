// Logging in: login name and password, Enter submits. The server's message says what went wrong (in
// the UI language); a locked account also says until when.
import type { MeResponse } from '@admit/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { login } from '../api/auth';
import { ApiError } from '../api/client';
import { pathWithNext, safeNextPath, NEXT_PARAM } from '../auth/redirect';
import { sessionEndReason, useMe, useSwitchUser } from '../auth/session';
import { LocaleSwitch } from '../components/LocaleSwitch';
import { errorText } from '../components/errorText';
import { formatDateTime } from '../format';
import { useLocale } from '../i18n/hooks';

type LoginForm = { loginName: string; password: string };

export function LoginPage() {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const [params] = useSearchParams();
  const next = safeNextPath(params.get(NEXT_PARAM));
  const navigate = useNavigate();
  const client = useQueryClient();
  const switchUser = useSwitchUser();
  const me = useMe();
  const [form] = Form.useForm<LoginForm>();
  // Read once: the notice belongs to the visit that followed the session's end.
  const [endReason] = useState(() => sessionEndReason(client));

  const mutation = useMutation({
    mutationFn: login,
    onSuccess: (user: MeResponse) => {
      switchUser(user);
      void navigate(user.mustChangePassword ? pathWithNext('/change-password', next) : next, {
        replace: true,
      });
    },
    onError: () => form.setFieldValue('password', ''),
  });

  // Already logged in (e.g. the back button): nothing to do here.
  if (me !== undefined && me !== null && !mutation.isPending && !mutation.isSuccess) {
    return <Navigate to={me.mustChangePassword ? pathWithNext('/change-password', next) : next} replace />;
  }

  return (
    <div className="admit-auth-page">
      <header className="admit-auth-header">
        <Link to="/" className="admit-auth-brand">
          {t('app.product')} <span className="admit-subtitle">{t('app.subtitle')}</span>
        </Link>
        <LocaleSwitch />
      </header>
      <main className="admit-auth-main">
        <Card className="admit-auth-card">
          <Typography.Title level={1} className="admit-auth-title">
            {t('auth.login.title')}
          </Typography.Title>
          <Typography.Paragraph type="secondary">{t('auth.login.intro')}</Typography.Paragraph>
          {mutation.isError ? (
            <Alert
              type="error"
              showIcon
              role="alert"
              data-testid="login-error"
              className="admit-form-alert"
              title={loginErrorText(mutation.error, t, locale)}
            />
          ) : endReason !== null ? (
            <Alert
              type="info"
              showIcon
              className="admit-form-alert"
              data-testid="session-ended"
              title={endReason === 'expired' ? t('auth.login.expired') : t('auth.login.loggedOut')}
            />
          ) : null}
          <Form<LoginForm>
            form={form}
            layout="vertical"
            requiredMark={false}
            disabled={mutation.isPending}
            onFinish={(values) =>
              mutation.mutate({ loginName: values.loginName.trim(), password: values.password })
            }
          >
            <Form.Item
              name="loginName"
              label={t('auth.login.loginName')}
              rules={[{ required: true, whitespace: true, message: t('auth.login.loginNameRequired') }]}
            >
              <Input autoFocus autoComplete="username" autoCapitalize="off" spellCheck={false} size="large" />
            </Form.Item>
            <Form.Item
              name="password"
              label={t('auth.login.password')}
              rules={[{ required: true, message: t('auth.login.passwordRequired') }]}
            >
              <Input.Password autoComplete="current-password" size="large" />
            </Form.Item>
            <Button type="primary" htmlType="submit" size="large" block loading={mutation.isPending}>
              {t('auth.login.submit')}
            </Button>
          </Form>
        </Card>
      </main>
    </div>
  );
}

function loginErrorText(error: unknown, t: TFunction, locale: 'zh-CN' | 'en'): string {
  const text = errorText(error, t);
  if (error instanceof ApiError && error.code === 'account_locked') {
    const until = lockedUntil(error.details);
    if (until !== undefined)
      return `${text} ${t('auth.login.lockedUntil', { time: formatDateTime(until, locale) })}`;
  }
  return text;
}

function lockedUntil(details: unknown): string | undefined {
  if (typeof details !== 'object' || details === null) return undefined;
  const value = (details as Record<string, unknown>)['lockedUntil'];
  return typeof value === 'string' ? value : undefined;
}
