// The users of this installation: who they are, their roles per site, whether they can log in, and the
// administrator's actions on them (each shown only with the permission it needs).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App as AntApp,
  Button,
  Input,
  Segmented,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { rolesQuery, sitesQuery, type Site } from '../../api/roles';
import {
  disableUser,
  enableUser,
  resetPassword,
  revealPhone,
  unlockUser,
  usersQuery,
  usersQueryKey,
  type UserSummary,
} from '../../api/users';
import { hasPermission, useMe } from '../../auth/session';
import { errorText } from '../../components/errorText';
import { formatDateTime, localized } from '../../format';
import { useLocale } from '../../i18n/hooks';
import { EditUserModal } from './EditUserModal';
import { GrantsModal } from './GrantsModal';
import { TemporaryPasswordModal, type TemporaryPassword } from './TemporaryPasswordModal';
import { UserFormDrawer } from './UserFormDrawer';

type StatusFilter = 'all' | 'active' | 'disabled';

export function UsersPage() {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const me = useMe();
  const client = useQueryClient();
  const { message, modal } = AntApp.useApp();
  const canManage = hasPermission(me, 'users.manage');
  const canSeePhones = hasPermission(me, 'pii.read');

  const [search, setSearch] = useState('');
  const [status, setStatus] = useState<StatusFilter>('all');
  const users = useQuery(
    usersQuery({ q: search === '' ? undefined : search, status: status === 'all' ? undefined : status }),
  );
  const roles = useQuery(rolesQuery);
  const sites = useQuery(sitesQuery);

  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<UserSummary | null>(null);
  const [granting, setGranting] = useState<UserSummary | null>(null);
  const [secret, setSecret] = useState<TemporaryPassword | null>(null);
  const [phones, setPhones] = useState<Record<string, string | null>>({});

  const refresh = () => void client.invalidateQueries({ queryKey: usersQueryKey });
  const fail = (error: unknown) => void message.error(errorText(error, t));

  const action = useMutation({
    mutationFn: ({ kind, user }: { kind: 'disable' | 'enable' | 'unlock'; user: UserSummary }) =>
      kind === 'disable'
        ? disableUser(user.id)
        : kind === 'enable'
          ? enableUser(user.id)
          : unlockUser(user.id),
    onSuccess: (user, { kind }) => {
      void message.success(t(`users.actions.${kind}Done`, { name: user.displayName }));
      refresh();
    },
    onError: fail,
  });
  const reset = useMutation({
    mutationFn: (user: UserSummary) => resetPassword(user.id),
    onSuccess: ({ temporaryPassword }, user) => {
      setSecret({
        reason: 'reset',
        loginName: user.loginName,
        displayName: user.displayName,
        password: temporaryPassword,
      });
      refresh();
    },
    onError: fail,
  });
  const reveal = useMutation({
    mutationFn: (user: UserSummary) => revealPhone(user.id),
    onSuccess: (phone, user) => setPhones((shown) => ({ ...shown, [user.id]: phone })),
    onError: fail,
  });

  const confirm = (title: string, content: ReactNode, onOk: () => void, danger = false): void => {
    modal.confirm({
      title,
      content,
      onOk,
      okButtonProps: { danger },
      okText: t('common.confirm'),
      cancelText: t('common.cancel'),
    });
  };

  const siteNames = useMemo(
    () => new Map((sites.data ?? []).map((site: Site) => [site.id, site])),
    [sites.data],
  );
  const siteName = (siteId: string | null) => {
    if (siteId === null) return t('common.allSites');
    const site = siteNames.get(siteId);
    return site === undefined ? siteId : localized(locale, site.nameZh, site.nameEn);
  };

  // Lock state as of the list's fetch time (a lock that ends meanwhile shows until the next refresh).
  const now = users.dataUpdatedAt;
  const columns: TableColumnsType<UserSummary> = [
    {
      key: 'loginName',
      className: 'admit-nowrap',
      title: t('users.fields.loginName'),
      dataIndex: 'loginName',
      render: (loginName: string, user) => (
        <span data-testid={`user-${loginName}`}>
          {loginName}
          {user.id === me?.id ? <Tag className="admit-inline-tag">{t('users.you')}</Tag> : null}
        </span>
      ),
    },
    {
      key: 'displayName',
      title: t('users.fields.displayName'),
      dataIndex: 'displayName',
      className: 'admit-nowrap',
    },
    {
      key: 'phone',
      className: 'admit-nowrap',
      title: t('users.fields.phone'),
      render: (_value, user) => {
        if (user.phone === null) return <span className="admit-muted">—</span>;
        const full = phones[user.id];
        if (full !== undefined) return <span data-testid={`phone-${user.loginName}`}>{full ?? '—'}</span>;
        return (
          <Space size={4}>
            <span data-testid={`phone-${user.loginName}`}>{user.phone}</span>
            {canSeePhones ? (
              <Tooltip title={t('users.phone.revealHint')}>
                <Button
                  size="small"
                  type="link"
                  onClick={() => reveal.mutate(user)}
                  aria-label={t('users.phone.revealOf', { name: user.displayName })}
                >
                  {t('users.phone.reveal')}
                </Button>
              </Tooltip>
            ) : null}
          </Space>
        );
      },
    },
    {
      key: 'roles',
      title: t('users.fields.roles'),
      width: 280,
      render: (_value, user) =>
        user.roles.length === 0 ? (
          <span className="admit-muted">{t('users.noRoles')}</span>
        ) : (
          <Space size={[4, 4]} wrap>
            {user.roles.map((role) => (
              <Tag key={`${role.roleId}/${role.siteId ?? ''}`}>
                {localized(locale, role.roleNameZh, role.roleNameEn)} · {siteName(role.siteId)}
              </Tag>
            ))}
          </Space>
        ),
    },
    {
      key: 'status',
      title: t('users.fields.status'),
      render: (_value, user) => (
        <Space size={[4, 4]} wrap>
          {user.status === 'active' ? (
            <Tag color="green">{t('users.status.active')}</Tag>
          ) : (
            <Tag>{t('users.status.disabled')}</Tag>
          )}
          {user.mustChangePassword ? <Tag color="gold">{t('users.status.mustChangePassword')}</Tag> : null}
        </Space>
      ),
    },
    {
      key: 'locked',
      className: 'admit-nowrap',
      title: t('users.fields.locked'),
      render: (_value, user) =>
        isLocked(user, now) ? (
          <Tag color="red">
            {t('users.lockedUntil', { time: formatDateTime(user.lockedUntil, locale, 'short') })}
          </Tag>
        ) : (
          <span className="admit-muted">{t('users.notLocked')}</span>
        ),
    },
    {
      key: 'lastLogin',
      className: 'admit-nowrap',
      title: t('users.fields.lastLogin'),
      render: (_value, user) =>
        user.lastLoginAt === null ? (
          <span className="admit-muted">{t('users.neverLoggedIn')}</span>
        ) : (
          formatDateTime(user.lastLoginAt, locale, 'short')
        ),
    },
  ];

  if (canManage) {
    columns.push({
      key: 'actions',
      title: t('common.actions'),
      render: (_value, user) => {
        const self = user.id === me?.id;
        const name = user.displayName;
        return (
          <Space size={0} wrap className="admit-row-actions">
            <Button
              size="small"
              type="link"
              onClick={() => setEditing(user)}
              aria-label={t('users.actions.editOf', { name })}
            >
              {t('users.actions.edit')}
            </Button>
            <Tooltip title={self ? t('users.actions.ownRoles') : undefined}>
              <Button
                size="small"
                type="link"
                disabled={self}
                onClick={() => setGranting(user)}
                aria-label={t('users.actions.grantsOf', { name })}
              >
                {t('users.actions.grants')}
              </Button>
            </Tooltip>
            <Button
              size="small"
              type="link"
              aria-label={t('users.actions.resetOf', { name })}
              onClick={() =>
                confirm(t('users.actions.resetConfirm', { name }), t('users.actions.resetConfirmHint'), () =>
                  reset.mutate(user),
                )
              }
            >
              {t('users.actions.reset')}
            </Button>
            {user.status === 'active' ? (
              <Button
                size="small"
                type="link"
                danger
                disabled={self}
                aria-label={t('users.actions.disableOf', { name })}
                onClick={() =>
                  confirm(
                    t('users.actions.disableConfirm', { name }),
                    t('users.actions.disableConfirmHint'),
                    () => action.mutate({ kind: 'disable', user }),
                    true,
                  )
                }
              >
                {t('users.actions.disable')}
              </Button>
            ) : (
              <Button
                size="small"
                type="link"
                aria-label={t('users.actions.enableOf', { name })}
                onClick={() =>
                  confirm(t('users.actions.enableConfirm', { name }), null, () =>
                    action.mutate({ kind: 'enable', user }),
                  )
                }
              >
                {t('users.actions.enable')}
              </Button>
            )}
            {isLocked(user, now) ? (
              <Button
                size="small"
                type="link"
                aria-label={t('users.actions.unlockOf', { name })}
                onClick={() => action.mutate({ kind: 'unlock', user })}
              >
                {t('users.actions.unlock')}
              </Button>
            ) : null}
          </Space>
        );
      },
    });
  }

  return (
    <section aria-label={t('users.tab')}>
      <div className="admit-toolbar">
        <Space wrap>
          <Input.Search
            allowClear
            placeholder={t('users.searchPlaceholder')}
            aria-label={t('users.search')}
            onSearch={(value) => setSearch(value.trim())}
            className="admit-search"
            data-testid="user-search"
          />
          <Segmented<StatusFilter>
            value={status}
            onChange={setStatus}
            options={[
              { value: 'all', label: t('users.filter.all') },
              { value: 'active', label: t('users.filter.active') },
              { value: 'disabled', label: t('users.filter.disabled') },
            ]}
            aria-label={t('users.filter.label')}
          />
        </Space>
        {canManage ? (
          <Button type="primary" onClick={() => setCreating(true)} data-testid="new-user">
            {t('users.create.button')}
          </Button>
        ) : null}
      </div>
      {users.isError ? (
        <Typography.Paragraph type="danger" role="alert">
          {errorText(users.error, t)}{' '}
          <Button size="small" onClick={() => void users.refetch()}>
            {t('common.retry')}
          </Button>
        </Typography.Paragraph>
      ) : null}
      <Table<UserSummary>
        rowKey="id"
        columns={columns}
        dataSource={users.data ?? []}
        loading={users.isPending}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        // Wraps within the page; scrolls sideways only on narrow screens.
        scroll={{ x: 1000 }}
        data-testid="users-table"
      />
      <UserFormDrawer
        open={creating}
        roles={roles.data ?? []}
        sites={sites.data ?? []}
        onClose={() => setCreating(false)}
        onCreated={({ user, temporaryPassword }) => {
          setCreating(false);
          setSecret({
            reason: 'created',
            loginName: user.loginName,
            displayName: user.displayName,
            password: temporaryPassword,
          });
          refresh();
        }}
      />
      <EditUserModal
        user={editing}
        onClose={() => setEditing(null)}
        onSaved={(user) => {
          setEditing(null);
          void message.success(t('users.edit.saved', { name: user.displayName }));
          setPhones(({ [user.id]: _dropped, ...rest }) => rest);
          refresh();
        }}
      />
      <GrantsModal
        user={granting}
        roles={roles.data ?? []}
        sites={sites.data ?? []}
        onClose={() => setGranting(null)}
        onSaved={(user) => {
          setGranting(null);
          void message.success(t('users.grants.saved', { name: user.displayName }));
          refresh();
        }}
      />
      <TemporaryPasswordModal secret={secret} onClose={() => setSecret(null)} />
    </section>
  );
}

function isLocked(user: UserSummary, now: number): boolean {
  return user.lockedUntil !== null && new Date(user.lockedUntil).getTime() > now;
}
