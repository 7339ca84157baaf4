import { afterAll, beforeAll, inject } from 'vitest';
import { randomBytes } from 'node:crypto';
import { createTestDatabase } from '@fieldschool/db/testing';
import { createSearchClient } from '@fieldschool/search';
import { deleteIndexesWithPrefix, uniqueIndexPrefix } from '@fieldschool/search/testing';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildApp, type App } from '../src/app.ts';
import { localFileStore } from '../src/services/file-store.ts';
import type { RecordCheckins } from '../src/services/paper/read-back.ts';
import { outboxApplier } from '../src/services/search-index.ts';
import { processOutboxBatch } from '../src/services/search-outbox.ts';
import { prepareSearchSettings } from '../src/services/synonyms.ts';
import { PASSWORD, seedFixtures, type Fixtures } from './fixtures.ts';

export interface Session {
  cookie: string;
  csrf: string;
  /** Headers for a signed-in request; writes also carry the CSRF token. */
  headers: Record<string, string>;
}

/**
 * Per test file: a fresh database cloned from the migrated template, the fixtures, its
 * own Meilisearch index, and the app built on them (called through `app.inject`); with
 * `webDist`, the app also serves the web app built there.
 */
export function useTestApp(name: string, options: { webDist?: string; recordCheckins?: RecordCheckins } = {}) {
  const context = {} as {
    app: App;
    db: Awaited<ReturnType<typeof createTestDatabase>>;
    fixtures: Fixtures;
    indexUid: string;
    filesDir: string;
    signIn(username: string, password?: string): Promise<Session>;
    /** Applies every due outbox item to Meilisearch now, as the worker would. */
    drainOutbox(): Promise<void>;
  };
  beforeAll(async () => {
    context.db = await createTestDatabase(inject('postgresAdminUrl'));
    context.fixtures = await seedFixtures(context.db.db);
    const client = createSearchClient({ host: inject('meiliUrl'), apiKey: inject('meiliKey') });
    context.indexUid = `${uniqueIndexPrefix(name)}_passages`;
    context.filesDir = await mkdtemp(path.join(tmpdir(), 'fieldschool-files-'));
    const search = { client, indexUid: context.indexUid };
    context.app = await buildApp({
      db: context.db.db,
      search,
      secrets: { idNumberKey: randomBytes(32) },
      files: localFileStore(context.filesDir),
      webDist: options.webDist,
      recordCheckins: options.recordCheckins,
    });
    await prepareSearchSettings(context.db.db);
    const apply = outboxApplier(context.db.db, search);
    context.drainOutbox = async () => {
      while ((await processOutboxBatch(context.db.db, apply)) > 0) {
        // until nothing is due
      }
    };
    context.signIn = async (username, password = PASSWORD) => {
      const response = await context.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
      if (response.statusCode !== 200) throw new Error(`sign-in as ${username} failed: ${response.body}`);
      const cookie = response.cookies.find((c) => c.name === 'fs_session')!;
      const csrf = response.json().csrfToken as string;
      return { cookie: `fs_session=${cookie.value}`, csrf, headers: { cookie: `fs_session=${cookie.value}`, 'x-csrf-token': csrf } };
    };
  });
  afterAll(async () => {
    await context.app?.close();
    const client = context.app?.searchEngine.client;
    if (client) await deleteIndexesWithPrefix(client, context.indexUid.replace(/_passages$/, ''));
    await context.db?.drop();
    if (context.filesDir) await rm(context.filesDir, { recursive: true, force: true });
  });
  return context;
}

export const randomSuffix = () => randomBytes(3).toString('hex');
