// The first page after login: a greeting, the areas this user can open, and the system status.
import { Card, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { MeResponse } from '../auth/session';
import { PageTitle } from '../components/PageTitle';
import { SystemStatus } from '../components/SystemStatus';
import { visibleNavItems } from '../shell/navigation';

export function HomePage({ me }: { me: MeResponse }) {
  const { t } = useTranslation();
  const areas = visibleNavItems(me.permissions).filter((item) => item.path !== '/');
  return (
    <>
      <PageTitle title={t('home.title', { name: me.displayName })}>
        <Typography.Paragraph type="secondary">{t('home.intro')}</Typography.Paragraph>
      </PageTitle>
      <div className="admit-columns">
        <section aria-labelledby="home-areas">
          <Typography.Title level={2} id="home-areas" className="admit-section-heading">
            {t('home.yourAreas')}
          </Typography.Title>
          {areas.length === 0 ? (
            <Typography.Paragraph>{t('home.noAreas')}</Typography.Paragraph>
          ) : (
            <ul className="admit-area-grid" aria-labelledby="home-areas">
              {areas.map((item) => (
                <li key={item.area}>
                  <Card size="small">
                    <Link to={item.path} className="admit-area-link">
                      {t(`shell.nav.items.${item.area}`)}
                    </Link>
                    {item.shortcut === null ? null : (
                      <Typography.Paragraph type="secondary" className="admit-area-hint">
                        Alt+{item.shortcut}
                      </Typography.Paragraph>
                    )}
                  </Card>
                </li>
              ))}
            </ul>
          )}
        </section>
        <SystemStatus />
      </div>
    </>
  );
}
