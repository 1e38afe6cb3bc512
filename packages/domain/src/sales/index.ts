export * from './identity';
export * from './numbers';
export * from './ticket-code';
export * from './sale';
export * from './after-sale';
export * from './rotating-code';
export * from './agency-statement';
