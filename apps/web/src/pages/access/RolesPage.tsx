// Roles and what they allow, as a matrix. Built-in roles follow the product version and are read-only;
// holders of roles.manage create, edit and delete custom ones.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App as AntApp, Button, Space, Spin, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  deleteRole,
  permissionCatalogueQuery,
  rolesQuery,
  rolesQueryKey,
  type RoleView,
} from '../../api/roles';
import { usersQueryKey } from '../../api/users';
import { hasPermission, useMe } from '../../auth/session';
import { errorText } from '../../components/errorText';
import { localized } from '../../format';
import { useLocale } from '../../i18n/hooks';
import { RoleFormDrawer } from './RoleFormDrawer';
import { RoleMatrix } from './RoleMatrix';

export function RolesPage() {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const me = useMe();
  const client = useQueryClient();
  const { message, modal } = AntApp.useApp();
  const canManage = hasPermission(me, 'roles.manage');
  const catalogue = useQuery(permissionCatalogueQuery);
  const roles = useQuery(rolesQuery);
  const [editing, setEditing] = useState<RoleView | null | undefined>(undefined);

  const remove = useMutation({
    mutationFn: (role: RoleView) => deleteRole(role.id),
    onSuccess: (_nothing, role) => {
      void message.success(t('roles.deleted', { name: localized(locale, role.nameZh, role.nameEn) }));
      void client.invalidateQueries({ queryKey: rolesQueryKey });
    },
    onError: (error) => void message.error(errorText(error, t)),
  });

  if (catalogue.isPending || roles.isPending) {
    return (
      <Spin description={t('common.loading')}>
        <div className="admit-spin-placeholder" />
      </Spin>
    );
  }
  if (catalogue.isError || roles.isError) {
    return (
      <Typography.Paragraph type="danger" role="alert">
        {errorText(catalogue.error ?? roles.error, t)}{' '}
        <Button
          size="small"
          onClick={() => {
            void catalogue.refetch();
            void roles.refetch();
          }}
        >
          {t('common.retry')}
        </Button>
      </Typography.Paragraph>
    );
  }

  const roleActions = (role: RoleView) => {
    if (!canManage || role.builtIn) return null;
    const name = localized(locale, role.nameZh, role.nameEn);
    return (
      <Space size={0} className="admit-matrix-actions">
        <Button
          size="small"
          type="link"
          onClick={() => setEditing(role)}
          aria-label={t('roles.editOf', { name })}
        >
          {t('roles.edit')}
        </Button>
        <Button
          size="small"
          type="link"
          danger
          aria-label={t('roles.deleteOf', { name })}
          onClick={() => {
            modal.confirm({
              title: t('roles.deleteConfirm', { name }),
              content: role.userCount > 0 ? t('roles.deleteInUse', { n: role.userCount }) : null,
              okButtonProps: { danger: true },
              okText: t('common.delete'),
              cancelText: t('common.cancel'),
              onOk: () => remove.mutate(role),
            });
          }}
        >
          {t('common.delete')}
        </Button>
      </Space>
    );
  };

  return (
    <section aria-label={t('roles.tab')}>
      <div className="admit-toolbar">
        <Typography.Paragraph type="secondary" className="admit-toolbar-text">
          {t('roles.intro')}
        </Typography.Paragraph>
        {canManage ? (
          <Button type="primary" onClick={() => setEditing(null)} data-testid="new-role">
            {t('roles.create')}
          </Button>
        ) : null}
      </div>
      <RoleMatrix catalogue={catalogue.data} roles={roles.data} roleActions={roleActions} />
      <RoleFormDrawer
        role={editing}
        catalogue={catalogue.data}
        onClose={() => setEditing(undefined)}
        onSaved={(role) => {
          setEditing(undefined);
          void message.success(t('roles.saved', { name: localized(locale, role.nameZh, role.nameEn) }));
          void client.invalidateQueries({ queryKey: rolesQueryKey });
          void client.invalidateQueries({ queryKey: usersQueryKey });
        }}
      />
    </section>
  );
}
