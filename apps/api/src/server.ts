import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectDatabase, demoAccounts, isSeeded, ServerStartError, withSetupLock } from '@fieldschool/db';
import { createSearchClient } from '@fieldschool/search';
import { buildApp } from './app.ts';
import { migrate } from './bundle-paths.ts';
import { readConfig, type AppConfig } from './config.ts';
import { startBackingServices } from './runtime.ts';
import { loadSecrets } from './secrets-file.ts';
import { forgetRuntime, recordRuntime } from './runtime-file.ts';
import { localFileStore } from './services/file-store.ts';
import { installJobQueue, startJobWorker, type JobWorker } from './services/job-queue.ts';
import { logReminderSender, reminderTasks } from './services/reminders.ts';
import { scheduleSecretaryNotices, secretaryNoticeTasks } from './services/secretaries/month-rule.ts';
import { REPORT_FOLD_CRONTAB, reportFoldTasks } from './services/reports/fold-deltas.ts';
import { outboxApplier } from './services/search-index.ts';
import { startOutboxWorker } from './services/search-outbox.ts';
import { prepareSearchSettings } from './services/synonyms.ts';
import { seedDemoData } from './seed.ts';
import { fillDemoCountyYear, oweDemoCountyYear, type DemoCountyYear } from './demo-county-year.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

const portTaken = (config: { port: number; host: string }) =>
  `port ${config.port} on ${config.host} is already in use. Stop the other program or set PORT to another port.`;

function isPortFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, host, () => probe.close(() => resolve(true)));
  });
}

/** Ends a start that cannot go on: what the failing program printed, if anything, then one line on why. */
function fail(error: Error | string): never {
  if (error instanceof ServerStartError && error.output) console.error(error.output.replace(/^/gm, '  | '));
  console.error(`\nFieldSchool could not start: ${error instanceof Error ? error.message : error}\n`);
  process.exit(1);
}

async function main() {
  let config: AppConfig;
  try {
    config = readConfig();
  } catch (error) {
    fail((error as Error).message);
  }
  const log = (message: string) => console.log(`[fieldschool] ${message}`);
  // Find a taken port before starting anything, not after a minute of first-start work.
  if (!(await isPortFree(config.port, config.host))) fail(portTaken(config));
  const services = await startBackingServices(config, log).catch((error: Error) => fail(error));
  const connection = connectDatabase(services.databaseUrl, { max: 20 });
  let app: Awaited<ReturnType<typeof buildApp>> | undefined;
  let worker: ReturnType<typeof startOutboxWorker> | undefined;
  let jobs: JobWorker | undefined;
  let countyYear: DemoCountyYear | undefined;
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await app?.close().catch(() => undefined);
    await countyYear?.stop();
    await worker?.stop().catch(() => undefined);
    // Lets a reminder being sent finish, then releases the queue's connections.
    await jobs?.stop().catch(() => undefined);
    await forgetRuntime(config.dataDir);
    await connection.close().catch(() => undefined);
    await services.stop();
    process.exit(code);
  };
  process.once('SIGINT', () => void shutdown(0));
  process.once('SIGTERM', () => void shutdown(0));
  void services.crashed.then((message) => {
    console.error(`\n${message}`);
    void shutdown(1);
  });

  try {
    const secrets = await loadSecrets(config.dataDir, config.idNumberKey);
    const search = { client: createSearchClient({ host: services.meiliUrl, apiKey: services.meiliKey }), indexUid: 'passages' };
    const files = localFileStore(config.filesDir);
    // Several instances may start on one database at once: one prepares it, the others wait.
    const seeded = await withSetupLock(services.databaseUrl, async () => {
      await migrate(connection.db);
      // Before the seed: saving a session adds its reminder job.
      await installJobQueue(connection.pool);
      await prepareSearchSettings(connection.db);
      if (!config.seedDemo || (await isSeeded(connection.db))) return false;
      log('first start: loading the Baiyu County demo data and sample policy library');
      await seedDemoData(connection.db, secrets, files);
      if (config.demoCountyYear) oweDemoCountyYear(config.dataDir);
      return true;
    });
    worker = startOutboxWorker(connection.db, outboxApplier(connection.db, search), {
      intervalMs: 500,
      onError: (error) => log(`search outbox: ${(error as Error).message}`),
    });
    // Reminders go to the log until an SMS sender is plugged in here (docs/operations.md).
    const sender = logReminderSender(log);
    await scheduleSecretaryNotices(connection.db, config.secretaries);
    jobs = await startJobWorker(
      connection.pool,
      { ...reminderTasks(connection.db, sender), ...secretaryNoticeTasks(connection.db, sender, config.secretaries), ...reportFoldTasks(connection.db) },
      { log, crontab: REPORT_FOLD_CRONTAB },
    );
    const webDist = config.webDist ?? path.resolve(here, '../../web/dist');
    app = await buildApp({
      db: connection.db,
      search,
      secrets,
      files,
      webDist,
      logger: { level: config.logLevel },
      trustProxy: config.trustProxy,
      https: config.tls && { key: await readFile(config.tls.keyFile), cert: await readFile(config.tls.certFile) },
      metricsToken: config.metricsToken,
      version: config.version,
      secretaries: config.secretaries,
      checkin: config.checkin,
    });
    await app.listen({ port: config.port, host: config.host });
    await recordRuntime(config.dataDir, { databaseUrl: services.databaseUrl, meiliUrl: services.meiliUrl, meiliKey: services.meiliKey ?? null });
    const address = `${config.tls ? 'https' : 'http'}://${config.host}:${config.port}`;
    log(`ready at ${address}  (API docs: ${address}/api/docs, data in ${config.dataDir})`);
    countyYear = fillDemoCountyYear(connection.db, config.dataDir, secrets.idNumberKey, log);
    if (seeded) {
      log('demo accounts (change these passwords before real use):');
      for (const account of demoAccounts) log(`  ${account.role.padEnd(9)} ${account.username.padEnd(11)} ${account.password}`);
    }
  } catch (error) {
    const err = error as NodeJS.ErrnoException;
    const message = err.code === 'EADDRINUSE' ? portTaken(config) : (err.stack ?? String(err));
    console.error(`\nFieldSchool could not start: ${message}\n`);
    await shutdown(1);
  }
}

void main();
