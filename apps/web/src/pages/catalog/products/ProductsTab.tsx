// The ticket types (票种) of the site, in their display order, with the rules that matter at a glance.
import { useQuery } from '@tanstack/react-query';
import { App as AntApp, Button, Space, Table, Tag, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { productsQuery, type ProductView } from '../../../api/catalog';
import { formatFen, localized } from '../../../format';
import { useLocale } from '../../../i18n/hooks';
import { useCatalog } from '../context';
import { ageRangeText } from '../labels';
import { LoadError } from '../QueryStates';
import { ProductFormDrawer } from './ProductFormDrawer';

export function ProductsTab() {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { site, canWrite } = useCatalog();
  const { message } = AntApp.useApp();
  const products = useQuery(productsQuery(site.id));
  const [editing, setEditing] = useState<ProductView | null | undefined>(undefined);

  const columns: TableColumnsType<ProductView> = [
    {
      key: 'code',
      title: t('catalog.products.fields.code'),
      className: 'admit-nowrap',
      render: (_value, product) => <span data-testid={`product-${product.code}`}>{product.code}</span>,
    },
    {
      key: 'name',
      title: t('catalog.products.fields.name'),
      render: (_value, product) => localized(locale, product.nameZh, product.nameEn),
    },
    {
      key: 'category',
      title: t('catalog.products.fields.category'),
      className: 'admit-nowrap',
      render: (_value, product) => t(`catalog.categories.${product.category}`),
    },
    {
      key: 'listPrice',
      title: t('catalog.products.fields.listPrice'),
      align: 'right',
      className: 'admit-nowrap',
      render: (_value, product) => formatFen(product.listPrice),
    },
    {
      key: 'channels',
      title: t('catalog.products.fields.channels'),
      render: (_value, product) => (
        <Space size={[4, 4]} wrap>
          {product.channels.map((channel) => (
            <Tag key={channel}>{t(`catalog.channels.${channel}`)}</Tag>
          ))}
        </Space>
      ),
    },
    {
      key: 'flags',
      title: t('catalog.products.fields.rules'),
      render: (_value, product) => (
        <Space size={[4, 4]} wrap>
          {product.comboParts.length > 0 ? (
            <Tag color="purple" data-testid={`combo-tag-${product.code}`}>
              {t('catalog.products.flags.combo')}
            </Tag>
          ) : null}
          {product.realName ? <Tag color="blue">{t('catalog.products.flags.realName')}</Tag> : null}
          {product.minAge !== null || product.maxAge !== null ? (
            <Tag data-testid={`ages-tag-${product.code}`}>
              {ageRangeText(t, product.minAge, product.maxAge)}
            </Tag>
          ) : null}
          {product.refundPolicy.allowed ? <Tag>{t('catalog.products.flags.refundable')}</Tag> : null}
          {product.autoRefundAtExpiry ? (
            <Tag color="gold" data-testid={`auto-refund-tag-${product.code}`}>
              {t('shopAdmin.product.autoRefundTag')}
            </Tag>
          ) : null}
          {product.countsTowardsDailyMax ? null : <Tag>{t('catalog.products.flags.outsideDailyMax')}</Tag>}
        </Space>
      ),
    },
    {
      key: 'active',
      title: t('catalog.form.status'),
      render: (_value, product) =>
        product.active ? (
          <Tag color="green">{t('catalog.form.onSale')}</Tag>
        ) : (
          <Tag>{t('catalog.form.inactive')}</Tag>
        ),
    },
  ];
  if (canWrite) {
    columns.push({
      key: 'actions',
      title: t('common.actions'),
      render: (_value, product) => (
        <Button
          size="small"
          type="link"
          onClick={() => setEditing(product)}
          aria-label={t('catalog.form.editOf', { name: localized(locale, product.nameZh, product.nameEn) })}
        >
          {t('catalog.form.edit')}
        </Button>
      ),
    });
  }

  return (
    <section aria-label={t('catalog.tabs.products')}>
      {canWrite ? (
        <div className="admit-toolbar">
          <span />
          <Button type="primary" onClick={() => setEditing(null)} data-testid="new-product">
            {t('catalog.products.new')}
          </Button>
        </div>
      ) : null}
      {products.isError ? <LoadError error={products.error} onRetry={() => void products.refetch()} /> : null}
      <Table<ProductView>
        rowKey="id"
        columns={columns}
        dataSource={products.data ?? []}
        loading={products.isPending}
        pagination={false}
        scroll={{ x: 900 }}
        data-testid="products-table"
      />
      <ProductFormDrawer
        site={site}
        product={editing}
        onClose={() => setEditing(undefined)}
        onSaved={(product) => {
          setEditing(undefined);
          void message.success(
            t('catalog.form.saved', { name: localized(locale, product.nameZh, product.nameEn) }),
          );
        }}
      />
    </section>
  );
}
