// The product's areas on the public start page: those already built are marked available (behind the
// login), the rest announced. None is linked from here: the navigation after login leads to them.
import { Card, Tag } from 'antd';
import { useTranslation } from 'react-i18next';

const AREAS = ['boxOffice', 'gate', 'catalog', 'orders', 'finance', 'reports', 'admin'] as const;
const AVAILABLE: ReadonlySet<string> = new Set([
  'boxOffice',
  'gate',
  'catalog',
  'finance',
  'reports',
  'admin',
]);

export function AreaCards({ headingId }: { headingId: string }) {
  const { t } = useTranslation();
  return (
    <ul className="admit-area-grid" aria-labelledby={headingId}>
      {AREAS.map((area) => (
        <li key={area} data-testid={`area-${area}`}>
          <Card
            size="small"
            title={<h3 className="admit-area-title">{t(`areas.${area}.title`)}</h3>}
            extra={
              AVAILABLE.has(area) ? (
                <Tag color="green">{t('areas.available')}</Tag>
              ) : (
                <Tag>{t('areas.comingSoon')}</Tag>
              )
            }
          >
            {t(`areas.${area}.description`)}
          </Card>
        </li>
      ))}
    </ul>
  );
}
