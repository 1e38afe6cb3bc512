export * from './day';
export * from './dating';
export * from './vat';
export * from './chart-of-accounts';
export * from './chart-template';
export * from './settlement';
export * from './vouchers';
export * from './voucher-layouts';
