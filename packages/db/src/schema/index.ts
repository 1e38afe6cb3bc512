// The whole Drizzle schema, one file per table group.
export * from './platform';
export * from './sites';
export * from './accounts';
export * from './audit';
export * from './catalog';
export * from './sales';
export * from './payments';
export * from './notifications';
export * from './shop';
export * from './channels';
export * from './groups';
export * from './finance';
export * from './reports';
