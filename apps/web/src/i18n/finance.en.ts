// Finance. Same keys as finance.zh-CN.ts.
import type { financeZhCN } from './finance.zh-CN';

export const financeEn: typeof financeZhCN = {
  title: 'Finance',
  tabs: {
    shifts: 'Shift review',
    settlement: 'Daily settlement',
    reconciliation: 'Reconciliation',
    vouchers: 'Vouchers',
    accounts: 'Chart of accounts',
  },
};
