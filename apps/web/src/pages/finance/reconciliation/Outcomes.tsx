// The six outcomes of a reconciliation as the tab shows them (a colour each), a run's counts as tags,
// and a provider's name in words.
import { Space, Tag } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { ReconciliationOutcomeView, ReconciliationRunView } from './api';

export const OUTCOME_COLORS: Record<ReconciliationOutcomeView, string> = {
  matched: 'green',
  amount_mismatch: 'orange',
  status_mismatch: 'volcano',
  missing_ours: 'red',
  missing_provider: 'magenta',
  duplicate: 'purple',
};

export const OUTCOMES = Object.keys(OUTCOME_COLORS) as ReconciliationOutcomeView[];

/** The outcomes a run found, as tags: only those that occurred. */
export function OutcomeCounts({ counts }: { counts: ReconciliationRunView['counts'] }) {
  const { t } = useTranslation();
  return (
    <Space size={[0, 4]} wrap>
      {OUTCOMES.filter((o) => counts[o] > 0).map((o) => (
        <Tag key={o} color={OUTCOME_COLORS[o]}>
          {t(`reconciliation.outcomes.${o}`)} {counts[o]}
        </Tag>
      ))}
    </Space>
  );
}

/** A provider's name in words (alipay, wechat, simulator; another as written). */
export function providerName(t: TFunction, provider: string): string {
  const known = (['alipay', 'wechat', 'simulator'] as const).find((p) => p === provider);
  return known ? t(`reconciliation.import.providers.${known}`) : provider;
}
