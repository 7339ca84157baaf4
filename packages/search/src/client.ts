import { Meilisearch, type EnqueuedTaskPromise, type Task } from 'meilisearch';

/**
 * A Meilisearch client that asks for uncompressed replies: from Node a compressed reply
 * on a keep-alive connection was measured to add about 44 ms to every query (DESIGN §7).
 */
export function createSearchClient(options: { host: string; apiKey?: string; timeoutMs?: number }): Meilisearch {
  return new Meilisearch({
    host: options.host,
    ...(options.apiKey ? { apiKey: options.apiKey } : {}),
    requestInit: { headers: { 'Accept-Encoding': 'identity' } },
    timeout: options.timeoutMs ?? 10_000,
  });
}

/** Waits for a task and throws if it did not succeed (the client resolves failed tasks too). */
export async function waitForTask(task: EnqueuedTaskPromise, timeoutMs = 120_000): Promise<Task> {
  const done = await task.waitTask({ timeout: timeoutMs, interval: 25 });
  if (done.status !== 'succeeded') {
    throw new Error(`Meilisearch task ${done.uid} (${done.type}) ${done.status}: ${done.error?.message ?? 'no error given'}`);
  }
  return done;
}
