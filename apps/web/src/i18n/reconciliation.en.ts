// Reconciliation. Same keys as reconciliation.zh-CN.ts.
import type { reconciliationZhCN } from './reconciliation.zh-CN';

export const reconciliationEn: typeof reconciliationZhCN = {
  title: 'Reconciliation',
};
