// The reports benchmark's year in a database that stays up until Ctrl-C, for EXPLAIN (ANALYZE,
// BUFFERS) of the report queries on the data the benchmark measures. Prints a psql command line.
// BENCH_REPORT_SCALE=1 (default) is the county year, 100 the prefecture's.
import { randomBytes } from 'node:crypto';
import { seedDemo } from '@fieldschool/db';
import { createTestDatabase, startTestPostgres } from '@fieldschool/db/testing';
import { seedHelpers } from '../apps/api/src/seed.ts';
import { generateYear } from './lib/report-year.ts';
import { removeDir, tempDir } from './lib/server.ts';

const scale = Number(process.env.BENCH_REPORT_SCALE ?? 1);
const dataDir = tempDir('report-year');
const postgres = await startTestPostgres(dataDir);
const database = await createTestDatabase(postgres.adminUrl);
await seedDemo(database.db, seedHelpers(randomBytes(32)));
await generateYear((sql) => database.pool.query(sql), scale);
console.log(`ready: psql '${database.url}'`);
const stop = async () => {
  await database.drop();
  await postgres.stop();
  removeDir(dataDir);
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
