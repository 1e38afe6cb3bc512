// One provider of a site: whether it is configured and enabled, the merchant, the saved secrets' last
// characters, the last connection test (green or red, when, what the provider said), and the
// notification address to give the provider — with the buttons to edit it and to test the connection.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Card, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SiteView } from '../../api/catalog';
import {
  paymentAccountsQueryKey,
  testPaymentAccount,
  type PaymentAccount,
  type PaymentProvider,
} from '../../api/payments';
import { errorText } from '../../components/errorText';
import { dateTimeAtSite } from '../../format';
import { accountFields } from './accountFields';

type Status = 'none' | 'enabled' | 'disabled';

const statusColor: Record<Status, string | undefined> = {
  none: undefined,
  enabled: 'green',
  disabled: 'orange',
};

export function ProviderCard({
  site,
  provider,
  account,
  onEdit,
}: {
  site: SiteView;
  provider: PaymentProvider;
  account: PaymentAccount | undefined;
  onEdit: () => void;
}) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const client = useQueryClient();
  const name = t(`payments.providers.${provider}`);
  const status: Status = account === undefined ? 'none' : account.enabled ? 'enabled' : 'disabled';
  const headingId = `payment-provider-${provider}`;

  const test = useMutation({
    mutationFn: (accountId: string) => testPaymentAccount(site.id, accountId),
    onSuccess: (tested) =>
      client.setQueryData<PaymentAccount[]>(paymentAccountsQueryKey(site.id), (accounts) =>
        accounts?.map((candidate) => (candidate.id === tested.id ? tested : candidate)),
      ),
    onError: (error) => void message.error(errorText(error, t)),
  });

  const secrets = accountFields[provider].filter((field) => field.place === 'secrets');
  const hints = secrets.flatMap((field) => {
    const hint = account?.secretHints[field.key];
    return hint === undefined ? [] : [{ field, hint }];
  });

  return (
    <Card
      size="small"
      title={
        <h2 className="admit-card-heading" id={headingId}>
          {name}
        </h2>
      }
      extra={
        <Tag color={statusColor[status]} data-testid={`payment-status-${provider}`} data-status={status}>
          {t(`payments.status.${status}`)}
        </Tag>
      }
    >
      <div className="admit-stack">
        <p className="admit-muted admit-small">{t(`payments.providerHelp.${provider}`)}</p>
        {account === undefined ? null : (
          <dl className="admit-registration-facts">
            <dt>{t('payments.facts.label')}</dt>
            <dd data-testid={`payment-label-${provider}`}>{account.label}</dd>
            <dt>{t('payments.facts.merchantId')}</dt>
            <dd data-testid={`payment-merchant-${provider}`}>{account.merchantId}</dd>
            <dt>{t('payments.facts.secrets')}</dt>
            <dd>
              {hints.length === 0 ? (
                t('payments.noSecrets')
              ) : (
                <ul className="admit-plain-list">
                  {hints.map(({ field, hint }) => (
                    <li key={field.key}>
                      {t(`payments.fields.${field.text}.label`)}{' '}
                      <Typography.Text code data-testid={`payment-hint-${provider}-${field.key}`}>
                        {hint}
                      </Typography.Text>
                    </li>
                  ))}
                </ul>
              )}
            </dd>
            <dt>{t('payments.facts.lastTest')}</dt>
            <dd data-testid={`payment-last-test-${provider}`}>
              {account.lastTestOk === null
                ? t('payments.neverTested')
                : account.lastTestOk
                  ? t('payments.testOk')
                  : t('payments.testFailed')}
            </dd>
          </dl>
        )}
        {account === undefined || account.lastTestOk === null ? null : (
          <Alert
            type={account.lastTestOk ? 'success' : 'error'}
            showIcon
            title={account.lastTestOk ? t('payments.testOk') : t('payments.testFailed')}
            description={
              <>
                {account.lastTestMessage}
                {account.lastTestAt === null ? null : (
                  <span className="admit-muted">
                    {' '}
                    ({t('payments.testedAt', { time: dateTimeAtSite(account.lastTestAt, site.timeZone) })})
                  </span>
                )}
              </>
            }
            data-testid={`payment-test-result-${provider}`}
            data-ok={String(account.lastTestOk)}
          />
        )}
        <div>
          <Typography.Text strong>{t('payments.facts.notifyUrl')}</Typography.Text>
          <div>
            {account === undefined ? (
              <span className="admit-muted">{t('payments.notifyUrlAfterSave')}</span>
            ) : (
              <Typography.Text
                copyable={{ text: account.notifyUrl, tooltips: [t('common.copy'), t('common.copied')] }}
                className="admit-registration-url"
                data-testid={`payment-notify-url-${provider}`}
              >
                {account.notifyUrl}
              </Typography.Text>
            )}
          </div>
          <p className="admit-muted admit-small">{t('payments.notifyUrlHint')}</p>
        </div>
        <Space wrap>
          <Button
            type={account === undefined ? 'primary' : 'default'}
            onClick={onEdit}
            aria-label={
              account === undefined
                ? t('payments.configureOf', { provider: name })
                : t('payments.editOf', { provider: name })
            }
            data-testid={`payment-edit-${provider}`}
          >
            {account === undefined ? t('payments.configure') : t('payments.edit')}
          </Button>
          {account === undefined ? null : (
            <Button
              onClick={() => test.mutate(account.id)}
              loading={test.isPending}
              aria-label={t('payments.testOf', { provider: name })}
              data-testid={`payment-test-${provider}`}
            >
              {t('payments.test')}
            </Button>
          )}
        </Space>
      </div>
    </Card>
  );
}
