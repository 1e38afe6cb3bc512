// 团队检票: the staffed group lane. The code field has the focus; Enter (or a scanner, which types
// and presses Enter) looks the group up and moves the focus to the head count; Enter there admits
// that many at once. The result — who came, who did not, what went back to the agency — stays on
// screen and the focus returns to the code field for the next group. A head count that is empty, zero
// or more than the tickets still valid is refused in the form, before anything is sent: admitting
// fewer than came would turn the rest into no-shows refunded to the agency. Esc in the head count
// drops the group and goes back to the code field.
import { Alert, Button, Card, Descriptions, Input, Space, Table, Tag } from 'antd';
import type { InputRef } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../components/errorText';
import { formatFen, timeAtSite } from '../../format';
import { admitGroup, laneGroup, type GroupView } from './api';
import { GroupSitePage } from './SitePage';

export function GroupLanePage() {
  const { t } = useTranslation();
  return (
    <GroupSitePage title={t('groups.lane.title')} intro={t('groups.lane.intro')} pickerId="lane-site">
      {(siteId) => <Lane siteId={siteId} />}
    </GroupSitePage>
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
  const [countError, setCountError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // A second Enter before the answer arrives must not send the head count twice.
  const admitting = useRef(false);
  // The shell moves the focus to the page's content on arrival; the lane's place is the code field.
  useEffect(() => {
    const timer = setTimeout(() => codeRef.current?.focus(), 0);
    return () => clearTimeout(timer);
  }, []);

  // A group found: the head count (prefilled with everyone still admissible) takes the focus, selected.
  // One that cannot be admitted (already admitted, closed) leaves the focus in the code field.
  useEffect(() => {
    if (!group) return;
    if (countRef.current) countRef.current.focus({ cursor: 'all' });
    else codeRef.current?.focus({ cursor: 'all' });
  }, [group]);

  async function lookUp() {
    if (code.trim() === '') return;
    setError(null);
    setCountError(null);
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

  function headCountProblem(g: GroupView): string | null {
    const count = headCount === '' ? 0 : Number(headCount);
    if (!Number.isSafeInteger(count) || count < 1) return t('groups.lane.headCountRequired');
    if (count > g.admissible) return t('groups.lane.headCountTooHigh', { count: g.admissible });
    return null;
  }

  function backToCode() {
    setGroup(null);
    setHeadCount('');
    setCountError(null);
    codeRef.current?.focus({ cursor: 'all' });
  }

  async function admit() {
    if (!group || admitting.current) return;
    setError(null);
    const problem = headCountProblem(group);
    setCountError(problem);
    if (problem) {
      countRef.current?.focus({ cursor: 'all' });
      return;
    }
    admitting.current = true;
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
      admitting.current = false;
      setBusy(false);
    }
  }

  // Only a booked group with tickets still valid can be admitted; another shows what happened to it.
  const admissible = group !== null && group.status === 'booked' && group.admissible > 0;

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
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
      {error ? <Alert type="error" showIcon role="alert" title={error} data-testid="lane-error" /> : null}
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
            data-testid="lane-escorts"
            columns={[
              { key: 'role', title: t('groups.columns.role'), render: (_, m) => t(`groups.roles.${m.role}`) },
              { key: 'name', title: t('groups.listColumns.name'), dataIndex: 'name' },
              { key: 'document', title: t('groups.columns.document'), dataIndex: 'document' },
            ]}
          />
          {admissible ? (
            <Space wrap align="start" style={{ marginTop: 16 }}>
              <label htmlFor="lane-count">{t('groups.lane.headCount')}</label>
              <div>
                <Input
                  id="lane-count"
                  ref={countRef}
                  inputMode="numeric"
                  autoComplete="off"
                  value={headCount}
                  status={countError ? 'error' : undefined}
                  aria-invalid={countError ? true : undefined}
                  aria-describedby={countError ? 'lane-count-error' : undefined}
                  onChange={(e) => {
                    setHeadCount(e.target.value.replace(/\D/g, ''));
                    setCountError(null);
                  }}
                  onPressEnter={() => void admit()}
                  onKeyDown={(e) => {
                    if (e.key === 'Escape') backToCode();
                  }}
                  style={{ width: 120, fontSize: 20 }}
                  data-testid="lane-count"
                />
                {countError ? (
                  <div
                    id="lane-count-error"
                    role="alert"
                    className="admit-sell-error"
                    data-testid="lane-count-error"
                  >
                    {countError}
                  </div>
                ) : null}
              </div>
              <Button type="primary" loading={busy} onClick={() => void admit()} data-testid="lane-admit">
                {t('groups.lane.admit')}
              </Button>
            </Space>
          ) : null}
        </Card>
      ) : null}
      {done ? (
        <Alert
          type="success"
          showIcon
          role="status"
          data-testid="lane-result"
          title={`${done.code} · ${t('groups.lane.admitted', { count: done.admittedCount ?? 0 })}`}
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
