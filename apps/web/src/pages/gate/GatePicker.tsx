// Gate staff choose where they check tickets: a site, then one of its active gates. Remembered in this
// browser (per user), so the next start goes straight to the gate screen.
import { useQuery } from '@tanstack/react-query';
import { Button, Empty, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { catalogSitesQuery, gatesQuery } from '../../api/catalog';
import type { MeResponse } from '../../auth/session';
import { LocaleSwitch } from '../../components/LocaleSwitch';
import { localized } from '../../format';
import { useLocale } from '../../i18n/hooks';
import { Loading, LoadError } from '../catalog/QueryStates';
import type { StaffChoice } from './store';

export function GatePicker({
  user,
  initial,
  onChosen,
  onCancel,
}: {
  user: MeResponse;
  initial: StaffChoice | null;
  onChosen: (choice: StaffChoice) => void;
  onCancel: (() => void) | undefined;
}) {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const sites = useQuery(catalogSitesQuery);
  const activeSites = (sites.data ?? []).filter((site) => site.active);
  const [siteId, setSiteId] = useState<string | null>(initial?.siteId ?? null);
  const site = activeSites.find((candidate) => candidate.id === siteId) ?? activeSites[0];
  const gates = useQuery({ ...gatesQuery(site?.id ?? ''), enabled: site !== undefined });
  const activeGates = (gates.data ?? []).filter((gate) => gate.active);
  const [gateId, setGateId] = useState<string | null>(initial?.gateId ?? null);
  const gate = activeGates.find((candidate) => candidate.id === gateId) ?? activeGates[0];

  let body;
  if (sites.isPending) body = <Loading />;
  else if (sites.isError) body = <LoadError error={sites.error} onRetry={() => void sites.refetch()} />;
  else if (site === undefined) body = <Empty description={t('gate.picker.noSites')} />;
  else
    body = (
      <form
        className="admit-gate-picker"
        onSubmit={(event) => {
          event.preventDefault();
          if (gate === undefined) return;
          onChosen({
            userId: user.id,
            siteId: site.id,
            siteNameZh: site.nameZh,
            siteNameEn: site.nameEn,
            gateId: gate.id,
            gateCode: gate.code,
            gateNameZh: gate.nameZh,
            gateNameEn: gate.nameEn,
            gateDirection: gate.direction,
          });
        }}
      >
        <label htmlFor="gate-site" className="admit-gate-label">
          {t('gate.picker.site')}
        </label>
        <Select
          id="gate-site"
          data-testid="gate-site"
          size="large"
          showSearch={{ optionFilterProp: 'label' }}
          value={site.id}
          onChange={(value: string) => {
            setSiteId(value);
            setGateId(null);
          }}
          options={activeSites.map((candidate) => ({
            value: candidate.id,
            label: `${localized(locale, candidate.nameZh, candidate.nameEn)} (${candidate.code})`,
          }))}
        />
        <label htmlFor="gate-gate" className="admit-gate-label">
          {t('gate.picker.gate')}
        </label>
        {gates.isError ? <LoadError error={gates.error} onRetry={() => void gates.refetch()} /> : null}
        {gates.isSuccess && activeGates.length === 0 ? (
          <p className="admit-muted">{t('gate.picker.noGates')}</p>
        ) : (
          <Select
            id="gate-gate"
            data-testid="gate-gate"
            size="large"
            loading={gates.isPending}
            showSearch={{ optionFilterProp: 'label' }}
            value={gate?.id}
            onChange={(value: string) => setGateId(value)}
            options={activeGates.map((candidate) => ({
              value: candidate.id,
              label: `${localized(locale, candidate.nameZh, candidate.nameEn)} (${candidate.code}) · ${t(`gate.direction.${candidate.direction}`)}`,
            }))}
          />
        )}
        <div className="admit-gate-actions">
          <Button
            type="primary"
            size="large"
            htmlType="submit"
            disabled={gate === undefined}
            data-testid="gate-start"
          >
            {t('gate.picker.start')}
          </Button>
          {onCancel === undefined ? null : (
            <Button size="large" onClick={onCancel}>
              {t('common.cancel')}
            </Button>
          )}
          <LocaleSwitch />
        </div>
      </form>
    );

  return (
    <main className="admit-gate-center" data-testid="gate-picker">
      <h1 className="admit-gate-title">{t('gate.picker.title')}</h1>
      {body}
    </main>
  );
}
