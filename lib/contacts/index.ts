export * from './contacts';
export * from './input';
export * from './relations';
export * from './upsert';
export * from './email';
export * from './erased';
export * from './number-series';
export * from './public-mail-domains';
