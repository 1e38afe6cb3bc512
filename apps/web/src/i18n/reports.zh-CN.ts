// 报表：zh-CN.ts 以 `reports` 引入；reports.en.ts 须有完全相同的键。
export const reportsZhCN = {
  title: '报表',
};
