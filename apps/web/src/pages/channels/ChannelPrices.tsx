// A channel's prices: for each ticket type of its sites that is open to the API channel, the settlement
// price (what the channel pays us) and the suggested retail price, typed in yuan and saved in fen with
// one PUT. A ticket type with both fields empty has no channel price.
import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Empty, Form, Input, Table, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { productsQuery, type ProductView, type SiteView } from '../../api/catalog';
import { errorText } from '../../components/errorText';
import { formatFen, localized } from '../../format';
import { useLocale } from '../../i18n/hooks';
import { toFen, yuanRule, yuanText } from '../catalog/money';
import { Loading, LoadError } from '../catalog/QueryStates';
import { channelPricesQuery, saveChannelPrices, type ChannelPrice, type ChannelView } from './api';

type PriceFields = Record<string, { settlement?: string; retail?: string }>;
type PricesForm = { prices: PriceFields };

type Row = { product: ProductView; site: SiteView | undefined };

const FORM_ID = 'channel-prices-form';

export function ChannelPrices({ channel, sites }: { channel: ChannelView; sites: readonly SiteView[] }) {
  const { t } = useTranslation();
  const prices = useQuery(channelPricesQuery(channel.id));
  const products = useQueries({
    queries: channel.siteIds.map((siteId) => productsQuery(siteId)),
  });

  if (channel.siteIds.length === 0) return <Empty description={t('channels.prices.noSites')} />;
  const failed = [prices, ...products].find((query) => query.isError);
  if (failed !== undefined) return <LoadError error={failed.error} onRetry={() => void failed.refetch()} />;
  if (prices.isPending || products.some((query) => query.isPending) || prices.data === undefined)
    return <Loading />;

  const siteById = new Map(sites.map((site) => [site.id, site]));
  const rows: Row[] = products.flatMap((query) =>
    (query.data ?? [])
      .filter((product) => product.channels.includes('api'))
      .map((product) => ({ product, site: siteById.get(product.siteId) })),
  );
  if (rows.length === 0) return <Empty description={t('channels.prices.noProducts')} />;
  return <PricesForm key={prices.dataUpdatedAt} channel={channel} rows={rows} saved={prices.data} />;
}

function PricesForm({ channel, rows, saved }: { channel: ChannelView; rows: Row[]; saved: ChannelPrice[] }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { message } = AntApp.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<PricesForm>();
  const savedById = new Map(saved.map((price) => [price.productId, price]));
  const initial: PriceFields = Object.fromEntries(
    rows.map(({ product }) => {
      const price = savedById.get(product.id);
      return [
        product.id,
        { settlement: yuanText(price?.settlementPrice), retail: yuanText(price?.retailPrice) },
      ];
    }),
  );
  const mutation = useMutation({
    mutationFn: (body: ChannelPrice[]) => saveChannelPrices(channel.id, body),
    onSuccess: (stored) => {
      client.setQueryData(channelPricesQuery(channel.id).queryKey, stored);
      void message.success(t('channels.prices.saved'));
    },
  });

  const submit = (values: PricesForm) => {
    const body: ChannelPrice[] = [];
    const missing: { name: ['prices', string, 'settlement' | 'retail']; errors: string[] }[] = [];
    for (const { product } of rows) {
      const settlement = (values.prices?.[product.id]?.settlement ?? '').trim();
      const retail = (values.prices?.[product.id]?.retail ?? '').trim();
      if (settlement === '' && retail === '') continue;
      if (settlement === '' || retail === '') {
        const field: 'settlement' | 'retail' = settlement === '' ? 'settlement' : 'retail';
        missing.push({ name: ['prices', product.id, field], errors: [t('channels.prices.bothRequired')] });
        continue;
      }
      body.push({ productId: product.id, settlementPrice: toFen(settlement), retailPrice: toFen(retail) });
    }
    if (missing.length > 0) {
      form.setFields(missing);
      return;
    }
    mutation.mutate(body);
  };

  const name = (product: ProductView) => localized(locale, product.nameZh, product.nameEn);
  const columns: TableColumnsType<Row> = [
    {
      key: 'site',
      title: t('channels.prices.site'),
      render: (_value, row) => (row.site ? localized(locale, row.site.nameZh, row.site.nameEn) : ''),
    },
    {
      key: 'product',
      title: t('channels.prices.product'),
      render: (_value, row) => `${name(row.product)} (${row.product.code})`,
    },
    {
      key: 'listPrice',
      title: t('channels.prices.listPrice'),
      align: 'right',
      className: 'admit-nowrap',
      render: (_value, row) => formatFen(row.product.listPrice),
    },
    {
      key: 'settlement',
      title: t('channels.prices.settlementPrice'),
      render: (_value, row) => (
        <Form.Item
          name={['prices', row.product.id, 'settlement']}
          rules={[yuanRule(t, { required: false })]}
          style={{ marginBottom: 0 }}
        >
          <Input
            prefix="¥"
            inputMode="decimal"
            autoComplete="off"
            className="admit-input-money"
            aria-label={t('channels.prices.settlementOf', { name: name(row.product) })}
            data-testid={`settlement-${row.product.code}`}
          />
        </Form.Item>
      ),
    },
    {
      key: 'retail',
      title: t('channels.prices.retailPrice'),
      render: (_value, row) => (
        <Form.Item
          name={['prices', row.product.id, 'retail']}
          rules={[yuanRule(t, { required: false })]}
          style={{ marginBottom: 0 }}
        >
          <Input
            prefix="¥"
            inputMode="decimal"
            autoComplete="off"
            className="admit-input-money"
            aria-label={t('channels.prices.retailOf', { name: name(row.product) })}
            data-testid={`retail-${row.product.code}`}
          />
        </Form.Item>
      ),
    },
  ];

  return (
    <Form<PricesForm>
      form={form}
      id={FORM_ID}
      initialValues={{ prices: initial }}
      disabled={mutation.isPending}
      onFinish={submit}
    >
      <p className="admit-muted">{t('channels.prices.intro')}</p>
      {mutation.isError ? (
        <Alert
          type="error"
          showIcon
          role="alert"
          className="admit-form-alert"
          title={errorText(mutation.error, t)}
        />
      ) : null}
      <Table<Row>
        rowKey={(row) => row.product.id}
        columns={columns}
        dataSource={rows}
        pagination={false}
        data-testid="channel-prices-table"
      />
      <div className="admit-toolbar">
        <span />
        <Button
          type="primary"
          htmlType="submit"
          loading={mutation.isPending}
          data-testid="channel-prices-save"
        >
          {t('channels.prices.save')}
        </Button>
      </div>
    </Form>
  );
}
