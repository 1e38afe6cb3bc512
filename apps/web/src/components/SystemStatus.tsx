// Version, database engine and readiness of the server, as reported by /api/v1/meta and /readyz.
import { useQuery } from '@tanstack/react-query';
import { Alert, Badge, Button, Card, Descriptions, Spin, type DescriptionsProps } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { metaQuery, readinessQuery, type ReadinessResponse } from '../api/system';
import { errorText } from './errorText';

export function SystemStatus() {
  const { t } = useTranslation();
  const meta = useQuery(metaQuery);
  const readiness = useQuery(readinessQuery);

  if (meta.isPending) {
    return (
      <Card title={t('status.title')}>
        <Spin description={t('status.loading')}>
          <div className="admit-status-placeholder" />
        </Spin>
      </Card>
    );
  }

  if (meta.isError) {
    return (
      <Card title={t('status.title')}>
        <Alert
          type="error"
          showIcon
          title={t('status.loadFailed')}
          description={errorText(meta.error, t)}
          action={
            <Button size="small" onClick={() => void meta.refetch()}>
              {t('status.retry')}
            </Button>
          }
        />
      </Card>
    );
  }

  const items: DescriptionsProps['items'] = [
    {
      key: 'version',
      label: t('status.version'),
      children: <span data-testid="version">{meta.data.version}</span>,
    },
    {
      key: 'engine',
      label: t('status.databaseEngine'),
      children: <span data-testid="database-engine">{t(`status.engine.${meta.data.databaseEngine}`)}</span>,
    },
    ...readinessItems(readiness.data, readiness.isError, t),
  ];

  return (
    <Card title={t('status.title')}>
      <Descriptions column={1} size="small" bordered items={items} />
    </Card>
  );
}

type T = TFunction;

function readinessItems(
  data: ReadinessResponse | undefined,
  failed: boolean,
  t: T,
): NonNullable<DescriptionsProps['items']> {
  if (data === undefined) {
    return [
      {
        key: 'readiness',
        label: t('status.readiness'),
        children: failed ? (
          <Badge status="default" text={t('status.migrationsUnknown')} />
        ) : (
          <Spin size="small" />
        ),
      },
    ];
  }
  const ready = data.status === 'ready';
  const items: NonNullable<DescriptionsProps['items']> = [
    {
      key: 'readiness',
      label: t('status.readiness'),
      children: (
        <span data-testid="readiness">
          <Badge
            status={ready ? 'success' : 'error'}
            text={ready ? t('status.ready') : t('status.notReady')}
          />
        </span>
      ),
    },
    {
      key: 'database',
      label: t('status.database'),
      children:
        data.checks.database === 'ok' ? (
          <Badge status="success" text={t('status.databaseOk')} />
        ) : (
          <Badge status="error" text={t('status.databaseUnreachable')} />
        ),
    },
    {
      key: 'migrations',
      label: t('status.migrations'),
      children: <MigrationsState state={data.checks.migrations} t={t} />,
    },
  ];
  if (data.pendingMigrations.length > 0) {
    items.push({
      key: 'pending',
      label: t('status.pendingMigrations'),
      children: (
        <ul className="admit-plain-list">
          {data.pendingMigrations.map((name) => (
            <li key={name}>
              <code>{name}</code>
            </li>
          ))}
        </ul>
      ),
    });
  }
  return items;
}

function MigrationsState({ state, t }: { state: ReadinessResponse['checks']['migrations']; t: T }) {
  switch (state) {
    case 'current':
      return <Badge status="success" text={t('status.migrationsCurrent')} />;
    case 'pending':
      return <Badge status="warning" text={t('status.migrationsPending')} />;
    case 'unknown':
      return <Badge status="default" text={t('status.migrationsUnknown')} />;
  }
}
