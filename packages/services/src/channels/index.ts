export * from './api-keys';
export * from './availability';
export * from './channels';
