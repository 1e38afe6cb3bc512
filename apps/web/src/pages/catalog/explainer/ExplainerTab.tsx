// The price explainer (价格解释): pick a date, a channel and how many of each ticket type, and see what
// each line costs and why — the rule that decided it in a sentence, the kinds of day the date is, the
// price version in force, and the total. What a seller's customer is charged, explained before they ask.
import { useMutation, useQuery } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Radio,
  Table,
  Tag,
  type TableColumnsType,
} from 'antd';
import { useTranslation } from 'react-i18next';
import {
  productsQuery,
  quotePrice,
  type PriceQuote,
  type PriceQuoteLine,
  type ProductView,
} from '../../../api/catalog';
import { errorText } from '../../../components/errorText';
import { formatFen, localized, todayAtSite } from '../../../format';
import { useLocale } from '../../../i18n/hooks';
import { useCatalog } from '../context';
import { channelOptions } from '../labels';
import { Loading, LoadError } from '../QueryStates';
import { explainLine } from './explain';

type ExplainerForm = {
  date: string;
  channel: PriceQuote['channel'];
  quantities: Record<string, number | null>;
};

export function ExplainerTab() {
  const { t } = useTranslation();
  const { site } = useCatalog();
  const products = useQuery(productsQuery(site.id));
  if (products.isPending) return <Loading />;
  if (products.isError) return <LoadError error={products.error} onRetry={() => void products.refetch()} />;
  return (
    <Explainer
      siteId={site.id}
      timeZone={site.timeZone}
      products={products.data}
      label={t('catalog.tabs.explainer')}
    />
  );
}

function Explainer({
  siteId,
  timeZone,
  products,
  label,
}: {
  siteId: string;
  timeZone: string;
  products: ProductView[];
  label: string;
}) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const [form] = Form.useForm<ExplainerForm>();
  const quote = useMutation({
    mutationFn: (values: ExplainerForm) =>
      quotePrice(siteId, {
        date: values.date,
        channel: values.channel,
        quantities: products
          .map((product) => ({ productId: product.id, quantity: values.quantities?.[product.id] ?? 0 }))
          .filter((entry) => entry.quantity > 0),
      }),
  });
  const listed = products.filter((product) => product.active);
  const names = new Map(
    products.map((product) => [product.id, localized(locale, product.nameZh, product.nameEn)]),
  );
  const productName = (id: string) => names.get(id) ?? id;

  return (
    <section aria-label={label} className="admit-stack">
      <Card title={<h2 className="admit-card-heading">{t('catalog.explainer.title')}</h2>}>
        <p className="admit-muted">{t('catalog.explainer.hint')}</p>
        <Form<ExplainerForm>
          form={form}
          layout="vertical"
          initialValues={{
            date: todayAtSite(timeZone),
            channel: 'box_office',
            quantities: Object.fromEntries(listed.map((product) => [product.id, 0])),
          }}
          onFinish={(values) => quote.mutate(values)}
          onValuesChange={() => quote.reset()}
          data-testid="explainer-form"
        >
          <div className="admit-explainer-head">
            <Form.Item
              name="date"
              label={t('catalog.explainer.date')}
              rules={[{ required: true, message: t('catalog.form.dateRequired') }]}
            >
              <Input type="date" data-testid="explainer-date" />
            </Form.Item>
            <Form.Item name="channel" label={t('catalog.explainer.channel')}>
              <Radio.Group options={channelOptions(t)} />
            </Form.Item>
          </div>
          <fieldset className="admit-fieldset">
            <legend>{t('catalog.explainer.quantities')}</legend>
            <Form.Item
              name="quantities"
              noStyle
              dependencies={listed.map((product) => ['quantities', product.id])}
              rules={[
                {
                  validator: (_rule, value: ExplainerForm['quantities'] | undefined) =>
                    Object.values(value ?? {}).some((quantity) => (quantity ?? 0) > 0)
                      ? Promise.resolve()
                      : Promise.reject(new Error(t('catalog.explainer.quantitiesRequired'))),
                },
              ]}
            >
              <QuantityErrors />
            </Form.Item>
            <div className="admit-quantity-grid">
              {listed.map((product) => (
                <Form.Item
                  key={product.id}
                  name={['quantities', product.id]}
                  label={productName(product.id)}
                  className="admit-quantity"
                >
                  <InputNumber min={0} max={10000} precision={0} data-testid={`quantity-${product.code}`} />
                </Form.Item>
              ))}
            </div>
          </fieldset>
          <Button type="primary" htmlType="submit" loading={quote.isPending} data-testid="explain">
            {t('catalog.explainer.submit')}
          </Button>
        </Form>
      </Card>
      {quote.isError ? <Alert type="error" showIcon role="alert" title={errorText(quote.error, t)} /> : null}
      {quote.data ? <QuoteResult quote={quote.data} productName={productName} codes={products} /> : null}
    </section>
  );
}

