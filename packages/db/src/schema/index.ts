export * from './enums.ts';
export * from './org.ts';
export * from './users.ts';
export * from './farmers.ts';
export * from './training.ts';
export * from './scheduling.ts';
export * from './documents.ts';
export * from './audit.ts';
