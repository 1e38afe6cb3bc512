// The site tab: the chosen site's details and its closed dates. The code is fixed once created.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Card, Form, Input, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { catalogQueryKey, updateSite, type SiteView } from '../../../api/catalog';
import { errorText } from '../../../components/errorText';
import { localized } from '../../../format';
import { useLocale } from '../../../i18n/hooks';
import { useCatalog } from '../context';
import { isFieldError, showOnField } from '../serverErrors';
import { ClosedDatesCard } from './ClosedDatesCard';
import {
  SiteFields,
  siteFieldDefaults,
  siteFieldErrors,
  siteFieldsBody,
  type SiteFieldValues,
} from './SiteFields';

type SiteForm = SiteFieldValues & { code: string; active: boolean };

export function SiteTab() {
  const { site, canWrite } = useCatalog();
  return (
    <div className="admit-catalog-columns">
      <SiteDetails key={site.id} site={site} canWrite={canWrite} />
      <ClosedDatesCard key={`closed-${site.id}`} site={site} canWrite={canWrite} />
    </div>
  );
}

function SiteDetails({ site, canWrite }: { site: SiteView; canWrite: boolean }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const client = useQueryClient();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<SiteForm>();
  const mutation = useMutation({
    mutationFn: (values: SiteForm) =>
      updateSite(site.id, { ...siteFieldsBody(values), active: values.active }),
    onSuccess: (saved) => {
      void message.success(
        t('catalog.siteForm.saved', { name: localized(locale, saved.nameZh, saved.nameEn) }),
      );
      void client.invalidateQueries({ queryKey: catalogQueryKey });
    },
    onError: (error) => showOnField(form, error, siteFieldErrors),
  });

  return (
    <Card title={<h2 className="admit-card-heading">{t('catalog.siteForm.title')}</h2>}>
      {mutation.isError && !isFieldError(mutation.error, siteFieldErrors) ? (
        <Alert
          type="error"
          showIcon
          role="alert"
          className="admit-form-alert"
          title={errorText(mutation.error, t)}
        />
      ) : null}
      <Form<SiteForm>
        form={form}
        layout="vertical"
        disabled={!canWrite || mutation.isPending}
        initialValues={{ ...siteFieldDefaults(site), code: site.code, active: site.active }}
        onFinish={(values) => mutation.mutate(values)}
        data-testid="site-form"
      >
        <Form.Item name="code" label={t('catalog.siteForm.code')}>
          <Input disabled className="admit-input-medium" />
        </Form.Item>
        <SiteFields />
        <Form.Item name="active" label={t('catalog.siteForm.active')} valuePropName="checked">
          <Switch />
        </Form.Item>
        {canWrite ? (
          <Button type="primary" htmlType="submit" loading={mutation.isPending} data-testid="site-save">
            {t('common.save')}
          </Button>
        ) : null}
      </Form>
    </Card>
  );
}
