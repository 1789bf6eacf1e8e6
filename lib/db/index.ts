export * from './cli';
export * from './config';
export * from './connection';
export * from './connection-errors';
export * from './embedded';
export * from './migrate';
export * from './pg-errors';
export * from './types';
