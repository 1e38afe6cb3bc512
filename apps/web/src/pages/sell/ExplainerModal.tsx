// Why each line costs what it costs (F2 or ?): the unit price and the pricing rule that decided it, in
// the catalog explainer's own words. Before any ticket is added it explains every ticket type on sale.
import { Modal, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PriceQuote } from '../../api/catalog';
import type { BoxOfficeProduct } from '../../api/sales';
import { formatFen, localized } from '../../format';
import { useLocale } from '../../i18n/hooks';
import { explainLine } from '../catalog/explainer/explain';

export type ExplainedLine = {
  productId: string;
  quantity: number;
  unitPrice: number;
  amount: number;
  explanation: Record<string, unknown>;
};

export function ExplainerModal({
  open,
  onClose,
  lines,
  products,
  priceVersion,
}: {
  open: boolean;
  onClose: () => void;
  lines: readonly ExplainedLine[];
  products: ReadonlyMap<string, BoxOfficeProduct>;
  priceVersion: PriceQuote['priceVersion'];
}) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const productName = (productId: string) => {
    const product = products.get(productId);
    return product === undefined ? productId : localized(locale, product.nameZh, product.nameEn);
  };
  return (
    <Modal
      open={open}
      onCancel={onClose}
      footer={null}
      title={t('sell.explainTitle')}
      width={760}
      destroyOnHidden
    >
      <Table<ExplainedLine>
        rowKey="productId"
        size="small"
        pagination={false}
        dataSource={[...lines]}
        data-testid="sell-explainer"
        columns={[
          {
            key: 'product',
            title: t('catalog.explainer.product'),
            render: (_v, line) => productName(line.productId),
          },
          { key: 'quantity', title: t('catalog.explainer.quantity'), dataIndex: 'quantity', align: 'right' },
          {
            key: 'unit',
            title: t('catalog.explainer.unitPrice'),
            align: 'right',
            className: 'admit-nowrap',
            render: (_v, line) => formatFen(line.unitPrice),
          },
          {
            key: 'why',
            title: t('catalog.explainer.why'),
            render: (_v, line) => (
              <span data-testid="sell-explanation">
                {explainLine(line, { t, productName, priceVersion })}
              </span>
            ),
          },
        ]}
      />
    </Modal>
  );
}
