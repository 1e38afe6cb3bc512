export * from './endpoints';
export * from './deliveries';
export * from './redemptions';
