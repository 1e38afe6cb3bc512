export * from './calendar';
export * from './pricing';
