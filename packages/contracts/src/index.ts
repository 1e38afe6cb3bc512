export * from './meta';
export * from './errors';
export * from './health';
export * from './auth';
export * from './users';
export * from './roles';
export * from './audit';
export * from './catalog';
