// 检票设备 — the gate devices of a site: its gates with the devices in use at each, the devices with
// their status and when they were last seen, registering a new one (a QR code the device scans) and
// revoking a lost one at once.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App as AntApp, Button, Table, Tag, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { gatesQuery, type GateView, type SiteView } from '../../api/catalog';
import {
  devicesQuery,
  devicesQueryKey,
  revokeDevice,
  type DeviceStatus,
  type DeviceView,
} from '../../api/gate';
import { errorText } from '../../components/errorText';
import { SitePage } from '../../components/SitePage';
import { dateTimeAtSite, localized } from '../../format';
import { useLocale } from '../../i18n/hooks';
import { LoadError } from '../catalog/QueryStates';
import { RegisterDeviceModal } from './RegisterDeviceModal';

const SITE_KEY = 'admit.devices.site';
/** The list follows devices registering and checking in while the page is open. */
const REFRESH_MS = 5000;

const statusColor: Record<DeviceStatus, string> = { pending: 'gold', active: 'green', revoked: 'default' };

export function DevicesPage() {
  const { t } = useTranslation();
  return (
    <SitePage
      title={t('shell.nav.items.devices')}
      intro={<p className="admit-muted">{t('gate.devices.intro')}</p>}
      storageKey={SITE_KEY}
      pickerId="devices-site"
      pickerLabel={t('gate.devices.site')}
      noSites={t('gate.picker.noSites')}
    >
      {(site) => <SiteDevices key={site.id} site={site} />}
    </SitePage>
  );
}

function SiteDevices({ site }: { site: SiteView }) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { message, modal } = AntApp.useApp();
  const client = useQueryClient();
  const gates = useQuery(gatesQuery(site.id));
  const devices = useQuery({ ...devicesQuery(site.id), refetchInterval: REFRESH_MS });
  const [registering, setRegistering] = useState(false);
  const gateList = (gates.data ?? []).filter((gate) => gate.active);
  const gateById = new Map((gates.data ?? []).map((gate) => [gate.id, gate]));
  const gateName = (gate: GateView | undefined) =>
    gate === undefined ? '' : localized(locale, gate.nameZh, gate.nameEn);

  const revoke = useMutation({
    mutationFn: (device: DeviceView) => revokeDevice(site.id, device.id),
    onSuccess: (device) => {
      void client.invalidateQueries({ queryKey: devicesQueryKey(site.id) });
      void message.success(t('gate.devices.revoked', { name: device.name }));
    },
    onError: (error) => void message.error(errorText(error, t)),
  });

  const confirmRevoke = (device: DeviceView) => {
    modal.confirm({
      title: t('gate.devices.revokeTitle', { name: device.name }),
      content: t('gate.devices.revokeContent'),
      okText: t('gate.devices.revoke'),
      okButtonProps: { danger: true, 'data-testid': 'revoke-confirm' },
      cancelText: t('common.cancel'),
      onOk: () => revoke.mutateAsync(device).catch(() => undefined),
    });
  };

  const inUse = (gateId: string) =>
    (devices.data ?? []).filter((device) => device.gateId === gateId && device.status === 'active').length;

  const gateColumns: TableColumnsType<GateView> = [
    { key: 'code', title: t('gate.devices.gateColumns.code'), dataIndex: 'code', className: 'admit-nowrap' },
    { key: 'name', title: t('gate.devices.gateColumns.name'), render: (_v, gate) => gateName(gate) },
    {
      key: 'direction',
      title: t('gate.devices.gateColumns.direction'),
      render: (_v, gate) => <Tag>{t(`gate.direction.${gate.direction}`)}</Tag>,
    },
    { key: 'devices', title: t('gate.devices.gateColumns.devices'), render: (_v, gate) => inUse(gate.id) },
  ];

  const deviceColumns: TableColumnsType<DeviceView> = [
    { key: 'name', title: t('gate.devices.columns.name'), dataIndex: 'name' },
    {
      key: 'gate',
      title: t('gate.devices.columns.gate'),
      render: (_v, device) => gateName(gateById.get(device.gateId)),
    },
    {
      key: 'status',
      title: t('gate.devices.columns.status'),
      render: (_v, device) => (
        <Tag
          color={statusColor[device.status]}
          data-testid={`device-status-${device.id}`}
          data-status={device.status}
        >
          {t(`gate.devices.status.${device.status}`)}
        </Tag>
      ),
    },
    {
      key: 'registeredAt',
      title: t('gate.devices.columns.registeredAt'),
      className: 'admit-nowrap',
      render: (_v, device) => dateTimeAtSite(device.registeredAt, site.timeZone) || t('gate.devices.never'),
    },
    {
      key: 'lastSeenAt',
      title: t('gate.devices.columns.lastSeenAt'),
      className: 'admit-nowrap',
      render: (_v, device) => dateTimeAtSite(device.lastSeenAt, site.timeZone) || t('gate.devices.never'),
    },
    {
      key: 'actions',
      title: t('common.actions'),
      render: (_v, device) =>
        device.status === 'revoked' ? null : (
          <Button
            size="small"
            danger
            onClick={() => confirmRevoke(device)}
            aria-label={t('gate.devices.revokeOf', { name: device.name })}
            data-testid={`revoke-${device.id}`}
          >
            {t('gate.devices.revoke')}
          </Button>
        ),
    },
  ];

  return (
    <div className="admit-devices">
      <div className="admit-toolbar">
        <span />
        <Button
          type="primary"
          onClick={() => setRegistering(true)}
          disabled={gateList.length === 0}
          data-testid="register-device"
        >
          {t('gate.devices.registerButton')}
        </Button>
      </div>
      <section aria-labelledby="devices-gates">
        <h2 id="devices-gates" className="admit-section-heading">
          {t('gate.devices.gates')}
        </h2>
        {gates.isError ? <LoadError error={gates.error} onRetry={() => void gates.refetch()} /> : null}
        <Table<GateView>
          rowKey="id"
          size="small"
          columns={gateColumns}
          dataSource={gateList}
          loading={gates.isPending}
          pagination={false}
          data-testid="devices-gates"
        />
      </section>
      <section aria-labelledby="devices-list">
        <h2 id="devices-list" className="admit-section-heading">
          {t('gate.devices.list')}
        </h2>
        {devices.isError ? <LoadError error={devices.error} onRetry={() => void devices.refetch()} /> : null}
        <Table<DeviceView>
          rowKey="id"
          columns={deviceColumns}
          dataSource={devices.data ?? []}
          loading={devices.isPending}
          pagination={false}
          locale={{ emptyText: t('gate.devices.none') }}
          data-testid="devices-table"
        />
      </section>
      <RegisterDeviceModal
        open={registering}
        site={site}
        gates={gateList}
        devices={devices.data ?? []}
        onClose={() => setRegistering(false)}
      />
    </div>
  );
}
