export * from './identity';
export * from './numbers';
