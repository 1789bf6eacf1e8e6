export * from './groups';
export * from './template-setup';
export * from './templates';
