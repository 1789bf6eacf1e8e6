export * from './batches';
export * from './date-range';
export * from './enums';
export * from './errors';
export * from './input';
export * from './names';
export * from './time';
export * from './zone-offsets';
