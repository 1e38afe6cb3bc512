// 对账：zh-CN.ts 以 `reconciliation` 引入；reconciliation.en.ts 须有完全相同的键。
export const reconciliationZhCN = {
  title: '对账',
};
