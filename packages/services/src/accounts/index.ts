export * from './auth';
export * from './authorize';
export * from './bootstrap';
export * from './grants';
export * from './passwords';
export * from './roles';
export * from './sites';
export * from './users';
