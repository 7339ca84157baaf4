import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startTestPostgres } from '@fieldschool/db/testing';
import { startTestMeilisearch } from '@fieldschool/search/testing';
import { installJobQueue } from '../src/services/job-queue.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresAdminUrl: string;
    meiliUrl: string;
    meiliKey: string;
  }
}

/** One real PostgreSQL and one real Meilisearch for the whole run (or those the environment names). */
export default async function setup(project: TestProject) {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'fieldschool-api-test-'));
  const postgres = await startTestPostgres(dataDir, { prepareTemplate: (template) => installJobQueue(template.pool) });
  const meili = await startTestMeilisearch();
  project.provide('postgresAdminUrl', postgres.adminUrl);
  project.provide('meiliUrl', meili.url);
  project.provide('meiliKey', meili.apiKey);
  return async () => {
    await meili.stop();
    await postgres.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
