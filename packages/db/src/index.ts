export * from './connection.ts';
export * from './migrate.ts';
export * from './embedded-postgres.ts';
export * from './free-port.ts';
export * as schema from './schema/index.ts';
export { seedDemo, isSeeded, demoAccounts, type SeedHelpers } from './seed/demo.ts';
export { demoCourses, demoTrainers, demoSchedulePlan, type DemoSession } from './seed/schedule.ts';
export { namedVillages } from './seed/county.ts';
