// 报表: the dashboard (the default view) and one screen per report, picked from a menu beside them —
// a list reached with Tab and walked with the arrow keys, Enter opening a report. The report and its
// filters are in the address, so a view can be bookmarked. The site picker in the title covers one
// site or all of them. Everything here only reads, except the daily summary e-mail's settings, shown
// only to those who may change them (settings.manage).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App as AntApp, Button, Col, Empty, Menu, Row, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { usePermission } from '../../auth/session';
import { errorText } from '../../components/errorText';
import { PageTitle } from '../../components/PageTitle';
import { Loading, LoadError } from '../catalog/QueryStates';
import { refreshSummaries, reportsQueryKey } from './api';
import { DailySummaryPanel } from './DailySummaryPanel';
import { Dashboard } from './Dashboard';
import { isReportKind, readView, REPORT_VIEWS, type ReportView } from './filters';
import { ReportScreen } from './ReportScreen';
import { ReportSiteSelect, useReportSite, type ReportSite } from './ReportSite';

export function ReportsPage() {
  const { t } = useTranslation();
  const [search, setSearch] = useSearchParams();
  const siteChoice = useReportSite();
  const reportSite: ReportSite = {
    ...siteChoice,
    choose: (siteId) => {
      siteChoice.choose(siteId);
      // A gate belongs to the site it was chosen at.
      setSearch((previous) => {
        const params = new URLSearchParams(previous);
        params.delete('gateId');
        return params;
      });
    },
  };
  const { sites } = reportSite;
  const canManageSummary = usePermission('settings.manage');
  const views = REPORT_VIEWS.filter((view) => view !== 'daily_summary' || canManageSummary);
  const view = readView(search, views);

  const choose = (next: ReportView) =>
    setSearch((previous) => {
      const params = new URLSearchParams(previous);
      if (next === 'dashboard') params.delete('report');
      else params.set('report', next);
      return params;
    });

  let body;
  if (sites.isPending) body = <Loading />;
  else if (sites.isError) body = <LoadError error={sites.error} onRetry={() => void sites.refetch()} />;
  else if (reportSite.list.length === 0) body = <Empty description={t('reports.noSites')} />;
  else
    body = (
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={5} xxl={4}>
          <nav aria-label={t('reports.picker')}>
            <Menu
              mode="inline"
              selectedKeys={[view]}
              onClick={({ key }) => choose(key as ReportView)}
              data-testid="report-picker"
              items={views.map((candidate) => ({
                key: candidate,
                label: <span data-testid={`report-${candidate}`}>{t(`reports.views.${candidate}`)}</span>,
              }))}
            />
          </nav>
        </Col>
        <Col xs={24} lg={19} xxl={20}>
          <ReportBody view={view} reportSite={reportSite} />
        </Col>
      </Row>
    );

  return (
    <>
      <PageTitle
        title={t('reports.title')}
        extra={
          <Space wrap>
            <ReportSiteSelect reportSite={reportSite} />
            <RefreshButton />
          </Space>
        }
      >
        <p className="admit-muted">{t('reports.intro')}</p>
      </PageTitle>
      {body}
    </>
  );
}

function ReportBody({ view, reportSite }: { view: ReportView; reportSite: ReportSite }) {
  if (view === 'dashboard') return <Dashboard reportSite={reportSite} />;
  if (view === 'daily_summary') return <DailySummaryPanel reportSite={reportSite} />;
  if (isReportKind(view)) return <ReportScreen key={view} kind={view} reportSite={reportSite} />;
  return null;
}

/** Brings the summaries up to date now instead of within the minute, then reads every report again. */
function RefreshButton() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const { message } = AntApp.useApp();
  const refresh = useMutation({
    mutationFn: refreshSummaries,
    onSuccess: () => client.invalidateQueries({ queryKey: reportsQueryKey }),
    onError: (error) => void message.error(errorText(error, t)),
  });
  return (
    <Button loading={refresh.isPending} onClick={() => refresh.mutate()} data-testid="reports-refresh">
      {t('reports.refresh')}
    </Button>
  );
}
