// Creates or upgrades the schema of DATABASE_URL as the api's start does (our migrations and
// the job queue's), touching no rows: infra/restore.sh runs it before loading a backup's rows.
import { connectDatabase, withSetupLock } from '@fieldschool/db';
import { migrate } from '../bundle-paths.ts';
import { installJobQueue } from '../services/job-queue.ts';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('[migrate] set DATABASE_URL');
  process.exit(2);
}
const connection = connectDatabase(url, { max: 1 });
try {
  await withSetupLock(url, async () => {
    await migrate(connection.db);
    await installJobQueue(connection.pool);
  });
} finally {
  await connection.close();
}
