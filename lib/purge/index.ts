export * from './batch';
export * from './filters';
export * from './purge';
export * from './tally';
export * from './run-record';
