// The online shop tab (网上售票): whether the site sells in the public shop and at which address, its
// notice to buyers, the purchase limits, the cancelling of free reservations and the no-show rule, and
// rotating e-ticket codes. Each rule is explained in a sentence that follows the numbers as they are
// typed, so an administrator sees what visitors will meet before saving.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  Space,
  Switch,
  Typography,
  type FormInstance,
} from 'antd';
import { useTranslation } from 'react-i18next';
import type { SiteView } from '../../../api/catalog';
import { errorText } from '../../../components/errorText';
import { useCatalog } from '../context';
import { Loading, LoadError } from '../QueryStates';
import {
  saveShopSettings,
  shopSettingsQuery,
  shopSettingsQueryKey,
  type ShopSettings,
} from './shopSettingsApi';
import {
  fieldProblems,
  NOTICE_MAX_LENGTH,
  numberRules,
  shopSettingsBody,
  shopSettingsFormValues,
  type ShopSettingsForm,
} from './shopSettingsForm';

export function ShopSettingsTab() {
  const { site, canWrite } = useCatalog();
  const settings = useQuery(shopSettingsQuery(site.id));
  if (settings.isPending) return <Loading />;
  if (settings.isError) return <LoadError error={settings.error} onRetry={() => void settings.refetch()} />;
  return <ShopSettingsCard key={site.id} site={site} canWrite={canWrite} saved={settings.data} />;
}

/** The public address of a site's shop, on this installation's own host. */
export function shopUrl(siteCode: string): string {
  return new URL(`/shop/${encodeURIComponent(siteCode)}`, window.location.origin).href;
}

function ShopSettingsCard({
  site,
  canWrite,
  saved,
}: {
  site: SiteView;
  canWrite: boolean;
  saved: ShopSettings;
}) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<ShopSettingsForm>();
  const mutation = useMutation({
    mutationFn: (values: ShopSettingsForm) => saveShopSettings(site.id, shopSettingsBody(values, saved)),
    onSuccess: (settings) => {
      client.setQueryData(shopSettingsQueryKey(site.id), settings);
      // What the server kept (notices trimmed) is what the form shows.
      form.setFieldsValue(shopSettingsFormValues(settings));
      void message.success(t('shopAdmin.settings.saved'));
    },
    onError: (error) => {
      const problems = fieldProblems(error, t);
      if (problems.length === 0) return;
      form.setFields(problems);
      form.scrollToField(problems[0]!.name, { block: 'center' });
    },
  });
  const fieldRefusal = mutation.isError && fieldProblems(mutation.error, t).length > 0;

  return (
    <Card title={<h2 className="admit-card-heading">{t('shopAdmin.settings.title')}</h2>}>
      <p className="admit-muted">{t('shopAdmin.settings.intro')}</p>
      {canWrite ? null : (
        <Alert type="info" showIcon className="admit-form-alert" title={t('shopAdmin.settings.readOnly')} />
      )}
      {mutation.isError && !fieldRefusal ? (
        <Alert
          type="error"
          showIcon
          role="alert"
          className="admit-form-alert"
          title={errorText(mutation.error, t)}
          data-testid="shop-settings-error"
        />
      ) : null}
      <Form<ShopSettingsForm>
        form={form}
        layout="vertical"
        disabled={!canWrite || mutation.isPending}
        initialValues={shopSettingsFormValues(saved)}
        onFinish={(values) => mutation.mutate(values)}
        scrollToFirstError
        data-testid="shop-settings-form"
      >
        <ShopFields site={site} form={form} savedEnabled={saved.enabled} />
        <LimitFields form={form} />
        <ReservationFields form={form} />
        <CodeFields form={form} />
        {canWrite ? (
          <Button
            type="primary"
            htmlType="submit"
            loading={mutation.isPending}
            data-testid="shop-settings-save"
          >
            {t('common.save')}
          </Button>
        ) : null}
      </Form>
    </Card>
  );
}

type FieldsProps = { form: FormInstance<ShopSettingsForm> };

