export * from './columns';
export * from './erase';
export * from './scrub';
