// The gates (检票口) of the site: where tickets are checked, and in which direction people pass.
import { useQuery } from '@tanstack/react-query';
import { App as AntApp, Button, Table, Tag, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { gatesQuery, type GateView } from '../../../api/catalog';
import { localized } from '../../../format';
import { useLocale } from '../../../i18n/hooks';
import { useCatalog } from '../context';
import { LoadError } from '../QueryStates';
import { GateFormModal } from './GateFormModal';

export function GatesTab() {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { site, canWrite } = useCatalog();
  const { message } = AntApp.useApp();
  const gates = useQuery(gatesQuery(site.id));
  // undefined: closed; null: a new gate; a gate: editing it.
  const [editing, setEditing] = useState<GateView | null | undefined>(undefined);

  const columns: TableColumnsType<GateView> = [
    { key: 'code', title: t('catalog.gates.code'), dataIndex: 'code', className: 'admit-nowrap' },
    { key: 'nameZh', title: t('catalog.gates.nameZh'), dataIndex: 'nameZh' },
    { key: 'nameEn', title: t('catalog.gates.nameEn'), dataIndex: 'nameEn' },
    {
      key: 'direction',
      title: t('catalog.gates.direction'),
      render: (_value, gate) => <Tag>{t(`catalog.gates.directions.${gate.direction}`)}</Tag>,
    },
    {
      key: 'active',
      title: t('catalog.form.status'),
      render: (_value, gate) =>
        gate.active ? (
          <Tag color="green">{t('catalog.form.active')}</Tag>
        ) : (
          <Tag>{t('catalog.form.inactive')}</Tag>
        ),
    },
  ];
  if (canWrite) {
    columns.push({
      key: 'actions',
      title: t('common.actions'),
      render: (_value, gate) => (
        <Button
          size="small"
          type="link"
          onClick={() => setEditing(gate)}
          aria-label={t('catalog.form.editOf', { name: localized(locale, gate.nameZh, gate.nameEn) })}
        >
          {t('catalog.form.edit')}
        </Button>
      ),
    });
  }

  return (
    <section aria-label={t('catalog.tabs.gates')}>
      {canWrite ? (
        <div className="admit-toolbar">
          <span />
          <Button type="primary" onClick={() => setEditing(null)} data-testid="new-gate">
            {t('catalog.gates.new')}
          </Button>
        </div>
      ) : null}
      {gates.isError ? <LoadError error={gates.error} onRetry={() => void gates.refetch()} /> : null}
      <Table<GateView>
        rowKey="id"
        columns={columns}
        dataSource={gates.data ?? []}
        loading={gates.isPending}
        pagination={false}
        data-testid="gates-table"
      />
      <GateFormModal
        siteId={site.id}
        gate={editing}
        onClose={() => setEditing(undefined)}
        onSaved={(gate) => {
          setEditing(undefined);
          void message.success(
            t('catalog.form.saved', { name: localized(locale, gate.nameZh, gate.nameEn) }),
          );
        }}
      />
    </section>
  );
}
