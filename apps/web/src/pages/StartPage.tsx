// The start page, shown at `/` while nobody is logged in: what this server is, whether it is ready, the
// areas that are coming, and the way in.
import { Button, Card, Layout, Space, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { metaQuery } from '../api/system';
import { AreaCards } from '../components/AreaCards';
import { LocaleSwitch } from '../components/LocaleSwitch';
import { SystemStatus } from '../components/SystemStatus';

export function StartPage() {
  const { t } = useTranslation();
  const { data: meta } = useQuery(metaQuery);
  const navigate = useNavigate();
  return (
    <Layout className="admit-page">
      <a className="admit-skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <Layout.Header className="admit-header">
        <Typography.Title level={1} className="admit-title">
          {t('app.product')} <span className="admit-subtitle">{t('app.subtitle')}</span>
        </Typography.Title>
        <Space wrap>
          <LocaleSwitch />
          <Button type="primary" onClick={() => void navigate('/login')} data-testid="go-to-login">
            {t('auth.login.action')}
          </Button>
        </Space>
      </Layout.Header>
      <Layout.Content id="main" className="admit-content" tabIndex={-1}>
        <div className="admit-columns">
          <SystemStatus />
          <Card title={t('links.title')}>
            <Typography.Paragraph>
              <Typography.Link href="/api/docs" data-testid="api-docs-link">
                {t('links.apiDocs')}
              </Typography.Link>
            </Typography.Paragraph>
            <Typography.Paragraph type="secondary">{t('links.apiDocsHint')}</Typography.Paragraph>
          </Card>
        </div>
        <section className="admit-areas">
          <Typography.Title level={2} id="areas-heading">
            {t('areas.title')}
          </Typography.Title>
          <AreaCards headingId="areas-heading" />
        </section>
      </Layout.Content>
      <Layout.Footer className="admit-footer">
        Admit{meta === undefined ? '' : ` ${meta.version}`} · AGPL-3.0-or-later
      </Layout.Footer>
    </Layout>
  );
}
