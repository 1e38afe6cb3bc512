// Price versions (价格版本): each a set of prices with effective dates; versions never overlap, so every
// day has at most one in force.
import { useQuery } from '@tanstack/react-query';
import { App as AntApp, Button, Card, Table, Tag, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  priceVersionsQuery,
  type PriceVersionView,
  type ProductView,
  type SiteView,
} from '../../../api/catalog';
import { todayAtSite } from '../../../format';
import { LoadError } from '../QueryStates';
import { PriceVersionDrawer } from './PriceVersionDrawer';

type Editing = { version: PriceVersionView | null; template: PriceVersionView | undefined };

export function PriceVersionsCard({
  site,
  products,
  canWrite,
}: {
  site: SiteView;
  products: ProductView[];
  canWrite: boolean;
}) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const versions = useQuery(priceVersionsQuery(site.id));
  const [editing, setEditing] = useState<Editing | undefined>(undefined);
  const today = todayAtSite(site.timeZone);

  const columns: TableColumnsType<PriceVersionView> = [
    {
      key: 'name',
      title: t('catalog.prices.versionName'),
      render: (_value, version) => <span data-testid={`price-version-${version.name}`}>{version.name}</span>,
    },
    {
      key: 'dates',
      title: t('catalog.prices.effective'),
      className: 'admit-nowrap',
      render: (_value, version) =>
        t('catalog.prices.effectiveRange', {
          from: version.effectiveFrom,
          to: version.effectiveTo ?? t('catalog.prices.openEnded'),
        }),
    },
    {
      key: 'state',
      title: t('catalog.form.status'),
      render: (_value, version) => {
        if (version.effectiveFrom > today) return <Tag color="blue">{t('catalog.prices.future')}</Tag>;
        if (version.effectiveTo !== null && version.effectiveTo < today)
          return <Tag>{t('catalog.prices.past')}</Tag>;
        return <Tag color="green">{t('catalog.prices.inForce')}</Tag>;
      },
    },
    {
      key: 'rules',
      title: t('catalog.prices.ruleCount'),
      align: 'right',
      render: (_value, version) => version.rules.length,
    },
  ];
  if (canWrite) {
    columns.push({
      key: 'actions',
      title: t('common.actions'),
      render: (_value, version) => (
        <Button
          size="small"
          type="link"
          onClick={() => setEditing({ version, template: version })}
          aria-label={t('catalog.form.editOf', { name: version.name })}
        >
          {t('catalog.form.edit')}
        </Button>
      ),
    });
  }

  return (
    <Card
      title={<h2 className="admit-card-heading">{t('catalog.prices.versionsTitle')}</h2>}
      extra={
        canWrite ? (
          <Button
            type="primary"
            onClick={() => setEditing({ version: null, template: versions.data?.[0] })}
            data-testid="new-price-version"
          >
            {t('catalog.prices.newVersion')}
          </Button>
        ) : null
      }
    >
      <p className="admit-muted">{t('catalog.prices.versionsHint')}</p>
      {versions.isError ? <LoadError error={versions.error} onRetry={() => void versions.refetch()} /> : null}
      <Table<PriceVersionView>
        rowKey="id"
        columns={columns}
        dataSource={versions.data ?? []}
        loading={versions.isPending}
        pagination={false}
        data-testid="price-versions-table"
      />
      <PriceVersionDrawer
        site={site}
        products={products}
        editing={editing}
        onClose={() => setEditing(undefined)}
        onSaved={(version) => {
          setEditing(undefined);
          void message.success(t('catalog.form.saved', { name: version.name }));
        }}
      />
    </Card>
  );
}
