export * from './errors';
export * from './locale';
export * from './money';
