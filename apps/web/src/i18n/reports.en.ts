// Reports. Same keys as reports.zh-CN.ts.
import type { reportsZhCN } from './reports.zh-CN';

export const reportsEn: typeof reportsZhCN = {
  title: 'Reports',
};
