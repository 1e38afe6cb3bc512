export * from './signature';
export * from './retry';
