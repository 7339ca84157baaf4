import { sql } from 'drizzle-orm';
import { Logger, run, runMigrations, type Runner, type TaskList } from 'graphile-worker';
import type pg from 'pg';
import type { Database } from '@fieldschool/db';

/**
 * The background job queue: graphile-worker on our own PostgreSQL. It keeps its tables in
 * the `graphile_worker` schema, which it creates and migrates itself; jobs are locked
 * with SKIP LOCKED, so every api process runs a worker and no job runs twice at once.
 */

type Executor = Pick<Database, 'execute'>;

/** Creates or upgrades the queue's schema; run before anything adds a job (the demo seed does). */
export async function installJobQueue(pool: pg.Pool): Promise<void> {
  await runMigrations({ pgPool: pool, logger: quietLogger });
}

export interface JobSpec {
  /** The task that runs it. */
  task: string;
  payload: Record<string, unknown>;
  runAt: Date;
  /** One pending job per key: adding again moves it (new payload and time), removing cancels it. */
  key: string;
  maxAttempts: number;
}

/**
 * Adds (or, by key, replaces) jobs in the caller's transaction: they exist exactly when the
 * change that asked for them commits.
 */
export async function addJobs(tx: Executor, jobs: readonly JobSpec[]): Promise<void> {
  if (jobs.length === 0) return;
  await tx.execute(sql`
    SELECT graphile_worker.add_job(j.task, j.payload, run_at => j."runAt", job_key => j.key, max_attempts => j."maxAttempts")
    FROM jsonb_to_recordset(${JSON.stringify(jobs)}::jsonb) AS j(task text, payload json, "runAt" timestamptz, key text, "maxAttempts" int)`);
}

/** Removes pending jobs by key in the caller's transaction; a job already running finishes. */
export async function removeJobs(tx: Executor, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  await tx.execute(sql`SELECT graphile_worker.remove_job(key) FROM jsonb_array_elements_text(${JSON.stringify(keys)}::jsonb) AS key`);
}

export interface JobWorker {
  stop(): Promise<void>;
}

/**
 * Runs the tasks until stopped. Failed jobs are retried by the queue with exponential
 * backoff (about e^attempts seconds) up to each job's max attempts.
 */
export async function startJobWorker(
  pool: pg.Pool,
  tasks: TaskList,
  options: { log: (message: string) => void; concurrency?: number; pollIntervalMs?: number; crontab?: string },
): Promise<JobWorker> {
  const logger = new Logger(() => (level, message) => {
    // Its debug and info lines narrate every job; warnings and errors (a failed attempt) matter.
    if (level === 'error' || level === 'warning') options.log(`jobs: ${message}`);
  });
  const runner: Runner = await run({
    pgPool: pool,
    taskList: tasks,
    // Recurring tasks, from our code only (never a `crontab` file in the working directory).
    crontab: options.crontab ?? '',
    concurrency: options.concurrency ?? 2,
    pollInterval: options.pollIntervalMs ?? 2000,
    // The api's own shutdown stops the worker, in its order.
    noHandleSignals: true,
    logger,
  });
  return { stop: () => runner.stop() };
}

/**
 * Jobs by state: due (waiting for a worker), scheduled (later), running (locked by a
 * worker), failed (out of attempts: it stays in the table with its last error, due no more).
 */
export interface JobQueueDepth {
  due: number;
  scheduled: number;
  running: number;
  failed: number;
}

export async function jobQueueDepth(db: Executor): Promise<JobQueueDepth> {
  const { rows } = await db.execute<{ [State in keyof JobQueueDepth]: number }>(sql`
    SELECT count(*) FILTER (WHERE locked_at IS NULL AND attempts < max_attempts AND run_at <= now())::int AS due,
           count(*) FILTER (WHERE locked_at IS NULL AND attempts < max_attempts AND run_at > now())::int AS scheduled,
           count(*) FILTER (WHERE locked_at IS NOT NULL)::int AS running,
           count(*) FILTER (WHERE locked_at IS NULL AND attempts >= max_attempts)::int AS failed
    FROM graphile_worker.jobs`);
  return rows[0]!;
}

const quietLogger = new Logger(() => () => undefined);
