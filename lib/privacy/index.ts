export * from './columns';
export * from './erase';
export * from './scrub';
export * from './export';
export * from './retention';
