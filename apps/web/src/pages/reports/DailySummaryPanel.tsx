// 日报邮件: the daily summary e-mail of one site — on or off, the hour it goes out (site time), and who
// receives it in which language — with a preview of the figures it would send for yesterday. The one
// part of the reports that changes anything, so it is offered only to those holding settings.manage
// (the server checks it at the site again).
import { dailySummaryRecipientSchema, type DailySummaryUpdate } from '@admit/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Descriptions,
  Empty,
  Input,
  Select,
  Space,
  Switch,
  Table,
  Typography,
  type InputRef,
} from 'antd';
import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SiteView } from '../../api/catalog';
import { errorText } from '../../components/errorText';
import { dateTimeAtSite, formatFen, localized } from '../../format';
import { useLocale } from '../../i18n/hooks';
import type { Locale } from '../../i18n/index';
import { Loading, LoadError } from '../catalog/QueryStates';
import {
  dailySummaryPreviewQuery,
  dailySummaryQuery,
  dailySummaryQueryKey,
  saveDailySummary,
  type DailySummarySettings,
} from './api';
import { formatCount } from './figures';
import type { ReportSite } from './ReportSite';

/** The server's limit on recipients per site. */
export const MAX_RECIPIENTS = 20;
const HOURS = Array.from({ length: 24 }, (_, hour) => hour);

type Recipient = { email: string; locale: Locale };

export function DailySummaryPanel({ reportSite }: { reportSite: ReportSite }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const site = reportSite.site;
  return (
    <section aria-labelledby="daily-summary-heading" data-testid="daily-summary" className="admit-stack">
      <div>
        <Typography.Title level={2} id="daily-summary-heading">
          {t('reports.views.daily_summary')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('reports.dailySummary.intro')}</Typography.Text>
      </div>
      {site === undefined ? (
        <Alert type="info" showIcon title={t('reports.dailySummary.chooseSite')} />
      ) : (
        <SiteSummary key={site.id} site={site} siteName={localized(locale, site.nameZh, site.nameEn)} />
      )}
    </section>
  );
}

function SiteSummary({ site, siteName }: { site: SiteView; siteName: string }) {
  const settings = useQuery(dailySummaryQuery(site.id));
  if (settings.isPending) return <Loading />;
  if (settings.isError) return <LoadError error={settings.error} onRetry={() => void settings.refetch()} />;
  return (
    <>
      <SummaryForm
        key={settings.data.updatedAt ?? 'new'}
        site={site}
        siteName={siteName}
        settings={settings.data}
      />
      <SummaryPreview site={site} />
    </>
  );
}

