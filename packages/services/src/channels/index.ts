export * from './api-keys';
export * from './availability';
export * from './channels';
export * from './allocations';
export * from './orders';
