export * from './day';
export * from './vat';
export * from './chart-of-accounts';
export * from './settlement';
export * from './vouchers';