function ShopFields({ site, form, savedEnabled }: FieldsProps & { site: SiteView; savedEnabled: boolean }) {
  const { t } = useTranslation();
  const enabled = Form.useWatch('enabled', form);
  const url = shopUrl(site.code);
  return (
    <fieldset className="admit-fieldset">
      <legend>{t('shopAdmin.settings.sections.shop')}</legend>
      <Form.Item
        name="enabled"
        label={t('shopAdmin.settings.enabled')}
        extra={t('shopAdmin.settings.enabledHint')}
        valuePropName="checked"
      >
        <Switch data-testid="shop-enabled" />
      </Form.Item>
      {enabled === true ? (
        <div className="admit-form-alert" data-testid="shop-link">
          <Typography.Text strong>{t('shopAdmin.settings.link')}</Typography.Text>
          <div>
            <Typography.Text
              copyable={{ text: url, tooltips: [t('common.copy'), t('common.copied')] }}
              className="admit-registration-url"
              data-testid="shop-url"
            >
              {url}
            </Typography.Text>{' '}
            {savedEnabled ? (
              <Typography.Link href={url} target="_blank" rel="noreferrer">
                {t('shopAdmin.settings.openLink')}
              </Typography.Link>
            ) : null}
          </div>
          <p className="admit-muted admit-small">
            {savedEnabled ? t('shopAdmin.settings.linkHint') : t('shopAdmin.settings.linkAfterSave')}
          </p>
        </div>
      ) : null}
      <Space wrap align="start" className="admit-form-pair">
        <Form.Item
          name="noticeZh"
          label={t('shopAdmin.settings.noticeZh')}
          extra={t('shopAdmin.settings.noticeHint')}
        >
          <Input.TextArea lang="zh-CN" maxLength={NOTICE_MAX_LENGTH} rows={4} showCount />
        </Form.Item>
        <Form.Item name="noticeEn" label={t('shopAdmin.settings.noticeEn')}>
          <Input.TextArea lang="en" maxLength={NOTICE_MAX_LENGTH} rows={4} showCount />
        </Form.Item>
      </Space>
    </fieldset>
  );
}

/** A number the hint sentence can use: what is typed, once it is a whole number. */
function typed(value: number | null | undefined): number | null {
  return typeof value === 'number' && Number.isInteger(value) ? value : null;
}

function LimitFields({ form }: FieldsProps) {
  const { t } = useTranslation();
  const perId = typed(Form.useWatch('perIdDailyLimit', form));
  const perPhone = typed(Form.useWatch('perPhoneDailyLimit', form));
  return (
    <fieldset className="admit-fieldset">
      <legend>{t('shopAdmin.settings.sections.limits')}</legend>
      <Space wrap align="start" className="admit-form-pair">
        <Form.Item
          name="perIdDailyLimit"
          label={t('shopAdmin.settings.perIdDailyLimit')}
          extra={
            perId === null
              ? t('shopAdmin.settings.perIdNone')
              : t('shopAdmin.settings.perIdHint', { count: perId })
          }
          rules={numberRules('perIdDailyLimit', t)}
        >
          <InputNumber precision={0} placeholder={t('shopAdmin.settings.unlimited')} />
        </Form.Item>
        <Form.Item
          name="perPhoneDailyLimit"
          label={t('shopAdmin.settings.perPhoneDailyLimit')}
          extra={
            perPhone === null
              ? t('shopAdmin.settings.perPhoneNone')
              : t('shopAdmin.settings.perPhoneHint', { count: perPhone })
          }
          rules={numberRules('perPhoneDailyLimit', t)}
        >
          <InputNumber precision={0} placeholder={t('shopAdmin.settings.unlimited')} />
        </Form.Item>
      </Space>
    </fieldset>
  );
}

