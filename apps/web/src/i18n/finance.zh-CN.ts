// 财务：zh-CN.ts 以 `finance` 引入；finance.en.ts 须有完全相同的键。
export const financeZhCN = {
  title: '财务',
  tabs: {
    shifts: '交班审核',
    settlement: '日结',
    reconciliation: '对账',
    vouchers: '凭证',
    accounts: '会计科目',
  },
};
