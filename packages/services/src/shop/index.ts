export * from './access';
export * from './catalog';
export * from './jobs';
export * from './lookup';
export * from './notices';
export * from './orders';
export * from './settings';
export * from './wechat-oauth';
