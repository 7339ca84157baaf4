// `pnpm reindex`: rebuilds the Meilisearch index from PostgreSQL into a new index and swaps
// it in, so searches keep answering meanwhile. Uses DATABASE_URL/MEILI_URL when set, else
// the servers of a running `pnpm start` (DATA_DIR/runtime.json), else starts the embedded ones.
import { connectDatabase, withSetupLock } from '@fieldschool/db';
import { createSearchClient } from '@fieldschool/search';
import { readConfig } from '../config.ts';
import { migrate } from '../bundle-paths.ts';
import { reachBackingServices } from '../runtime.ts';
import { reindexAll } from '../services/search-index.ts';

const config = readConfig();
const services = await reachBackingServices(config, (message) => console.log(`[reindex] ${message}`));
const connection = connectDatabase(services.databaseUrl, { max: 2 });
try {
  await withSetupLock(services.databaseUrl, () => migrate(connection.db));
  const started = Date.now();
  const search = { client: createSearchClient({ host: services.meiliUrl, apiKey: services.meiliKey }), indexUid: 'passages' };
  const { documents, passages } = await reindexAll(connection.db, search);
  console.log(`[reindex] ${documents} documents, ${passages} passages indexed and swapped in (${((Date.now() - started) / 1000).toFixed(1)} s)`);
} catch (error) {
  console.error(`[reindex] failed: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await connection.close();
  await services.stop();
}
