// A channel's API keys: the list (prefix only — the server keeps a digest, never the key), issuing one
// (its name, scopes and rate limit) with the key shown once in a dialog, and revoking one.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App as AntApp,
  Button,
  Checkbox,
  Drawer,
  Form,
  Input,
  InputNumber,
  Modal,
  Space,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../components/errorText';
import { formatDateTime } from '../../format';
import { useLocale } from '../../i18n/hooks';
import { LoadError } from '../catalog/QueryStates';
import {
  apiKeyScopes,
  apiKeysQuery,
  apiKeysQueryKey,
  issueApiKey,
  revokeApiKey,
  scopeMessageKey,
  type ApiKeyScope,
  type ApiKeyView,
  type ChannelView,
  type IssuedApiKey,
} from './api';

/** How a key is shown once issued: its public prefix and an ellipsis for the secret part. */
export function maskedKey(prefix: string): string {
  return `admit_${prefix}_…`;
}

export function ApiKeys({ channel }: { channel: ChannelView }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { message, modal } = AntApp.useApp();
  const client = useQueryClient();
  const keys = useQuery(apiKeysQuery(channel.id));
  const [issuing, setIssuing] = useState(false);
  const [issued, setIssued] = useState<IssuedApiKey | null>(null);

  const revoke = useMutation({
    mutationFn: (key: ApiKeyView) => revokeApiKey(channel.id, key.id),
    onSuccess: (key) => {
      void client.invalidateQueries({ queryKey: apiKeysQueryKey(channel.id) });
      void message.success(t('channels.keys.revoked', { name: key.name }));
    },
    onError: (error) => void message.error(errorText(error, t)),
  });

  const confirmRevoke = (key: ApiKeyView) => {
    modal.confirm({
      title: t('channels.keys.revokeConfirm', { name: key.name }),
      content: t('channels.keys.revokeWarning'),
      okText: t('channels.keys.revoke'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () => revoke.mutateAsync(key),
    });
  };

  const columns: TableColumnsType<ApiKeyView> = [
    { key: 'name', title: t('channels.keys.name'), dataIndex: 'name' },
    {
      key: 'prefix',
      title: t('channels.keys.prefix'),
      className: 'admit-nowrap',
      render: (_value, key) => (
        <Typography.Text code data-testid={`key-prefix-${key.id}`}>
          {maskedKey(key.prefix)}
        </Typography.Text>
      ),
    },
    {
      key: 'scopes',
      title: t('channels.keys.scopes'),
      render: (_value, key) => (
        <Space size={[0, 4]} wrap>
          {key.scopes.map((scope) => (
            <Tag key={scope} title={t(`channels.keys.scopeNames.${scopeMessageKey[scope]}`)}>
              {scope}
            </Tag>
          ))}
        </Space>
      ),
    },
    {
      key: 'rateLimit',
      title: t('channels.keys.rateLimit'),
      align: 'right',
      dataIndex: 'rateLimitPerMinute',
    },
    {
      key: 'createdAt',
      title: t('channels.keys.createdAt'),
      className: 'admit-nowrap',
      render: (_value, key) => formatDateTime(key.createdAt, locale, 'short'),
    },
    {
      key: 'lastUsedAt',
      title: t('channels.keys.lastUsedAt'),
      className: 'admit-nowrap',
      render: (_value, key) =>
        key.lastUsedAt === null ? (
          <span className="admit-muted">{t('channels.keys.never')}</span>
        ) : (
          formatDateTime(key.lastUsedAt, locale, 'short')
        ),
    },
    {
      key: 'status',
      title: t('channels.keys.status'),
      render: (_value, key) =>
        key.revokedAt === null ? (
          <Tag color="green">{t('channels.keys.active')}</Tag>
        ) : (
          <Tag color="red">
            {t('channels.keys.revokedAt', { time: formatDateTime(key.revokedAt, locale, 'short') })}
          </Tag>
        ),
    },
    {
      key: 'actions',
      title: t('common.actions'),
      render: (_value, key) =>
        key.revokedAt === null ? (
          <Button
            size="small"
            type="link"
            danger
            onClick={() => confirmRevoke(key)}
            aria-label={t('channels.keys.revokeOf', { name: key.name })}
            data-testid={`revoke-key-${key.id}`}
          >
            {t('channels.keys.revoke')}
          </Button>
        ) : null,
    },
  ];

  return (
    <section aria-label={t('channels.tabs.keys')}>
      <div className="admit-toolbar">
        <span />
        <Button type="primary" onClick={() => setIssuing(true)} data-testid="issue-key">
          {t('channels.keys.issue')}
        </Button>
      </div>
      {keys.isError ? <LoadError error={keys.error} onRetry={() => void keys.refetch()} /> : null}
      <Table<ApiKeyView>
        rowKey="id"
        columns={columns}
        dataSource={keys.data ?? []}
        loading={keys.isPending}
        pagination={false}
        locale={{ emptyText: t('channels.keys.none') }}
        data-testid="api-keys-table"
      />
      <IssueKeyDrawer
        channel={channel}
        open={issuing}
        onClose={() => setIssuing(false)}
        onIssued={(answer) => {
          setIssuing(false);
          setIssued(answer);
        }}
      />
      <IssuedKeyModal issued={issued} onClose={() => setIssued(null)} />
    </section>
  );
}

type IssueForm = { name: string; scopes: ApiKeyScope[]; rateLimitPerMinute: number | null };

const ISSUE_FORM_ID = 'api-key-form';

function IssueKeyDrawer({
  channel,
  open,
  onClose,
  onIssued,
}: {
  channel: ChannelView;
  open: boolean;
  onClose: () => void;
  onIssued: (issued: IssuedApiKey) => void;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [form] = Form.useForm<IssueForm>();
  const mutation = useMutation({
    mutationFn: (values: IssueForm) =>
      issueApiKey(channel.id, {
        name: values.name.trim(),
        scopes: apiKeyScopes.filter((scope) => values.scopes.includes(scope)),
        rateLimitPerMinute: values.rateLimitPerMinute ?? 600,
      }),
    onSuccess: (answer) => {
      // The list shows the new key by its prefix; the key itself stays in this answer only.
      client.setQueryData(apiKeysQuery(channel.id).queryKey, (list) => [...(list ?? []), answer.apiKey]);
      void client.invalidateQueries({ queryKey: apiKeysQueryKey(channel.id) });
      onIssued(answer);
    },
  });

  return (
    <Drawer
      open={open}
      title={t('channels.keys.issueTitle', { name: channel.name })}
      size={520}
      onClose={onClose}
      destroyOnHidden
      afterOpenChange={(visible) => {
        if (!visible) mutation.reset();
      }}
      footer={
        <Space>
          <Button
            type="primary"
            htmlType="submit"
            form={ISSUE_FORM_ID}
            loading={mutation.isPending}
            data-testid="issue-key-submit"
          >
            {t('channels.keys.issue')}
          </Button>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
        </Space>
      }
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
      {open ? (
        <Form<IssueForm>
          form={form}
          id={ISSUE_FORM_ID}
          layout="vertical"
          disabled={mutation.isPending}
          initialValues={{ name: '', scopes: [], rateLimitPerMinute: 600 }}
          onFinish={(values) => mutation.mutate(values)}
        >
          <Form.Item
            name="name"
            label={t('channels.keys.name')}
            extra={t('channels.keys.nameHint')}
            rules={[{ required: true, whitespace: true, message: t('catalog.form.nameRequired') }]}
          >
            <Input maxLength={60} autoFocus autoComplete="off" />
          </Form.Item>
          <Form.Item
            name="scopes"
            label={t('channels.keys.scopes')}
            rules={[{ required: true, type: 'array', min: 1, message: t('channels.keys.scopesRequired') }]}
          >
            <Checkbox.Group>
              <Space orientation="vertical" size={4}>
                {apiKeyScopes.map((scope) => (
                  <Checkbox key={scope} value={scope} data-testid={`scope-${scope}`}>
                    <Typography.Text code>{scope}</Typography.Text>{' '}
                    {t(`channels.keys.scopeNames.${scopeMessageKey[scope]}`)}
                  </Checkbox>
                ))}
              </Space>
            </Checkbox.Group>
          </Form.Item>
          <Form.Item
            name="rateLimitPerMinute"
            label={t('channels.keys.rateLimit')}
            rules={[{ required: true, type: 'integer', min: 1, max: 100_000 }]}
          >
            <InputNumber min={1} max={100_000} precision={0} step={100} />
          </Form.Item>
          <button type="submit" hidden aria-hidden="true" tabIndex={-1} />
        </Form>
      ) : null}
    </Drawer>
  );
}

/** The key, once: closing the dialog forgets it. */
function IssuedKeyModal({ issued, onClose }: { issued: IssuedApiKey | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      open={issued !== null}
      title={t('channels.keys.shownTitle', { name: issued?.apiKey.name ?? '' })}
      onCancel={onClose}
      mask={{ closable: false }}
      destroyOnHidden
      footer={
        <Button type="primary" onClick={onClose} data-testid="issued-key-done">
          {t('channels.keys.done')}
        </Button>
      }
    >
      {issued === null ? null : (
        <div data-testid="issued-key-dialog">
          <Alert type="warning" showIcon title={t('channels.keys.shownOnce')} />
          <div className="admit-temporary-password">
            <Typography.Text
              code
              copyable={{ text: issued.key, tooltips: [t('common.copy'), t('common.copied')] }}
            >
              <span data-testid="issued-key">{issued.key}</span>
            </Typography.Text>
          </div>
          <Typography.Paragraph type="secondary">{t('channels.keys.shownHint')}</Typography.Paragraph>
        </div>
      )}
    </Modal>
  );
}