/** Where the "at least one ticket" message shows: under the quantities' legend. */
function QuantityErrors() {
  const { errors } = Form.Item.useStatus();
  return errors.length > 0 ? (
    <div role="alert" className="admit-field-error">
      {errors[0]}
    </div>
  ) : null;
}

function QuoteResult({
  quote,
  productName,
  codes,
}: {
  quote: PriceQuote;
  productName: (id: string) => string;
  codes: ProductView[];
}) {
  const { t } = useTranslation();
  const codeOf = new Map(codes.map((product) => [product.id, product.code]));
  const context = { t, productName, priceVersion: quote.priceVersion };
  const columns: TableColumnsType<PriceQuoteLine> = [
    {
      key: 'product',
      title: t('catalog.explainer.product'),
      className: 'admit-nowrap',
      render: (_value, line) => (
        <span data-testid={`quote-product-${codeOf.get(line.productId) ?? line.productId}`}>
          {productName(line.productId)}
        </span>
      ),
    },
    { key: 'quantity', title: t('catalog.explainer.quantity'), align: 'right', dataIndex: 'quantity' },
    {
      key: 'unit',
      title: t('catalog.explainer.unitPrice'),
      align: 'right',
      className: 'admit-nowrap',
      render: (_value, line) => formatFen(line.unitPrice),
    },
    {
      key: 'amount',
      title: t('catalog.explainer.amount'),
      align: 'right',
      className: 'admit-nowrap',
      render: (_value, line) => formatFen(line.amount),
    },
    {
      key: 'why',
      title: t('catalog.explainer.why'),
      render: (_value, line) => <span data-testid="quote-explanation">{explainLine(line, context)}</span>,
    },
  ];

  return (
    <Card
      title={
        <h2 className="admit-card-heading">{t('catalog.explainer.resultTitle', { date: quote.date })}</h2>
      }
      data-testid="quote-result"
    >
      <Descriptions
        size="small"
        column={{ xs: 1, md: 3 }}
        className="admit-form-alert"
        items={[
          {
            key: 'dayTypes',
            label: t('catalog.explainer.dayTypes'),
            children: (
              <span data-testid="quote-day-types">
                {quote.dayTypes.map((dayType, index) => (
                  <Tag key={dayType} color={index === 0 ? 'volcano' : undefined}>
                    {t(`catalog.dayTypes.${dayType}`)}
                  </Tag>
                ))}
              </span>
            ),
          },
          {
            key: 'season',
            label: t('catalog.explainer.season'),
            children:
              quote.season === null ? t('catalog.explainer.noSeason') : t(`catalog.seasons.${quote.season}`),
          },
          {
            key: 'version',
            label: t('catalog.explainer.priceVersion'),
            children: quote.priceVersion?.name ?? t('catalog.explainer.noVersion'),
          },
        ]}
      />
      <Table<PriceQuoteLine>
        rowKey={(line) => `${line.productId}-${JSON.stringify(line.explanation)}`}
        size="small"
        columns={columns}
        dataSource={quote.lines}
        pagination={false}
        summary={() => (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0} colSpan={3}>
              <strong>{t('catalog.explainer.total')}</strong>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={3} align="right">
              <strong data-testid="quote-total">{formatFen(quote.total)}</strong>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={4} />
          </Table.Summary.Row>
        )}
        data-testid="quote-lines"
      />
    </Card>
  );
}
