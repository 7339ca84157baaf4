import { sql } from 'drizzle-orm';
import { schema, type Database } from '@fieldschool/db';

type Executor = Pick<Database, 'insert'>;

/** How far the index is behind PostgreSQL: shown by /api/health and /metrics. */
export interface OutboxState {
  /** Changes not yet applied to Meilisearch. */
  pending: number;
  /** Age in seconds of the oldest of them; 0 when none waits. */
  lagSeconds: number;
  /** Those of them that have failed at least once. */
  failing: number;
}

export async function outboxState(db: Pick<Database, 'execute'>): Promise<OutboxState> {
  const { rows } = await db.execute<{ pending: number; lag: number; failing: number }>(sql`
    SELECT count(*)::int AS pending,
           coalesce(extract(epoch FROM now() - min(created_at)), 0)::float AS lag,
           count(*) FILTER (WHERE attempts > 0)::int AS failing
    FROM search_outbox WHERE processed_at IS NULL`);
  return { pending: rows[0]!.pending, lagSeconds: rows[0]!.lag, failing: rows[0]!.failing };
}

/** What the outbox carries: a document to (re)index or remove, the index settings, or edited synonyms. */
export type OutboxEntity = 'document' | 'settings' | 'synonyms';

/**
 * Records a change for Meilisearch in the caller's transaction, so the index can never
 * miss a change PostgreSQL committed (the worker applies it, retrying until it lands).
 */
export async function enqueueIndexing(tx: Executor, entity: OutboxEntity, entityId: string, op: 'upsert' | 'delete' = 'upsert'): Promise<void> {
  await tx.insert(schema.searchOutbox).values({ entity, entityId, op });
}

export interface OutboxItem {
  id: number;
  entity: OutboxEntity;
  entityId: string;
  op: 'upsert' | 'delete';
  attempts: number;
}

/**
 * Takes up to `limit` due items and hands them to `apply` inside one transaction whose row
 * locks (SKIP LOCKED) keep other api instances off them. Applied items are marked done;
 * failed ones wait 2^attempts seconds (at most 30) before the next try.
 */
export async function processOutboxBatch(db: Database, apply: (item: OutboxItem) => Promise<void>, limit = 20): Promise<number> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.execute<{ id: number; entity: OutboxEntity; entity_id: string; op: 'upsert' | 'delete'; attempts: number }>(sql`
      SELECT id, entity, entity_id, op, attempts FROM search_outbox
      WHERE processed_at IS NULL AND next_attempt_at <= now()
      ORDER BY id LIMIT ${limit} FOR UPDATE SKIP LOCKED`);
    // Several changes to one document need only one indexing: the latest state is read anyway.
    const applied = new Map<string, Error | null>();
    for (const row of rows) {
      const key = `${row.entity}:${row.entity_id}`;
      if (!applied.has(key)) {
        const item = { id: Number(row.id), entity: row.entity, entityId: row.entity_id, op: row.op, attempts: row.attempts };
        applied.set(key, await apply(item).then(() => null, (error: Error) => error));
      }
      const error = applied.get(key);
      if (!error) {
        await tx.execute(sql`UPDATE search_outbox SET processed_at = now(), attempts = attempts + 1, last_error = NULL WHERE id = ${row.id}`);
      } else {
        await tx.execute(sql`
          UPDATE search_outbox SET attempts = attempts + 1, last_error = ${error.message.slice(0, 1000)},
            next_attempt_at = now() + make_interval(secs => LEAST(30, power(2, attempts)))
          WHERE id = ${row.id}`);
      }
    }
    return rows.length;
  });
}

/** Runs batches every `intervalMs` until stopped; `kick()` asks for a batch now. */
export function startOutboxWorker(
  db: Database,
  apply: (item: OutboxItem) => Promise<void>,
  options: { intervalMs?: number; onError?: (error: unknown) => void } = {},
) {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;
  const tick = async () => {
    try {
      while (!stopped && (await processOutboxBatch(db, apply)) > 0) {
        // keep going while there is work
      }
    } catch (error) {
      options.onError?.(error);
    }
  };
  const run = () => {
    clearTimeout(timer);
    running = tick().finally(() => {
      running = undefined;
      if (!stopped) timer = setTimeout(run, options.intervalMs ?? 1000);
    });
  };
  timer = setTimeout(run, options.intervalMs ?? 1000);
  return {
    kick() {
      if (!stopped && !running) run();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
