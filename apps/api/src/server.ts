import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectDatabase, demoAccounts, isSeeded, runMigrations } from '@fieldschool/db';
import { createSearchClient } from '@fieldschool/search';
import { buildApp } from './app.ts';
import { readConfig } from './config.ts';
import { startBackingServices } from './runtime.ts';
import { loadSecrets } from './secrets-file.ts';
import { seedDemoData } from './seed.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

function fail(message: string): never {
  console.error(`\nFieldSchool could not start: ${message}\n`);
  process.exit(1);
}

async function main() {
  const config = readConfig();
  const log = (message: string) => console.log(`[fieldschool] ${message}`);
  const services = await startBackingServices(config, log).catch((error: Error) => fail(error.message));
  const connection = connectDatabase(services.databaseUrl, { max: 20 });
  let app: Awaited<ReturnType<typeof buildApp>> | undefined;
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await app?.close().catch(() => undefined);
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
    // The bundle carries its migrations beside it; from source they live in packages/db.
    const bundled = path.join(here, 'migrations');
    await runMigrations(connection.db, ...(here.endsWith('dist') ? [bundled] : []));
    const secrets = await loadSecrets(config.dataDir);
    const search = { client: createSearchClient({ host: services.meiliUrl, apiKey: services.meiliKey }), indexUid: 'passages' };
    let seeded = false;
    if (config.seedDemo && !(await isSeeded(connection.db))) {
      log('first start: loading the Baiyu County demo data');
      await seedDemoData(connection.db, secrets);
      seeded = true;
    }
    const webDist = config.webDist ?? path.resolve(here, '../../web/dist');
    app = await buildApp({ db: connection.db, search, secrets, webDist, logger: { level: process.env.LOG_LEVEL ?? 'warn' } });
    await app.listen({ port: config.port, host: config.host });
    const address = `http://${config.host}:${config.port}`;
    log(`ready at ${address}  (API docs: ${address}/api/docs, data in ${config.dataDir})`);
    if (seeded) {
      log('demo accounts (change these passwords before real use):');
      for (const account of demoAccounts) log(`  ${account.role.padEnd(9)} ${account.username.padEnd(11)} ${account.password}`);
    }
  } catch (error) {
    const err = error as NodeJS.ErrnoException;
    const message =
      err.code === 'EADDRINUSE'
        ? `port ${config.port} on ${config.host} is already in use. Stop the other program or set PORT to another port.`
        : (err.stack ?? String(err));
    console.error(`\nFieldSchool could not start: ${message}\n`);
    await shutdown(1);
  }
}

void main();
