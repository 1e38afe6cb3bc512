export * from './meta';
export * from './errors';
export * from './health';
