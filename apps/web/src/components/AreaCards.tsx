// The areas later issues build. They are announced, not linked: nothing here pretends to work yet.
import { Card, Tag } from 'antd';
import { useTranslation } from 'react-i18next';

const AREAS = ['boxOffice', 'gate', 'catalog', 'orders', 'finance', 'reports', 'admin'] as const;

export function AreaCards({ headingId }: { headingId: string }) {
  const { t } = useTranslation();
  return (
    <ul className="admit-area-grid" aria-labelledby={headingId}>
      {AREAS.map((area) => (
        <li key={area} data-testid={`area-${area}`}>
          <Card
            size="small"
            title={<h3 className="admit-area-title">{t(`areas.${area}.title`)}</h3>}
            extra={<Tag>{t('areas.comingSoon')}</Tag>}
          >
            {t(`areas.${area}.description`)}
          </Card>
        </li>
      ))}
    </ul>
  );
}
