export * from './app';
export * from './config';
export * from './secrets';
export * from './server';
export * from './version';
