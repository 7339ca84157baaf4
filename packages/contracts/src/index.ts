export * from './problem.ts';
export * from './common.ts';
export * from './org-units.ts';
export * from './users.ts';
export * from './auth.ts';
export * from './farmers.ts';
export * from './health.ts';
export * from './documents.ts';
