// "New site": its code and details, and optionally a starter template (a scenic area, a museum, a
// theatre, a ferry) that fills in gates, ticket types, prices and a month of sessions to adapt.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Drawer, Form, Input, Radio, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  catalogQueryKey,
  createSite,
  siteTemplates,
  type SiteTemplate,
  type SiteView,
} from '../../../api/catalog';
import { errorText } from '../../../components/errorText';
import { codeRules } from '../codeRules';
import { isFieldError, showOnField } from '../serverErrors';
import {
  SiteFields,
  siteFieldDefaults,
  siteFieldErrors,
  siteFieldsBody,
  type SiteFieldValues,
} from './SiteFields';

type NewSiteForm = SiteFieldValues & { code: string; template: SiteTemplate | 'none' };

const FORM_ID = 'new-site-form';

export function SiteFormDrawer({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (site: SiteView) => void;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [form] = Form.useForm<NewSiteForm>();
  const mutation = useMutation({
    mutationFn: (values: NewSiteForm) =>
      createSite({
        code: values.code.trim().toUpperCase(),
        ...siteFieldsBody(values),
        template: values.template === 'none' ? null : values.template,
      }),
    onSuccess: (site) => {
      void client.invalidateQueries({ queryKey: catalogQueryKey });
      onCreated(site);
    },
    onError: (error) => showOnField(form, error, siteFieldErrors),
  });

  return (
    <Drawer
      open={open}
      title={t('catalog.siteForm.createTitle')}
      size={640}
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
            data-testid="new-site-submit"
          >
            {t('catalog.siteForm.create')}
          </Button>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
        </Space>
      }
    >
      {mutation.isError && !isFieldError(mutation.error, siteFieldErrors) ? (
        <Alert
          type="error"
          showIcon
          role="alert"
          className="admit-form-alert"
          title={errorText(mutation.error, t)}
        />
      ) : null}
      <Form<NewSiteForm>
        form={form}
        id={FORM_ID}
        layout="vertical"
        disabled={mutation.isPending}
        initialValues={{ ...siteFieldDefaults(), code: '', template: 'none' }}
        onFinish={(values) => mutation.mutate(values)}
      >
        <Form.Item
          name="code"
          label={t('catalog.siteForm.code')}
          extra={t('catalog.form.codeHint')}
          rules={codeRules(t)}
        >
          <Input
            autoFocus
            autoComplete="off"
            spellCheck={false}
            maxLength={32}
            className="admit-input-medium"
          />
        </Form.Item>
        <SiteFields />
        <Form.Item
          name="template"
          label={t('catalog.siteForm.template')}
          extra={t('catalog.siteForm.templateHint')}
        >
          <Radio.Group className="admit-radio-column">
            <Radio value="none">{t('catalog.templates.none')}</Radio>
            {siteTemplates.map((template) => (
              <Radio key={template} value={template}>
                {t(`catalog.templates.${template}`)}
              </Radio>
            ))}
          </Radio.Group>
        </Form.Item>
        <button type="submit" hidden aria-hidden="true" tabIndex={-1} />
      </Form>
    </Drawer>
  );
}
