// The sessions tab: a month calendar of the site's sessions (by business day at the site), the chosen
// day's list with capacity and status actions, and "Generate sessions".
import { useQuery } from '@tanstack/react-query';
import { App as AntApp, Button, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { productsQuery, sessionsQuery } from '../../../api/catalog';
import { todayAtSite } from '../../../format';
import { useLocale } from '../../../i18n/hooks';
import { useCatalog } from '../context';
import { Loading, LoadError } from '../QueryStates';
import { DaySessions } from './DaySessions';
import { GenerateSessionsDrawer } from './GenerateSessionsDrawer';
import { firstOfMonth, lastOfMonth, monthOf, shiftMonth } from './month';
import { MonthCalendar, ToneLegend } from './MonthCalendar';

export function SessionsTab() {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { site, canWrite } = useCatalog();
  const { message } = AntApp.useApp();
  const today = todayAtSite(site.timeZone);
  const [month, setMonth] = useState(() => monthOf(today));
  const [selected, setSelected] = useState<string | null>(today);
  const [generating, setGenerating] = useState(false);
  const sessions = useQuery(sessionsQuery(site.id, { from: firstOfMonth(month), to: lastOfMonth(month) }));
  const products = useQuery(productsQuery(site.id));

  const monthLabel = new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: 'long',
    timeZone: 'UTC',
  }).format(new Date(`${firstOfMonth(month)}T00:00:00Z`));
  const goTo = (next: string) => {
    setMonth(next);
    setSelected(monthOf(today) === next ? today : null);
  };
  const daySessions =
    selected === null ? [] : (sessions.data ?? []).filter((session) => session.businessDate === selected);

  return (
    <section aria-label={t('catalog.tabs.sessions')}>
      <div className="admit-toolbar">
        <Space wrap>
          <Button
            onClick={() => goTo(shiftMonth(month, -1))}
            aria-label={t('catalog.sessions.previousMonth')}
          >
            ‹
          </Button>
          <Typography.Title level={2} className="admit-month-title" data-testid="sessions-month">
            {monthLabel}
          </Typography.Title>
          <Button onClick={() => goTo(shiftMonth(month, 1))} aria-label={t('catalog.sessions.nextMonth')}>
            ›
          </Button>
          <Button onClick={() => goTo(monthOf(today))}>{t('catalog.sessions.thisMonth')}</Button>
        </Space>
        {canWrite ? (
          <Button type="primary" onClick={() => setGenerating(true)} data-testid="generate-sessions">
            {t('catalog.sessions.generate.button')}
          </Button>
        ) : null}
      </div>
      <ToneLegend />
      {sessions.isError ? <LoadError error={sessions.error} onRetry={() => void sessions.refetch()} /> : null}
      {sessions.isPending ? (
        <Loading />
      ) : (
        <MonthCalendar
          month={month}
          sessions={sessions.data ?? []}
          timeZone={site.timeZone}
          today={today}
          selected={selected}
          onSelect={setSelected}
        />
      )}
      {selected !== null && sessions.data !== undefined ? (
        <DaySessions
          site={site}
          date={selected}
          sessions={daySessions}
          products={products.data ?? []}
          canWrite={canWrite}
        />
      ) : null}
      <GenerateSessionsDrawer
        open={generating}
        site={site}
        products={products.data ?? []}
        onClose={() => setGenerating(false)}
        onGenerated={({ created, from }) => {
          setGenerating(false);
          setMonth(monthOf(from));
          setSelected(from);
          void message.success(t('catalog.sessions.generate.done', { count: created }));
        }}
      />
    </section>
  );
}