function SummaryForm({
  site,
  siteName,
  settings,
}: {
  site: SiteView;
  siteName: string;
  settings: DailySummarySettings;
}) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const client = useQueryClient();
  const { message } = AntApp.useApp();
  const [enabled, setEnabled] = useState(settings.enabled);
  const [sendHour, setSendHour] = useState(settings.sendHour);
  const [recipients, setRecipients] = useState<Recipient[]>(settings.recipients);
  const [email, setEmail] = useState('');
  const [emailLocale, setEmailLocale] = useState<Locale>(locale);
  const [problem, setProblem] = useState<string | null>(null);
  const emailInput = useRef<InputRef>(null);
  const ids = { enabled: useId(), hour: useId(), email: useId(), locale: useId() };

  const save = useMutation({
    mutationFn: (body: DailySummaryUpdate) => saveDailySummary(site.id, body),
    onSuccess: (saved) => {
      client.setQueryData(dailySummaryQueryKey(site.id), saved);
      void message.success(t('reports.dailySummary.saved'));
    },
  });

  const add = () => {
    const parsed = dailySummaryRecipientSchema.shape.email.safeParse(email.trim());
    if (!parsed.success) return refuse(t('reports.dailySummary.emailInvalid'));
    const address = parsed.data;
    if (recipients.some((r) => r.email.toLowerCase() === address.toLowerCase()))
      return refuse(t('reports.dailySummary.emailTwice'));
    if (recipients.length >= MAX_RECIPIENTS)
      return refuse(t('reports.dailySummary.tooMany', { max: MAX_RECIPIENTS }));
    setRecipients([...recipients, { email: address, locale: emailLocale }]);
    setEmail('');
    setProblem(null);
    emailInput.current?.focus();
  };
  function refuse(text: string) {
    setProblem(text);
    emailInput.current?.focus();
  }

  const localeOptions = [
    { value: 'zh-CN', label: t('reports.dailySummary.locales.zh-CN') },
    { value: 'en', label: t('reports.dailySummary.locales.en') },
  ];

  return (
    <Card title={t('reports.dailySummary.cardTitle', { site: siteName })} size="small">
      <div className="admit-stack">
        <Space wrap size="large">
          <Space>
            <Switch
              id={ids.enabled}
              checked={enabled}
              onChange={setEnabled}
              data-testid="daily-summary-enabled"
            />
            <label htmlFor={ids.enabled}>{t('reports.dailySummary.enabled')}</label>
          </Space>
          <Space>
            <label htmlFor={ids.hour}>{t('reports.dailySummary.sendHour')}</label>
            <Select
              id={ids.hour}
              value={sendHour}
              onChange={setSendHour}
              popupMatchSelectWidth={false}
              data-testid="daily-summary-hour"
              options={HOURS.map((hour) => ({ value: hour, label: `${String(hour).padStart(2, '0')}:00` }))}
            />
          </Space>
        </Space>

        <Table<Recipient>
          size="small"
          rowKey="email"
          pagination={false}
          dataSource={recipients}
          locale={{
            emptyText: (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={t('reports.dailySummary.noRecipients')}
              />
            ),
          }}
          data-testid="daily-summary-recipients"
          columns={[
            { key: 'email', title: t('reports.dailySummary.email'), dataIndex: 'email' },
            {
              key: 'locale',
              title: t('reports.dailySummary.locale'),
              render: (_value, recipient) => t(`reports.dailySummary.locales.${recipient.locale}`),
            },
            {
              key: 'actions',
              title: t('common.actions'),
              render: (_value, recipient) => (
                <Button
                  size="small"
                  type="link"
                  onClick={() => setRecipients(recipients.filter((r) => r !== recipient))}
                  aria-label={t('reports.dailySummary.removeOf', { email: recipient.email })}
                  data-testid={`daily-summary-remove-${recipient.email}`}
                >
                  {t('reports.dailySummary.remove')}
                </Button>
              ),
            },
          ]}
        />

        <Space wrap align="start">
          <label htmlFor={ids.email} className="admit-visually-hidden">
            {t('reports.dailySummary.email')}
          </label>
          <Input
            id={ids.email}
            ref={emailInput}
            type="email"
            value={email}
            placeholder={t('reports.dailySummary.emailPlaceholder')}
            onChange={(event) => setEmail(event.target.value)}
            onPressEnter={add}
            status={problem === null ? undefined : 'error'}
            aria-invalid={problem !== null}
            style={{ width: 280 }}
            data-testid="daily-summary-email"
          />
          <label htmlFor={ids.locale} className="admit-visually-hidden">
            {t('reports.dailySummary.locale')}
          </label>
          <Select
            id={ids.locale}
            value={emailLocale}
            onChange={setEmailLocale}
            options={localeOptions}
            popupMatchSelectWidth={false}
            data-testid="daily-summary-locale"
          />
          <Button onClick={add} data-testid="daily-summary-add">
            {t('reports.dailySummary.add')}
          </Button>
        </Space>
        {problem === null ? null : (
          <Typography.Text type="danger" role="alert" data-testid="daily-summary-problem">
            {problem}
          </Typography.Text>
        )}

        <Typography.Text type="secondary" data-testid="daily-summary-last-sent">
          {settings.lastSent === null
            ? t('reports.dailySummary.neverSent')
            : t('reports.dailySummary.lastSent', {
                date: settings.lastSent.businessDate,
                time: dateTimeAtSite(settings.lastSent.at, site.timeZone),
              })}
        </Typography.Text>
        {save.isError ? <Alert type="error" showIcon role="alert" title={errorText(save.error, t)} /> : null}
        <div>
          <Button
            type="primary"
            loading={save.isPending}
            onClick={() => save.mutate({ enabled, sendHour, recipients })}
            data-testid="daily-summary-save"
          >
            {t('common.save')}
          </Button>
        </div>
      </div>
    </Card>
  );
}

/** What yesterday's e-mail says, read when asked for. */
function SummaryPreview({ site }: { site: SiteView }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const [asked, setAsked] = useState(false);
  const preview = useQuery({ ...dailySummaryPreviewQuery(site.id), enabled: asked });
  const count = (n: number) => formatCount(n, locale);
  return (
    <Card
      size="small"
      title={t('reports.dailySummary.previewTitle')}
      extra={
        <Button
          size="small"
          onClick={() => (asked ? void preview.refetch() : setAsked(true))}
          data-testid="daily-summary-preview"
        >
          {t('reports.dailySummary.preview')}
        </Button>
      }
    >
      {!asked ? (
        <Typography.Text type="secondary">{t('reports.dailySummary.previewHint')}</Typography.Text>
      ) : preview.isPending ? (
        <Loading />
      ) : preview.isError ? (
        <LoadError error={preview.error} onRetry={() => void preview.refetch()} />
      ) : (
        <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered data-testid="daily-summary-figures">
          <Descriptions.Item label={t('reports.columns.date')}>{preview.data.businessDate}</Descriptions.Item>
          <Descriptions.Item label={t('reports.columns.sales')}>
            {formatFen(preview.data.sales)}
          </Descriptions.Item>
          <Descriptions.Item label={t('reports.columns.ticketsSold')}>
            {count(preview.data.ticketsSold)}
          </Descriptions.Item>
          <Descriptions.Item label={t('reports.columns.refunds')}>
            {formatFen(preview.data.refunds)}
          </Descriptions.Item>
          <Descriptions.Item label={t('reports.columns.net')}>
            {formatFen(preview.data.net)}
          </Descriptions.Item>
          <Descriptions.Item label={t('reports.columns.visitors')}>
            {count(preview.data.visitors)}
          </Descriptions.Item>
          <Descriptions.Item label={t('reports.kinds.free')}>
            {count(preview.data.freeTickets)}
          </Descriptions.Item>
          <Descriptions.Item label={t('reports.kinds.complimentary')}>
            {count(preview.data.complimentaryTickets)}
          </Descriptions.Item>
          <Descriptions.Item label={t('reports.dailySummary.topTicketTypes')} span={2}>
            {preview.data.topTicketTypes.length === 0
              ? '—'
              : preview.data.topTicketTypes.map((type) => (
                  <div key={type.key}>
                    {type.label} · {count(type.tickets)} · {formatFen(type.sales)}
                  </div>
                ))}
          </Descriptions.Item>
        </Descriptions>
      )}
    </Card>
  );
}
