export * from './periods';
export * from './figures';
export * from './heatmap';
