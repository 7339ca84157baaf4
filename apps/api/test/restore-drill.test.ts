import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, readFile, rm } from 'node:fs/promises';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { connectDatabase, demoAccounts, type DatabaseConnection } from '@fieldschool/db';
import { createTestDatabase, withDatabase } from '@fieldschool/db/testing';
import { createSearchClient } from '@fieldschool/search';
import { deleteIndexesWithPrefix, uniqueIndexPrefix } from '@fieldschool/search/testing';
import { buildApp } from '../src/app.ts';
import { seedDemoData } from '../src/seed.ts';
import { seedCountyYear } from '../src/seed-county-year.ts';
import { loadSecrets } from '../src/secrets-file.ts';
import { localFileStore } from '../src/services/file-store.ts';
import { reindexAll } from '../src/services/search-index.ts';
import { seedFixtures } from './fixtures.ts';

/*
 * The restore drill of docs/operations.md: a year of a county (the demo plus a quarter of the
 * county-year generator's year) is backed up with infra/backup.sh, wiped, restored with infra/restore.sh into a
 * new database and DATA_DIR, re-indexed as `pnpm reindex` does, and compared with what was
 * there: every table row by row, the stored files and key byte for byte, a dozen searches
 * hit by hit. On the embedded PostgreSQL 18 only the rows format can be made (Debian's
 * pg_dump 15 refuses a newer server); on a server pg_dump reads (CI's Debian PostgreSQL run)
 * both formats are drilled.
 */

const run = promisify(execFile);
const infra = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../infra');
const adminUrl = inject('postgresAdminUrl');
const client = createSearchClient({ host: inject('meiliUrl'), apiKey: inject('meiliKey') });
const indexPrefix = uniqueIndexPrefix('restore-drill');
const work = mkdtempSync(path.join(tmpdir(), 'fieldschool-drill-'));

const QUERIES = ['医保', '醫療保險', '低保', '新农合', '易地扶贫搬迁', '马铃薯', 'yibao', '种植', '牦牛', '五保', '报销', '白玉县'];

type Rows = Map<string, string[]>;

/** Every row of every table of ours and the job queue's, as text, sorted. */
async function allRows(db: DatabaseConnection): Promise<Rows> {
  const { rows: tables } = await db.pool.query<{ name: string }>(`
    SELECT format('%I.%I', table_schema, table_name) AS name FROM information_schema.tables
    WHERE table_type = 'BASE TABLE' AND table_schema IN ('public', 'drizzle', 'graphile_worker') ORDER BY 1`);
  const found: Rows = new Map();
  for (const { name } of tables) {
    // When the job queue's schema was made is the restore's time, not a fact of the county.
    const row = name === 'graphile_worker.migrations' ? '(t.id, t.breaking)' : 't';
    const { rows } = await db.pool.query<{ r: string }>(`SELECT ${row}::text AS r FROM ${name} t ORDER BY 1`);
    found.set(name, rows.map((r) => r.r));
  }
  return found;
}

/** Path → SHA-256 of every file under a folder. */
async function fileDigests(folder: string): Promise<Map<string, string>> {
  const digests = new Map<string, string>();
  for (const entry of await readdir(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    digests.set(path.relative(folder, file), createHash('sha256').update(await readFile(file)).digest('hex'));
  }
  return digests;
}

/** The answers of the dozen searches, as the county admin gets them from the api. */
async function searchAnswers(db: DatabaseConnection, dataDir: string, indexUid: string): Promise<unknown[]> {
  const app = await buildApp({ db: db.db, search: { client, indexUid }, secrets: await loadSecrets(dataDir, undefined), files: localFileStore(path.join(dataDir, 'files')) });
  try {
    const admin = demoAccounts[0];
    const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: admin.username, password: admin.password } });
    expect(login.statusCode).toBe(200);
    const cookie = `fs_session=${login.cookies.find((c) => c.name === 'fs_session')!.value}`;
    const answers = [];
    for (const q of QUERIES) {
      const response = await app.inject({ method: 'GET', url: `/api/v1/search?q=${encodeURIComponent(q)}&pageSize=20`, headers: { cookie } });
      expect(response.statusCode, q).toBe(200);
      // Only Meilisearch's own timing may differ.
      const { processingTimeMs: _timing, ...answer } = response.json();
      answers.push({ q, ...answer });
    }
    return answers;
  } finally {
    await app.close();
  }
}

const scripts = (script: string, args: string[], env: Record<string, string>) =>
  run('bash', [path.join(infra, script), ...args], { env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024 });

async function serverCanBeDumped(): Promise<boolean> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const { rows } = await admin.query<{ v: string }>(`SELECT current_setting('server_version_num') AS v`);
  await admin.end();
  const { stdout } = await run('pg_dump', ['--version']);
  return Number(/(\d+)/.exec(stdout)![1]) >= Math.floor(Number(rows[0]!.v) / 10_000);
}

