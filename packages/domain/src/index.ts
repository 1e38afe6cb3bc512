export * from './errors';
export * from './locale';
export * from './money';
export * from './permissions';
export * from './password-policy';
export * from './auth-rules';
export * from './phone';
export * from './permission-matrix';
