import type { App } from '../src/app.ts';

/**
 * Waits until Meilisearch has applied every task queued for this app's index: draining the
 * outbox only enqueues the settings, and a title suggestion before they apply is refused.
 */
export async function searchSettled(app: App): Promise<void> {
  const { client, indexUid } = app.searchEngine;
  const pending = await client.tasks.getTasks({ indexUids: [indexUid], statuses: ['enqueued', 'processing'] });
  await client.tasks.waitForTasks(pending.results.map((task) => task.uid), { timeout: 30_000 });
}
