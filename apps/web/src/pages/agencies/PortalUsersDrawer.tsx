// An agency's portal users (门户账号): the logins linked to the agency, who book its tour groups in 团队预订
// and see only its groups. Whoever manages users links an existing login (chosen from the users list by
// login or display name; one linked to another agency moves here) and removes one after a confirmation.
// From the keyboard: the user field has the focus on opening, Enter picks the highlighted login and a
// second Enter links it, Esc closes.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App as AntApp,
  Button,
  Drawer,
  Form,
  Select,
  Table,
  Tag,
  type RefSelectProps,
  type TableColumnsType,
} from 'antd';
import { useRef, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { AgencyView } from '../../api/sales';
import { usersQuery } from '../../api/users';
import { errorText } from '../../components/errorText';
import { formatDateTime } from '../../format';
import { useLocale } from '../../i18n/hooks';
import { LoadError } from '../catalog/QueryStates';
import { linkPortalUser, portalUsersQuery, unlinkPortalUser, type AgencyPortalUserView } from './api';

type LinkForm = { userId: string | undefined };

const FORM_ID = 'portal-user-form';

export function PortalUsersDrawer({
  siteId,
  agency,
  onClose,
}: {
  siteId: string;
  /** undefined: closed. */
  agency: AgencyView | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const selectRef = useRef<RefSelectProps>(null);
  return (
    <Drawer
      open={agency !== undefined}
      title={t('agencies.portalUsers.title', { name: agency?.name ?? '' })}
      size={560}
      onClose={onClose}
      destroyOnHidden
      afterOpenChange={(visible) => {
        // The drawer takes the focus when it opens; hand it to the user field, the first to fill in.
        if (visible) selectRef.current?.focus();
      }}
    >
      {agency === undefined ? null : (
        <PortalUsers key={agency.id} siteId={siteId} agency={agency} selectRef={selectRef} />
      )}
    </Drawer>
  );
}

function PortalUsers({
  siteId,
  agency,
  selectRef,
}: {
  siteId: string;
  agency: AgencyView;
  selectRef: RefObject<RefSelectProps | null>;
}) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { message, modal } = AntApp.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<LinkForm>();
  const dropdownOpen = useRef(false);
  const linked = useQuery(portalUsersQuery(siteId, agency.id));
  const users = useQuery(usersQuery({ status: 'active' }));
  // A login linked here may have come from another agency: every agency's list may have changed.
  const refresh = () => client.invalidateQueries({ predicate: (q) => q.queryKey.includes('portal-users') });

  const link = useMutation({
    mutationFn: (userId: string) => linkPortalUser(siteId, agency.id, userId),
    onSuccess: async (_nothing, userId) => {
      const user = (users.data ?? []).find((u) => u.id === userId);
      form.resetFields();
      await refresh();
      void message.success(t('agencies.portalUsers.linked', { name: user?.loginName ?? '' }));
      selectRef.current?.focus();
    },
  });
  const unlink = useMutation({
    mutationFn: (user: AgencyPortalUserView) => unlinkPortalUser(siteId, agency.id, user.userId),
    onSuccess: async (_nothing, user) => {
      await refresh();
      void message.success(t('agencies.portalUsers.removed', { name: user.loginName }));
    },
  });

  const confirmRemove = (user: AgencyPortalUserView) => {
    modal.confirm({
      title: t('agencies.portalUsers.removeConfirm', { name: user.loginName, agency: agency.name }),
      content: t('agencies.portalUsers.removeWarning'),
      okText: t('agencies.portalUsers.remove'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () => unlink.mutateAsync(user).catch((error: unknown) => message.error(errorText(error, t))),
    });
  };

  const linkedIds = new Set((linked.data ?? []).map((u) => u.userId));
  const options = (users.data ?? [])
    .filter((u) => !linkedIds.has(u.id))
    .map((u) => ({
      value: u.id,
      label:
        u.displayName && u.displayName !== u.loginName ? `${u.displayName} (${u.loginName})` : u.loginName,
    }));

  const columns: TableColumnsType<AgencyPortalUserView> = [
    {
      key: 'loginName',
      title: t('agencies.portalUsers.columns.loginName'),
      render: (_value, user) => (
        <span data-testid={`portal-user-${user.loginName}`}>
          {user.loginName}{' '}
          {user.status === 'disabled' ? <Tag>{t('agencies.portalUsers.disabled')}</Tag> : null}
        </span>
      ),
    },
    { key: 'displayName', title: t('agencies.portalUsers.columns.displayName'), dataIndex: 'displayName' },
    {
      key: 'linkedAt',
      title: t('agencies.portalUsers.columns.linkedAt'),
      className: 'admit-nowrap',
      render: (_value, user) => formatDateTime(user.linkedAt, locale, 'short'),
    },
    {
      key: 'actions',
      title: t('common.actions'),
      render: (_value, user) => (
        <Button
          size="small"
          type="link"
          danger
          onClick={() => confirmRemove(user)}
          aria-label={t('agencies.portalUsers.removeOf', { name: user.loginName })}
          data-testid={`remove-portal-user-${user.loginName}`}
        >
          {t('agencies.portalUsers.remove')}
        </Button>
      ),
    },
  ];

  return (
    <>
      <p className="admit-muted">{t('agencies.portalUsers.intro')}</p>
      {link.isError ? (
        <Alert
          type="error"
          showIcon
          role="alert"
          className="admit-form-alert"
          title={errorText(link.error, t)}
        />
      ) : null}
      {users.isError ? <LoadError error={users.error} onRetry={() => void users.refetch()} /> : null}
      {/* Enter in the user field with the list closed and a login chosen links it; with the list open,
          Enter picks the highlighted login, as a select does. Caught before the select opens its list. */}
      <div
        onKeyDownCapture={(event) => {
          if (event.key !== 'Enter' || dropdownOpen.current || !form.getFieldValue('userId')) return;
          if (!(event.target instanceof HTMLElement) || !event.target.closest('.ant-select')) return;
          event.preventDefault();
          event.stopPropagation();
          form.submit();
        }}
      >
        <Form<LinkForm>
          form={form}
          id={FORM_ID}
          layout="vertical"
          disabled={link.isPending}
          onFinish={(values) => {
            if (values.userId) link.mutate(values.userId);
          }}
        >
          <Form.Item
            name="userId"
            label={t('agencies.portalUsers.user')}
            rules={[{ required: true, message: t('agencies.portalUsers.chooseUser') }]}
          >
            <Select
              ref={selectRef}
              autoFocus
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('agencies.portalUsers.userPlaceholder')}
              loading={users.isPending}
              options={options}
              notFoundContent={t('agencies.portalUsers.noUsers')}
              onOpenChange={(open) => {
                dropdownOpen.current = open;
              }}
              // Picking closes the list at once: a quick second Enter links, even before the list's
              // closing reaches onOpenChange.
              onSelect={() => {
                dropdownOpen.current = false;
              }}
              data-testid="portal-user-select"
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={link.isPending} data-testid="portal-user-link">
            {t('agencies.portalUsers.link')}
          </Button>
        </Form>
      </div>
      {linked.isError ? <LoadError error={linked.error} onRetry={() => void linked.refetch()} /> : null}
      <Table<AgencyPortalUserView>
        rowKey="userId"
        size="small"
        columns={columns}
        dataSource={linked.data ?? []}
        loading={linked.isPending}
        pagination={false}
        locale={{ emptyText: t('agencies.portalUsers.none') }}
        data-testid="portal-users-table"
      />
    </>
  );
}
