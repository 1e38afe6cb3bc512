export * from './decision';
export * from './rotation';
