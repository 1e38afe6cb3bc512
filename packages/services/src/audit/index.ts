export * from './record';
export * from './seal';
export * from './verify';
export * from './purge';
export * from './anchors';
export * from './jobs';
export * from './list';
