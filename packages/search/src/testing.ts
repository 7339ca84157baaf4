import { mkdtemp, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Meilisearch } from 'meilisearch';
import { findFreePort } from '@fieldschool/db';
import { startEmbeddedMeilisearch } from './embedded-meilisearch.ts';

export { makeZip, type FixtureEntry } from './zip-fixture.ts';

export interface TestMeilisearch {
  url: string;
  apiKey: string;
}

/**
 * One Meilisearch per test run: the one MEILI_URL (+ MEILI_MASTER_KEY) names, or an
 * embedded one in a temporary directory that `stop()` removes.
 */
export async function startTestMeilisearch(): Promise<TestMeilisearch & { stop(): Promise<void> }> {
  if (process.env.MEILI_URL) {
    return { url: process.env.MEILI_URL, apiKey: process.env.MEILI_MASTER_KEY ?? '', stop: async () => {} };
  }
  const dataDir = await mkdtemp(path.join(tmpdir(), 'fieldschool-meili-'));
  const handle = await startEmbeddedMeilisearch({ dataDir, port: await findFreePort(), maxIndexingMemory: '512 MiB' });
  return {
    url: handle.url,
    apiKey: handle.masterKey,
    stop: async () => {
      await handle.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** An index uid prefix of its own for each test file, so files can run side by side on one server. */
export function uniqueIndexPrefix(name: string): string {
  return `test_${name.replace(/[^A-Za-z0-9_]/g, '_')}_${randomBytes(4).toString('hex')}`;
}

/** Deletes every index whose uid starts with `prefix` (a test file's clean-up). */
export async function deleteIndexesWithPrefix(client: Meilisearch, prefix: string): Promise<void> {
  const { results } = await client.getIndexes({ limit: 1000 });
  for (const index of results.filter((i) => i.uid.startsWith(prefix))) {
    await client.deleteIndex(index.uid).waitTask({ timeout: 30_000 });
  }
}
