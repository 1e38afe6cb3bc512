// The frame both group pages share: the page title, a site picker when the user works at more than
// one site (the first is taken otherwise), and the page's body for the chosen site.
import { Empty, Select, Space } from 'antd';
import { Fragment, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { PageTitle } from '../../components/PageTitle';
import { localized } from '../../format';
import { useLocale } from '../../i18n/hooks';
import { Loading } from '../catalog/QueryStates';
import { useGroupSites } from './sites';

export function GroupSitePage({
  title,
  intro,
  pickerId,
  children,
}: {
  title: string;
  intro: string;
  /** The site picker's element id (its label points at it). */
  pickerId: string;
  /** The body for a site; keyed by it, so choosing another site starts afresh. */
  children: (siteId: string) => ReactNode;
}) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const { sites, pending } = useGroupSites();
  const [chosen, setChosen] = useState<string | null>(null);
  const site = sites.find((s) => s.id === chosen) ?? sites[0];
  return (
    <>
      <PageTitle
        title={title}
        extra={
          sites.length > 1 ? (
            <Space>
              <label htmlFor={pickerId}>{t('groups.site')}</label>
              <Select
                id={pickerId}
                showSearch={{ optionFilterProp: 'label' }}
                value={site?.id}
                onChange={setChosen}
                options={sites.map((s) => ({ value: s.id, label: localized(locale, s.nameZh, s.nameEn) }))}
              />
            </Space>
          ) : undefined
        }
      >
        <p className="admit-muted">{intro}</p>
      </PageTitle>
      {pending ? <Loading /> : site ? <Fragment key={site.id}>{children(site.id)}</Fragment> : <Empty />}
    </>
  );
}
