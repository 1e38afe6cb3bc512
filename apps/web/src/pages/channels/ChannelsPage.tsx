// Channels & API (渠道与接口): the channel partners (OTAs, resellers) that sell through the API, the sites
// each may sell, and — for the one chosen — its prices per ticket type, its API keys and its webhooks.
import { useQuery } from '@tanstack/react-query';
import { App as AntApp, Button, Card, Space, Table, Tabs, Tag, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { catalogSitesQuery } from '../../api/catalog';
import { PageTitle } from '../../components/PageTitle';
import { localized } from '../../format';
import { useLocale } from '../../i18n/hooks';
import { LoadError } from '../catalog/QueryStates';
import { Allocations } from './Allocations';
import { ApiKeys } from './ApiKeys';
import { channelsQuery, type ChannelView } from './api';
import { ChannelFormDrawer } from './ChannelFormDrawer';
import { ChannelPrices } from './ChannelPrices';
import { Webhooks } from './Webhooks';

export function ChannelsPage() {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { message } = AntApp.useApp();
  const sites = useQuery(catalogSitesQuery);
  const channels = useQuery(channelsQuery);
  // undefined: closed; null: a new channel; a channel: editing it.
  const [editing, setEditing] = useState<ChannelView | null | undefined>(undefined);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const siteList = sites.data ?? [];
  const siteById = new Map(siteList.map((site) => [site.id, site]));
  const selected = (channels.data ?? []).find((channel) => channel.id === selectedId);

  const siteNames = (channel: ChannelView) =>
    channel.siteIds
      .map((siteId) => {
        const site = siteById.get(siteId);
        return site === undefined ? siteId : localized(locale, site.nameZh, site.nameEn);
      })
      .join('、');

  const columns: TableColumnsType<ChannelView> = [
    { key: 'code', title: t('channels.fields.code'), dataIndex: 'code', className: 'admit-nowrap' },
    { key: 'name', title: t('channels.fields.name'), dataIndex: 'name' },
    {
      key: 'contact',
      title: t('channels.fields.contact'),
      render: (_value, channel) => [channel.contactName, channel.contactPhone].filter(Boolean).join(' · '),
    },
    {
      key: 'sites',
      title: t('channels.fields.sites'),
      render: (_value, channel) => (
        <span data-testid={`channel-sites-${channel.code}`}>{siteNames(channel)}</span>
      ),
    },
    {
      key: 'active',
      title: t('catalog.form.status'),
      render: (_value, channel) =>
        channel.active ? (
          <Tag color="green">{t('catalog.form.active')}</Tag>
        ) : (
          <Tag>{t('catalog.form.inactive')}</Tag>
        ),
    },
    {
      key: 'actions',
      title: t('common.actions'),
      render: (_value, channel) => (
        <Space size={0} wrap>
          <Button
            size="small"
            type="link"
            onClick={() => setEditing(channel)}
            aria-label={t('catalog.form.editOf', { name: channel.name })}
            data-testid={`edit-channel-${channel.code}`}
          >
            {t('catalog.form.edit')}
          </Button>
          <Button
            size="small"
            type="link"
            onClick={() => setSelectedId(channel.id)}
            aria-label={t('channels.selectOf', { name: channel.name })}
            aria-pressed={channel.id === selectedId}
            data-testid={`select-channel-${channel.code}`}
          >
            {t('channels.select')}
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageTitle title={t('shell.nav.items.channels')}>
        <p className="admit-muted">{t('channels.intro')}</p>
      </PageTitle>
      <section aria-label={t('shell.nav.items.channels')}>
        <div className="admit-toolbar">
          <span />
          <Button type="primary" onClick={() => setEditing(null)} data-testid="new-channel">
            {t('channels.new')}
          </Button>
        </div>
        {channels.isError ? (
          <LoadError error={channels.error} onRetry={() => void channels.refetch()} />
        ) : null}
        {sites.isError ? <LoadError error={sites.error} onRetry={() => void sites.refetch()} /> : null}
        <Table<ChannelView>
          rowKey="id"
          columns={columns}
          dataSource={channels.data ?? []}
          loading={channels.isPending}
          pagination={false}
          rowClassName={(channel) => (channel.id === selectedId ? 'ant-table-row-selected' : '')}
          locale={{ emptyText: t('channels.none') }}
          data-testid="channels-table"
        />
      </section>
      {selected === undefined ? null : (
        <Card
          key={selected.id}
          title={t('channels.selected', { name: selected.name, code: selected.code })}
          className="admit-section"
          data-testid="channel-detail"
        >
          <Tabs
            items={[
              {
                key: 'prices',
                label: t('channels.tabs.prices'),
                children: <ChannelPrices channel={selected} sites={siteList} />,
              },
              { key: 'keys', label: t('channels.tabs.keys'), children: <ApiKeys channel={selected} /> },
              {
                key: 'webhooks',
                label: t('channels.tabs.webhooks'),
                children: <Webhooks channel={selected} />,
              },
              {
                key: 'allocations',
                label: t('channels.tabs.allocations'),
                children: <Allocations channel={selected} sites={siteList} />,
              },
            ]}
          />
        </Card>
      )}
      <ChannelFormDrawer
        channel={editing}
        sites={siteList}
        onClose={() => setEditing(undefined)}
        onSaved={(saved) => {
          setEditing(undefined);
          setSelectedId(saved.id);
          void message.success(t('channels.saved', { name: saved.name }));
        }}
      />
    </>
  );
}
