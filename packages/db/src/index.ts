export * from './connection.ts';
export * from './migrate.ts';
export * from './embedded-postgres.ts';
export * from './free-port.ts';
export * from './processes.ts';
export * from './server-process.ts';
export * as schema from './schema/index.ts';
export { seedDemo, isSeeded, demoAccounts, type SeedHelpers } from './seed/demo.ts';
