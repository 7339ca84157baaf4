import {
  Meilisearch,
  MeilisearchApiError,
  MeilisearchRequestError,
  MeilisearchRequestTimeOutError,
  type EnqueuedTaskPromise,
  type Task,
} from 'meilisearch';

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

/**
 * True when an error says Meilisearch could not be reached or could not answer: the
 * connection failed (refused, reset, unknown host), the request timed out, or it
 * answered 5xx. Anything else (a 4xx, a TypeError) is a bug on our side.
 */
export function isEngineUnreachable(error: unknown): boolean {
  if (error instanceof MeilisearchApiError) return error.response.status >= 500;
  if (!(error instanceof MeilisearchRequestError)) return false;
  // The client wraps what fetch threw: its own timeout, or undici's "fetch failed" over a socket error.
  const cause = error.cause as { cause?: { code?: unknown } } | undefined;
  return cause instanceof MeilisearchRequestTimeOutError || typeof cause?.cause?.code === 'string';
}
