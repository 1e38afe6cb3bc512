export * from './queue';
export * from './local-queue';
export * from './pgboss-queue';
