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
  app = await buildApp({ db: db.db, search, secrets: { idNumberKey: randomBytes(32) }, files: localFileStore(path.join(dir, 'files')) });
  await prepareSearchSettings(db.db);
  await processOutboxBatch(db.db, outboxApplier(db.db, search));
});

afterAll(async () => {
  await app?.close();
  await meili?.stop();
  await db?.drop();
  await rm(dir, { recursive: true, force: true });
});

describe('when Meilisearch is down', () => {
  it('answers searches with 503, still saves uploads, and indexes them within a minute of its return', async () => {
    const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: PASSWORD } });
    const cookie = `fs_session=${login.cookies.find((c) => c.name === 'fs_session')!.value}`;
    const session = { cookie, csrf: login.json().csrfToken, headers: { cookie, 'x-csrf-token': login.json().csrfToken } };

    await meili.stop();

    const searchDown = await app.inject({ method: 'GET', url: '/api/v1/search?q=医保', headers: session.headers });
    expect(searchDown.statusCode).toBe(503);
    expect(searchDown.headers['content-type']).toContain('application/problem+json');
    expect(searchDown.json().code).toBe('search_unavailable');

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
