export * from './context';
export * from './idempotency';
export * from './readiness';
export * from './jobs/index';
export * from './maintenance';
