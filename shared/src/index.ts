import './zod';
export * from './domain/roles';
export * from './domain/region';
export * from './domain/categories';
export * from './domain/errors';
export * from './domain/mask';
export * from './domain/risk';