// Known before the tests are collected: each format is a test of its own.
const formats: ('rows' | 'dump')[] = (await serverCanBeDumped()) ? ['rows', 'dump'] : ['rows'];
const source = { rows: new Map() as Rows, files: new Map<string, string>(), key: '', searches: [] as unknown[], backups: new Map<string, string>() };
const seconds: Record<string, number> = {};
const timed = async <T>(step: string, work: () => Promise<T>): Promise<T> => {
  const started = performance.now();
  try {
    return await work();
  } finally {
    seconds[step] = (seconds[step] ?? 0) + (performance.now() - started) / 1000;
  }
};

beforeAll(async () => {
  const db = await createTestDatabase(adminUrl);
  const dataDir = path.join(work, 'source');
  await timed('seed', async () => {
    const secrets = await loadSecrets(dataDir, undefined);
    await seedDemoData(db.db, secrets, localFileStore(path.join(dataDir, 'files')));
    // A quarter of the county's year: the whole one takes half a minute more to make, which
    // the drill does not need to show that every kind of row comes back.
    await seedCountyYear(db.db, { idNumberKey: secrets.idNumberKey, year: { farmers: 5_000, attendances: 10_000 } });
  });
  const indexUid = `${indexPrefix}_source`;
  await reindexAll(db.db, { client, indexUid });
  // Searching signs in (a session and an audit row), so the rows are read after it.
  source.searches = await searchAnswers(db, dataDir, indexUid);
  source.rows = await allRows(db);
  source.files = await fileDigests(path.join(dataDir, 'files'));
  source.key = await readFile(path.join(dataDir, 'id-number-key'), 'utf8');
  for (const format of formats) {
    const { stdout } = await timed(`backup (${format})`, () => scripts('backup.sh', [path.join(work, 'backups', format)], { DATABASE_URL: db.url, DATA_DIR: dataDir, BACKUP_FORMAT: format }));
    source.backups.set(format, /backup written to (\S+)/.exec(stdout)![1]!);
  }
  // The wipe: the database, DATA_DIR and the search index are gone.
  await db.drop();
  await rm(dataDir, { recursive: true, force: true });
  await client.deleteIndex(indexUid).waitTask();
}, 300_000);

afterAll(async () => {
  console.log(`restore drill: ${Object.entries(seconds).map(([step, s]) => `${step} ${s.toFixed(1)} s`).join(', ')}`);
  await deleteIndexesWithPrefix(client, indexPrefix);
  await rm(work, { recursive: true, force: true });
});

describe('the restore drill', () => {
  it.each(formats)('restores a county year from a %s backup into a new database, row for row, file for file, hit for hit', async (format) => {
    const name = `fieldschool_drill_${format}_${Date.now()}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const url = withDatabase(adminUrl, name);
    const dataDir = path.join(work, `restored-${format}`);
    const restored = connectDatabase(url, { max: 2 });
    try {
      await timed(`restore (${format})`, () => scripts('restore.sh', [source.backups.get(format)!], { DATABASE_URL: url, DATA_DIR: dataDir }));
      const indexUid = `${indexPrefix}_${format}`;
      await timed(`reindex (${format})`, () => reindexAll(restored.db, { client, indexUid }));

      const rows = await allRows(restored);
      expect([...rows.keys()]).toEqual([...source.rows.keys()]);
      expect(source.rows.get('public.attendances')!.length).toBeGreaterThan(5_000);
      for (const [table, expected] of source.rows) {
        const actual = rows.get(table)!;
        expect(actual.length, table).toBe(expected.length);
        const first = expected.findIndex((row, i) => row !== actual[i]);
        expect(first === -1 ? null : { table, expected: expected[first], actual: actual[first] }).toBeNull();
      }
      expect(await fileDigests(path.join(dataDir, 'files'))).toEqual(source.files);
      expect(source.files.size).toBeGreaterThan(10);
      expect(await readFile(path.join(dataDir, 'id-number-key'), 'utf8')).toBe(source.key);

      const searches = await searchAnswers(restored, dataDir, indexUid);
      expect(searches).toEqual(source.searches);
      expect(source.searches.filter((answer) => (answer as { hits: unknown[] }).hits.length > 0).length).toBeGreaterThanOrEqual(10);
    } finally {
      await restored.close();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  }, 120_000);

  it('refuses to restore over a database that has users', async () => {
    const db = await createTestDatabase(adminUrl);
    try {
      await seedFixtures(db.db);
      await expect(scripts('restore.sh', [source.backups.get('rows')!], { DATABASE_URL: db.url, DATA_DIR: path.join(work, 'refused') })).rejects.toMatchObject({
        stderr: expect.stringContaining('the database already has users'),
      });
    } finally {
      await db.drop();
    }
  });
});
