// Creating or editing a channel partner: code (fixed once created), name, contact, whether it is active
// and the sites whose ticket types it may sell.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Drawer, Form, Input, Select, Space, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SiteView } from '../../api/catalog';
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
};

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
  const mutation = useMutation({
    mutationFn: (values: ChannelForm) => {
      const body = {
        code: values.code.trim(),
        name: values.name.trim(),
        contactName: (values.contactName ?? '').trim(),
        contactPhone: (values.contactPhone ?? '').trim(),
        active: values.active,
        siteIds: values.siteIds ?? [],
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
          <Form.Item name="active" label={t('channels.fields.active')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <button type="submit" hidden aria-hidden="true" tabIndex={-1} />
        </Form>
      )}
    </Drawer>
  );
}
