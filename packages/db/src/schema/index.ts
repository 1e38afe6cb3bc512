// The whole Drizzle schema, one file per table group.
export * from './platform';
