export * from './contacts';
export * from './input';
export * from './relations';
export * from './upsert';
