export * from './effective';
export * from './input';
export * from './lines';
export * from './segments';
