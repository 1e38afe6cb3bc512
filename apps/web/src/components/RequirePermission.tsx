// A page the user's roles do not cover says so, instead of failing request by request. The server
// checks every call anyway; this only spares the user a broken screen.
import { Result } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../auth/session';

export function RequirePermission({ anyOf, children }: { anyOf: readonly string[]; children: ReactNode }) {
  const { t } = useTranslation();
  const me = useMe();
  const allowed = anyOf.length === 0 || anyOf.some((permission) => me?.permissions.includes(permission));
  if (allowed) return children;
  return (
    <Result
      status="403"
      title={<h1 className="admit-result-title">{t('shell.forbidden.title')}</h1>}
      subTitle={t('shell.forbidden.description')}
    />
  );
}
