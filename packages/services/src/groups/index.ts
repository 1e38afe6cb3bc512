export * from './access';
export * from './admission';
export * from './booking';
export * from './files';
export * from './no-shows';
export * from './queries';
