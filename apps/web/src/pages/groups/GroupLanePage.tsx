// 团队检票: the staffed group lane. The code field has the focus; Enter (or a scanner, which types
// and presses Enter) looks the group up and moves the focus to the head count; Enter there admits
// that many at once. The result — who came, who did not, what went back to the agency — stays on
// screen and the focus returns to the code field for the next group.
import { Alert, Button, Card, Descriptions, Empty, Input, Select, Space, Table, Tag } from 'antd';
import type { InputRef } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../components/errorText';
import { PageTitle } from '../../components/PageTitle';
import { formatFen, localized, timeAtSite } from '../../format';
import { useLocale } from '../../i18n/hooks';
import { Loading } from '../catalog/QueryStates';
import { admitGroup, laneGroup, type GroupView } from './api';
import { useGroupSites } from './sites';

export function GroupLanePage() {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { sites, pending } = useGroupSites();
  const [chosen, setChosen] = useState<string | null>(null);
  const site = sites.find((s) => s.id === chosen) ?? sites[0];
  return (
    <>
      <PageTitle
        title={t('groups.lane.title')}
        extra={
          sites.length > 1 ? (
            <Space>
              <label htmlFor="lane-site">{t('groups.site')}</label>
              <Select
                id="lane-site"
                showSearch={{ optionFilterProp: 'label' }}
                value={site?.id}
                onChange={setChosen}
                options={sites.map((s) => ({ value: s.id, label: localized(locale, s.nameZh, s.nameEn) }))}
              />
            </Space>
          ) : undefined
        }
      >
        <p className="admit-muted">{t('groups.lane.intro')}</p>
      </PageTitle>
      {pending ? <Loading /> : site ? <Lane key={site.id} siteId={site.id} /> : <Empty />}
    </>
  );
}

function Lane({ siteId }: { siteId: string }) {
  const { t } = useTranslation();
  const codeRef = useRef<InputRef>(null);
  const countRef = useRef<InputRef>(null);
  const [code, setCode] = useState('');
  const [headCount, setHeadCount] = useState('');
  const [group, setGroup] = useState<GroupView | null>(null);
  const [done, setDone] = useState<GroupView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // The shell moves the focus to the page's content on arrival; the lane's place is the code field.
  useEffect(() => {
    const timer = setTimeout(() => codeRef.current?.focus(), 0);
    return () => clearTimeout(timer);
  }, []);

  // A group found: the head count (prefilled with everyone still admissible) takes the focus, selected.
  useEffect(() => {
    if (group) countRef.current?.focus({ cursor: 'all' });
  }, [group]);

  async function lookUp() {
    if (code.trim() === '') return;
    setError(null);
    setDone(null);
    setBusy(true);
    try {
      const found = await laneGroup(siteId, code.trim());
      setGroup(found);
      setHeadCount(String(found.admissible));
    } catch (e) {
      setGroup(null);
      setError(errorText(e, t));
      codeRef.current?.select();
    } finally {
      setBusy(false);
    }
  }

  async function admit() {
    if (!group) return;
    setError(null);
    setBusy(true);
    try {
      const after = await admitGroup(siteId, group.code, Number(headCount));
      setDone(after);
      setGroup(null);
      setCode('');
      setHeadCount('');
      setTimeout(() => codeRef.current?.focus(), 0);
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card>
        <Space wrap>
          <label htmlFor="lane-code">{t('groups.lane.code')}</label>
          <Input
            id="lane-code"
            ref={codeRef}
            autoFocus
            autoComplete="off"
            value={code}
            onChange={(e) => setCode(e.target.value)}
            onPressEnter={() => void lookUp()}
            style={{ width: 220, fontSize: 20 }}
            data-testid="lane-code"
          />
          <Button onClick={() => void lookUp()} loading={busy && !group}>
            {t('groups.lane.lookup')}
          </Button>
        </Space>
      </Card>
      {error ? <Alert type="error" showIcon role="alert" message={error} /> : null}
      {group ? (
        <Card title={`${group.code} ${group.name}`} data-testid="lane-group">
          <Descriptions size="small" column={1}>
            <Descriptions.Item label={t('groups.columns.agency')}>{group.agencyName}</Descriptions.Item>
            <Descriptions.Item label={t('groups.columns.date')}>
              {group.visitDate}{' '}
              {group.sessionStartsAt
                ? `${timeAtSite(group.sessionStartsAt, group.timeZone)}–${group.sessionEndsAt ? timeAtSite(group.sessionEndsAt, group.timeZone) : ''}`
                : ''}
            </Descriptions.Item>
            <Descriptions.Item label={t('groups.columns.people')}>
              {t('groups.lane.booked', {
                count: group.visitors + group.guides + group.drivers,
                visitors: group.visitors,
                guides: group.guides,
                drivers: group.drivers,
              })}
            </Descriptions.Item>
            <Descriptions.Item label={t('groups.columns.status')}>
              <Tag>{t(`groups.status.${group.status}`)}</Tag>{' '}
              {t('groups.lane.admissible', { count: group.admissible })}
            </Descriptions.Item>
          </Descriptions>
          <Table
            rowKey="row"
            size="small"
            pagination={false}
            dataSource={group.members.filter((m) => m.role !== 'visitor')}
            columns={[
              { title: t('groups.columns.role'), render: (_, m) => t(`groups.roles.${m.role}`) },
              { title: t('groups.listColumns.name'), dataIndex: 'name' },
              { title: t('groups.columns.document'), dataIndex: 'document' },
            ]}
          />
          <Space wrap style={{ marginTop: 16 }}>
            <label htmlFor="lane-count">{t('groups.lane.headCount')}</label>
            <Input
              id="lane-count"
              ref={countRef}
              inputMode="numeric"
              value={headCount}
              onChange={(e) => setHeadCount(e.target.value.replace(/\D/g, ''))}
              onPressEnter={() => void admit()}
              style={{ width: 120, fontSize: 20 }}
              data-testid="lane-count"
            />
            <Button type="primary" loading={busy} onClick={() => void admit()}>
              {t('groups.lane.admit')}
            </Button>
          </Space>
        </Card>
      ) : null}
      {done ? (
        <Alert
          type="success"
          showIcon
          role="status"
          data-testid="lane-result"
          message={`${done.code} · ${t('groups.lane.admitted', { count: done.admittedCount ?? 0 })}`}
          description={t('groups.lane.result', {
            admitted: done.admittedCount ?? 0,
            noShows: done.noShows,
            refund: formatFen(done.noShowRefund),
          })}
        />
      ) : null}
    </Space>
  );
}
