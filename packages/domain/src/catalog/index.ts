export * from './calendar';
export * from './capacity';
export * from './product';
export * from './pricing';
export * from './schedule';
export * from './time-zone';
export * from './allocation';
