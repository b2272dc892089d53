export * from './programs';
export * from './applications';
export * from './awards';
export * from './eligibility';
export * from './quota';
