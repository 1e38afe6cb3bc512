export * from './ids';
export * from './int8';
export * from './lock';
export * from './open';
export * from './migrate';
export * from './query';
export * as schema from './schema/index';
export * from './schema/index';
