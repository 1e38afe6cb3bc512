export * from './statement-line';
export * from './alipay-bill';
export * from './wechat-bill';
export * from './mapped-csv';
export * from './reconcile';
