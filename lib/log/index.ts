export * from './cancel';
export * from './cancel-input';
export * from './entries';
export * from './events';
export * from './feed';
export * from './logged-segments';
export * from './query';
export * from './query-filters';
