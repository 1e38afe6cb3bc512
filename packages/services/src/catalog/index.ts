export * from './availability';
export * from './prices';
export * from './products';
export * from './sessions';
export * from './sites';
export * from './demo';
