export * from './name-list';
export * from './rules';
