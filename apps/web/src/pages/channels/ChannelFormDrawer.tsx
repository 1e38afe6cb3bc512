// Creating or editing a channel partner: code (fixed once created), name, contact, whether it is active,
// the sites whose ticket types it may sell and, per site, the agency account its API orders draw on.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Drawer, Form, Input, Select, Space, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SiteView } from '../../api/catalog';
import { agenciesQuery } from '../../api/sales';
import { errorText } from '../../components/errorText';
import { localized } from '../../format';
import { useLocale } from '../../i18n/hooks';
import { codeRules } from '../catalog/codeRules';
import { isFieldError, showOnField, type FieldErrorMap } from '../catalog/serverErrors';
import { channelsQueryKey, createChannel, updateChannel, type ChannelView } from './api';

type ChannelForm = {
  code: string;
  name: string;
  contactName: string;
  contactPhone: string;
  active: boolean;
  siteIds: string[];
  accounts?: Record<string, string | null | undefined>;
};

/**
 * The agency account a channel's orders at one site draw on (none: it cannot order there). Active
 * agencies are offered; the one already chosen stays shown by name even if it has since been disabled.
 */
function AccountField({ site, label }: { site: SiteView; label: string }) {
  const { t } = useTranslation();
  const agencies = useQuery(agenciesQuery(site.id));
  const form = Form.useFormInstance<ChannelForm>();
  const current = Form.useWatch(['accounts', site.id], form) as string | null | undefined;
  return (
    <Form.Item name={['accounts', site.id]} label={label}>
      <Select
        allowClear
        showSearch={{ optionFilterProp: 'label' }}
        placeholder={t('channels.accounts.none')}
        loading={agencies.isPending}
        aria-label={t('channels.accounts.of', { site: label })}
        options={(agencies.data ?? [])
          .filter((a) => a.active || a.id === current)
          .map((a) => ({
            value: a.id,
            label: a.active
              ? `${a.name} (${a.code})`
              : `${a.name} (${a.code}) · ${t('catalog.form.inactive')}`,
          }))}
        data-testid={`channel-account-${site.code}`}
      />
    </Form.Item>
  );
}

const FORM_ID = 'channel-form';
const fieldErrors: FieldErrorMap = { channel_code_taken: 'code' };

export function ChannelFormDrawer({
  channel,
  sites,
  onClose,
  onSaved,
}: {
  /** undefined: closed; null: a new channel. */
  channel: ChannelView | null | undefined;
  sites: readonly SiteView[];
  onClose: () => void;
  onSaved: (channel: ChannelView) => void;
}) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const client = useQueryClient();
  const [form] = Form.useForm<ChannelForm>();
  const creating = channel === null;
  const chosenSites: string[] = Form.useWatch('siteIds', form) ?? [];
  const mutation = useMutation({
    mutationFn: (values: ChannelForm) => {
      const body = {
        code: values.code.trim(),
        name: values.name.trim(),
        contactName: (values.contactName ?? '').trim(),
        contactPhone: (values.contactPhone ?? '').trim(),
        active: values.active,
        siteIds: values.siteIds ?? [],
        accounts: Object.fromEntries(
          (values.siteIds ?? []).map((siteId) => [siteId, values.accounts?.[siteId] ?? null]),
        ),
      };
      return channel === null || channel === undefined
        ? createChannel(body)
        : updateChannel(channel.id, { ...body, code: channel.code });
    },
    onSuccess: (saved) => {
      void client.invalidateQueries({ queryKey: channelsQueryKey });
      onSaved(saved);
    },
    onError: (error) => showOnField(form, error, fieldErrors),
  });

  return (
    <Drawer
      open={channel !== undefined}
      title={creating ? t('channels.createTitle') : t('channels.editTitle', { name: channel?.name ?? '' })}
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
            form={FORM_ID}
            loading={mutation.isPending}
            data-testid="channel-submit"
          >
            {t('common.save')}
          </Button>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
        </Space>
      }
    >
      {mutation.isError && !isFieldError(mutation.error, fieldErrors) ? (
        <Alert
          type="error"
          showIcon
          role="alert"
          className="admit-form-alert"
          title={errorText(mutation.error, t)}
        />
      ) : null}
      {channel === undefined ? null : (
        <Form<ChannelForm>
          key={channel?.id ?? 'new'}
          form={form}
          id={FORM_ID}
          layout="vertical"
          disabled={mutation.isPending}
          initialValues={{
            code: channel?.code ?? '',
            name: channel?.name ?? '',
            contactName: channel?.contactName ?? '',
            contactPhone: channel?.contactPhone ?? '',
            active: channel?.active ?? true,
            siteIds: channel?.siteIds ?? [],
            accounts: channel?.accounts ?? {},
          }}
          onFinish={(values) => mutation.mutate(values)}
        >
          <Form.Item
            name="code"
            label={t('channels.fields.code')}
            extra={creating ? t('catalog.form.codeHint') : undefined}
            rules={creating ? codeRules(t) : []}
          >
            <Input
              disabled={!creating}
              autoFocus={creating}
              autoComplete="off"
              spellCheck={false}
              maxLength={32}
            />
          </Form.Item>
          <Form.Item
            name="name"
            label={t('channels.fields.name')}
            rules={[{ required: true, whitespace: true, message: t('catalog.form.nameRequired') }]}
          >
            <Input maxLength={100} autoFocus={!creating} />
          </Form.Item>
          <Form.Item name="contactName" label={t('channels.fields.contactName')}>
            <Input maxLength={60} autoComplete="off" />
          </Form.Item>
          <Form.Item name="contactPhone" label={t('channels.fields.contactPhone')}>
            <Input maxLength={30} autoComplete="off" inputMode="tel" />
          </Form.Item>
          <Form.Item name="siteIds" label={t('channels.fields.sites')} extra={t('channels.sitesHint')}>
            <Select
              mode="multiple"
              showSearch={{ optionFilterProp: 'label' }}
              options={sites.map((site) => ({
                value: site.id,
                label: `${localized(locale, site.nameZh, site.nameEn)} (${site.code})`,
              }))}
              data-testid="channel-sites"
            />
          </Form.Item>
          {chosenSites.length > 0 ? (
            <fieldset className="admit-fieldset">
              <legend>{t('channels.accounts.title')}</legend>
              <p className="admit-toolbar-text">{t('channels.accounts.hint')}</p>
              {sites
                .filter((site) => chosenSites.includes(site.id))
                .map((site) => (
                  <AccountField
                    key={site.id}
                    site={site}
                    label={`${localized(locale, site.nameZh, site.nameEn)} (${site.code})`}
                  />
                ))}
            </fieldset>
          ) : null}
          <Form.Item name="active" label={t('channels.fields.active')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <button type="submit" hidden aria-hidden="true" tabIndex={-1} />
        </Form>
      )}
    </Drawer>
  );
}
