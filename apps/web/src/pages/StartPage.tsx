// The start page: what this server is, whether it is ready, and the areas that are coming.
import { Card, Layout, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { metaQuery } from '../api/system';
import { AreaCards } from '../components/AreaCards';
import { LocaleSwitch } from '../components/LocaleSwitch';
import { SystemStatus } from '../components/SystemStatus';

export function StartPage() {
  const { t } = useTranslation();
  const { data: meta } = useQuery(metaQuery);
  return (
    <Layout className="admit-page">
      <a className="admit-skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <Layout.Header className="admit-header">
        <Typography.Title level={1} className="admit-title">
          {t('app.product')} <span className="admit-subtitle">{t('app.subtitle')}</span>
        </Typography.Title>
        <LocaleSwitch />
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
