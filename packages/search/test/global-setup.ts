import type { TestProject } from 'vitest/node';
import { startTestMeilisearch, type TestMeilisearch } from '../src/testing.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    meili: TestMeilisearch;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const meili = await startTestMeilisearch();
  project.provide('meili', { url: meili.url, apiKey: meili.apiKey });
  return () => meili.stop();
}
