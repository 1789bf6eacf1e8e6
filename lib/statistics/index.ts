export * from './contact-summary';
export * from './periods';
export * from './rollup';
export * from './rollup-pieces';
export * from './rollup-sums';
export * from './statistics';
