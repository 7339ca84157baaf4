import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connectDatabase, findFreePort, type DatabaseConnection } from '@fieldschool/db';
import { createSearchClient } from '@fieldschool/search';
import { buildApp, type App } from '../src/app.ts';
import { localFileStore } from '../src/services/file-store.ts';

// An api whose PostgreSQL is out of reach (a free port: nothing listens, as while it restarts).
let dir: string;
let app: App;
let database: DatabaseConnection;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'fieldschool-db-outage-'));
  database = connectDatabase(`postgres://postgres@127.0.0.1:${await findFreePort()}/fieldschool`, { max: 2 });
  app = await buildApp({
    db: database.db,
    search: { client: createSearchClient({ host: `http://127.0.0.1:${await findFreePort()}`, apiKey: 'x' }), indexUid: 'passages' },
    secrets: { idNumberKey: randomBytes(32) },
    files: localFileStore(path.join(dir, 'files')),
    logger: false,
  });
});

afterAll(async () => {
  await app?.close();
  await database?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('when PostgreSQL cannot be reached', () => {
  it('answers 503 database_unavailable with Retry-After, for a sign-in and for a signed-in request, never a 500', async () => {
    const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: 'correct horse battery' } });
    const signedIn = await app.inject({ method: 'GET', url: '/api/v1/courses', headers: { cookie: 'fs_session=abc' } });
    const sync = await app.inject({ method: 'POST', url: '/api/v1/checkins/sync', headers: { cookie: 'fs_session=abc', 'x-csrf-token': 'x' }, payload: { deviceId: 'p', items: [] } });
    for (const response of [login, signedIn, sync]) {
      expect(response.statusCode).toBe(503);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.headers['retry-after']).toBe('5');
      expect(response.json()).toMatchObject({ status: 503, code: 'database_unavailable' });
    }
  });
});
