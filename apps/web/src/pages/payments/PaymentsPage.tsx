// 支付通道 — a site's accounts at the payment providers (Alipay, WeChat Pay, a payment simulator): for
// each its state, last connection test and notification address, and a drawer to configure it with
// write-only secrets. Below, the simulator drills for training, which are the installation's.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App as AntApp } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type SiteView } from '../../api/catalog';
import {
  paymentAccountsQuery,
  paymentAccountsQueryKey,
  type PaymentAccount,
  type PaymentProvider,
} from '../../api/payments';
import { SitePage } from '../../components/SitePage';
import { Loading, LoadError } from '../catalog/QueryStates';
import { PaymentAccountDrawer } from './PaymentAccountDrawer';
import { ProviderCard } from './ProviderCard';
import { SimulatorDrills } from './SimulatorDrills';

const SITE_KEY = 'admit.payments.site';
/** The real providers first; the simulator is for development and training. */
const SHOWN: readonly PaymentProvider[] = ['alipay', 'wechat', 'simulator'];

export function PaymentsPage() {
  const { t } = useTranslation();
  return (
    <SitePage
      title={t('shell.nav.items.payments')}
      intro={<p className="admit-muted">{t('payments.intro')}</p>}
      storageKey={SITE_KEY}
      pickerId="payments-site"
      pickerLabel={t('payments.site')}
      noSites={t('gate.picker.noSites')}
    >
      {(site) => (
        <div className="admit-stack">
          <SiteAccounts key={site.id} site={site} />
          <SimulatorDrills />
        </div>
      )}
    </SitePage>
  );
}

function SiteAccounts({ site }: { site: SiteView }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const client = useQueryClient();
  const accounts = useQuery(paymentAccountsQuery(site.id));
  const [editing, setEditing] = useState<PaymentProvider | undefined>(undefined);
  const accountOf = (provider: PaymentProvider | undefined) =>
    accounts.data?.find((account) => account.provider === provider);

  if (accounts.isPending) return <Loading />;
  if (accounts.isError) return <LoadError error={accounts.error} onRetry={() => void accounts.refetch()} />;

  return (
    <section aria-label={t('shell.nav.items.payments')} data-testid="payment-accounts" data-site={site.id}>
      <ul className="admit-area-grid">
        {SHOWN.map((provider) => (
          <li key={provider} data-testid={`payment-card-${provider}`}>
            <ProviderCard
              site={site}
              provider={provider}
              account={accountOf(provider)}
              onEdit={() => setEditing(provider)}
            />
          </li>
        ))}
      </ul>
      <PaymentAccountDrawer
        siteId={site.id}
        provider={editing}
        account={accountOf(editing)}
        onClose={() => setEditing(undefined)}
        onSaved={(saved) => {
          client.setQueryData<PaymentAccount[]>(paymentAccountsQueryKey(site.id), (list) => [
            ...(list ?? []).filter((account) => account.id !== saved.id),
            saved,
          ]);
          void client.invalidateQueries({ queryKey: paymentAccountsQueryKey(site.id) });
          setEditing(undefined);
          void message.success(
            t('payments.drawer.saved', { provider: t(`payments.providers.${saved.provider}`) }),
          );
        }}
      />
    </section>
  );
}