function ReservationFields({ form }: FieldsProps) {
  const { t } = useTranslation();
  const cancelMinutes = typed(Form.useWatch('freeCancelMinutesBefore', form));
  const limit = typed(Form.useWatch('noShowLimit', form));
  const windowDays = typed(Form.useWatch('noShowWindowDays', form));
  const block = typed(Form.useWatch('noShowBlockDays', form));
  const ruleOff = limit === null;
  // `disabled` only when off: an explicit false would enable the field in a read-only form.
  return (
    <fieldset className="admit-fieldset">
      <legend>{t('shopAdmin.settings.sections.reservations')}</legend>
      <Form.Item
        name="freeCancelMinutesBefore"
        label={t('shopAdmin.settings.freeCancelMinutesBefore')}
        extra={
          cancelMinutes === null
            ? undefined
            : cancelMinutes === 0
              ? t('shopAdmin.settings.freeCancelHintZero')
              : t('shopAdmin.settings.freeCancelHint', { count: cancelMinutes })
        }
        rules={numberRules('freeCancelMinutesBefore', t)}
      >
        <InputNumber precision={0} />
      </Form.Item>
      <Space wrap align="start" className="admit-form-pair">
        <Form.Item
          name="noShowLimit"
          label={t('shopAdmin.settings.noShowLimit')}
          rules={numberRules('noShowLimit', t)}
        >
          <InputNumber precision={0} placeholder={t('shopAdmin.settings.unlimited')} />
        </Form.Item>
        <Form.Item
          name="noShowWindowDays"
          label={t('shopAdmin.settings.noShowWindowDays')}
          rules={numberRules('noShowWindowDays', t)}
        >
          <InputNumber precision={0} disabled={ruleOff ? true : undefined} />
        </Form.Item>
        <Form.Item
          name="noShowBlockDays"
          label={t('shopAdmin.settings.noShowBlockDays')}
          rules={numberRules('noShowBlockDays', t)}
        >
          <InputNumber precision={0} disabled={ruleOff ? true : undefined} />
        </Form.Item>
      </Space>
      <p className="admit-muted admit-small" data-testid="no-show-rule">
        {ruleOff
          ? t('shopAdmin.settings.noShowNone')
          : t('shopAdmin.settings.noShowRule', {
              limit,
              window: windowDays ?? '—',
              block: block ?? '—',
            })}
      </p>
    </fieldset>
  );
}

function CodeFields({ form }: FieldsProps) {
  const { t } = useTranslation();
  const rotating = Form.useWatch('rotatingCodes', form);
  const step = typed(Form.useWatch('rotationStepSeconds', form));
  const tolerance = typed(Form.useWatch('rotationToleranceSteps', form));
  return (
    <fieldset className="admit-fieldset">
      <legend>{t('shopAdmin.settings.sections.codes')}</legend>
      <Form.Item name="rotatingCodes" label={t('shopAdmin.settings.rotatingCodes')} valuePropName="checked">
        <Switch data-testid="shop-rotating" />
      </Form.Item>
      <Space wrap align="start" className="admit-form-pair">
        <Form.Item
          name="rotationStepSeconds"
          label={t('shopAdmin.settings.rotationStepSeconds')}
          rules={numberRules('rotationStepSeconds', t)}
        >
          <InputNumber precision={0} disabled={rotating === true ? undefined : true} />
        </Form.Item>
        <Form.Item
          name="rotationToleranceSteps"
          label={t('shopAdmin.settings.rotationToleranceSteps')}
          extra={t('shopAdmin.settings.rotationToleranceHint')}
          rules={numberRules('rotationToleranceSteps', t)}
        >
          <InputNumber precision={0} disabled={rotating === true ? undefined : true} />
        </Form.Item>
      </Space>
      <p className="admit-muted admit-small" data-testid="rotation-rule">
        {rotating === true
          ? t('shopAdmin.settings.rotatingOn', {
              step: step ?? '—',
              tolerance: tolerance ?? '—',
              seconds: step === null || tolerance === null ? '—' : step * tolerance,
            })
          : t('shopAdmin.settings.rotatingOff')}
      </p>
    </fieldset>
  );
}
