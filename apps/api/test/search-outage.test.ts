import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDatabase } from '@fieldschool/db/testing';
import { findFreePort } from '@fieldschool/db';
import { createSearchClient, startEmbeddedMeilisearch, type EmbeddedMeilisearchHandle } from '@fieldschool/search';
import { buildApp, type App } from '../src/app.ts';
import { localFileStore } from '../src/services/file-store.ts';
import { outboxApplier } from '../src/services/search-index.ts';
import { processOutboxBatch, startOutboxWorker } from '../src/services/search-outbox.ts';
import { prepareSearchSettings } from '../src/services/synonyms.ts';
import { PASSWORD, seedFixtures } from './fixtures.ts';
import { uploadRequest } from './upload.ts';

// This file stops and restarts a Meilisearch of its own, so the shared one stays up.
let dir: string;
/** What the app logged (warnings and worse), one parsed pino line each. */
const logged: Array<{ level: number; msg: string; err?: { message: string } }> = [];
const logger = { level: 'warn', stream: { write: (line: string) => logged.push(JSON.parse(line)) } };
let port: number;
let meili: EmbeddedMeilisearchHandle;
let app: App;
let db: Awaited<ReturnType<typeof createTestDatabase>>;
const search = { indexUid: 'passages' } as { client: ReturnType<typeof createSearchClient>; indexUid: string };

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'fieldschool-outage-'));
  port = await findFreePort();
  meili = await startEmbeddedMeilisearch({ dataDir: dir, port, maxIndexingMemory: '256 MiB' });
  search.client = createSearchClient({ host: meili.url, apiKey: meili.masterKey, timeoutMs: 2000 });
  db = await createTestDatabase(inject('postgresAdminUrl'));
  await seedFixtures(db.db);
  app = await buildApp({ db: db.db, search, secrets: { idNumberKey: randomBytes(32) }, files: localFileStore(path.join(dir, 'files')), logger });
  await prepareSearchSettings(db.db);
  await processOutboxBatch(db.db, outboxApplier(db.db, search));
});

afterAll(async () => {
  await app?.close();
  await meili?.stop();
  await db?.drop();
  await rm(dir, { recursive: true, force: true });
});

async function signIn(on: App) {
  const login = await on.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: PASSWORD } });
  const cookie = `fs_session=${login.cookies.find((c) => c.name === 'fs_session')!.value}`;
  return { cookie, csrf: login.json().csrfToken as string, headers: { cookie, 'x-csrf-token': login.json().csrfToken as string } };
}

describe('when a search fails on our side', () => {
  it('answers 500 and logs the error, not a 503 that would blame Meilisearch', async () => {
    // Meilisearch is up, but the index this app was given does not exist: a 4xx, our mistake.
    const misconfigured = await buildApp({
      db: db.db,
      search: { client: search.client, indexUid: 'no_such_index' },
      secrets: { idNumberKey: randomBytes(32) },
      files: localFileStore(path.join(dir, 'files')),
      logger,
    });
    try {
      const session = await signIn(misconfigured);
      logged.length = 0;
      const response = await misconfigured.inject({ method: 'GET', url: '/api/v1/search?q=医保', headers: session.headers });
      expect(response.statusCode).toBe(500);
      expect(response.json().code).toBe('internal_error');
      expect(logged).toMatchObject([{ level: 50, err: { message: expect.stringContaining('no_such_index') } }]);
    } finally {
      await misconfigured.close();
    }
  });
});

describe('when Meilisearch is down', () => {
  it('answers searches with 503, still saves uploads, and indexes them within a minute of its return', async () => {
    const session = await signIn(app);

    await meili.stop();

    logged.length = 0;
    const searchDown = await app.inject({ method: 'GET', url: '/api/v1/search?q=医保', headers: session.headers });
    expect(searchDown.statusCode).toBe(503);
    expect(searchDown.headers['content-type']).toContain('application/problem+json');
    expect(searchDown.json().code).toBe('search_unavailable');
    const suggestDown = await app.inject({ method: 'GET', url: '/api/v1/search/suggest?q=医保', headers: session.headers });
    expect(suggestDown.statusCode).toBe(503);
    // The cause is logged, as a warning: the dependency is down, nothing of ours is broken.
    expect(logged).toMatchObject([
      { level: 40, msg: 'search engine unreachable', err: { message: expect.stringContaining('ECONNREFUSED') } },
      { level: 40, msg: 'search engine unreachable' },
    ]);

    const upload = await app.inject(uploadRequest(session, '/api/v1/documents', { name: '停电时上传.txt', bytes: '高原温室大棚冬季保温技术指导意见' }));
    expect(upload.statusCode).toBe(201);
    const apply = outboxApplier(db.db, search);
    await processOutboxBatch(db.db, apply);
    const health = (await app.inject({ method: 'GET', url: '/api/health' })).json();
    expect(health).toMatchObject({ status: 'degraded', search: { ok: false }, outbox: { pending: 1, failing: 1 } });

    meili = await startEmbeddedMeilisearch({ dataDir: dir, port, maxIndexingMemory: '256 MiB' });
    const worker = startOutboxWorker(db.db, apply, { intervalMs: 200 });
    const started = Date.now();
    let found = false;
    while (!found && Date.now() - started < 60_000) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const result = await app.inject({ method: 'GET', url: `/api/v1/search?q=${encodeURIComponent('温室大棚 保温')}`, headers: session.headers });
      found = result.statusCode === 200 && result.json().hits.some((hit: { documentId: string }) => hit.documentId === upload.json().id);
    }
    await worker.stop();
    expect(found).toBe(true);
    const after = (await app.inject({ method: 'GET', url: '/api/health' })).json();
    expect(after).toMatchObject({ status: 'ok', outbox: { pending: 0 } });
  }, 120_000);
});
