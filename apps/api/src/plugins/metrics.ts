import { createHash, timingSafeEqual } from 'node:crypto';
import fp from 'fastify-plugin';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { SyncRequest, SyncResponse } from '@fieldschool/contracts';
import { AppError } from '../errors.ts';
import { jobQueueDepth, type JobQueueDepth } from '../services/job-queue.ts';
import { outboxState } from '../services/search-outbox.ts';
import { DEFAULT_SYNC_KIND } from '../services/sync/sync-batch.ts';

/**
 * Prometheus metrics at GET /metrics for a scraper holding METRICS_TOKEN (no token set: the
 * route is a 404, as if it did not exist). Each app has its own registry: tests build
 * several apps in one process, and a module-level one would mix their counts.
 */
export interface AppMetrics {
  /** Counts a sync request's answers by item kind and result (created, duplicate, merged, rejected). */
  countSyncResults(items: SyncRequest['items'], results: SyncResponse['results']): void;
  /** Counts a Content-Security-Policy violation a browser reported, by the directive it broke. */
  countCspViolation(directive: string | undefined): void;
}

declare module 'fastify' {
  interface FastifyInstance {
    metrics: AppMetrics;
  }
}

/** CSP directives a report may name; anything else a client writes is counted as `other`. */
const CSP_DIRECTIVES = new Set([
  'default-src', 'script-src', 'script-src-elem', 'script-src-attr', 'style-src', 'style-src-elem', 'style-src-attr', 'img-src', 'font-src',
  'connect-src', 'media-src', 'object-src', 'frame-src', 'child-src', 'worker-src', 'manifest-src', 'frame-ancestors', 'form-action',
  'base-uri', 'trusted-types', 'require-trusted-types-for',
]);

/**
 * The route label: the pattern of an api route; `static` for the web app's files, which
 * @fastify/static registers one route each (hashed names: a new set with every build);
 * `unmatched` for an unknown path, or the web app's page answered for one.
 */
function routeLabel(pattern: string | undefined): string {
  if (pattern === undefined) return 'unmatched';
  return pattern.startsWith('/api/') || pattern === '/metrics' ? pattern : 'static';
}

export default fp<{ token: string | undefined; syncKinds: readonly string[] }>(async (app, { token, syncKinds }) => {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  // The route's pattern (/api/v1/farmers/:id), never the URL: ids would make a series per row.
  const labelNames = ['method', 'route', 'status_code'] as const;
  const requests = new Counter({ name: 'http_requests_total', help: 'HTTP requests answered, by route pattern', labelNames, registers: [registry] });
  const durations = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from receiving a request to sending its answer, by route pattern',
    labelNames,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  app.addHook('onResponse', async (request, reply) => {
    const labels = { method: request.method, route: routeLabel(request.is404 ? undefined : request.routeOptions.url), status_code: String(reply.statusCode) };
    requests.inc(labels);
    durations.observe(labels, reply.elapsedTime / 1000);
  });

  const syncItems = new Counter({ name: 'fieldschool_sync_items_total', help: 'Offline sync items answered, by kind and result', labelNames: ['kind', 'result'], registers: [registry] });
  // A phone may send any kind: only the ones we handle get their own label.
  const known = new Set(syncKinds);
  const cspViolations = new Counter({ name: 'fieldschool_csp_violations_total', help: 'Content-Security-Policy violations reported by browsers, by directive', labelNames: ['directive'], registers: [registry] });
  app.decorate('metrics', {
    countCspViolation(directive) {
      const name = directive?.split(' ', 1)[0] ?? '';
      cspViolations.inc({ directive: CSP_DIRECTIVES.has(name) ? name : 'other' });
    },
    countSyncResults(items, results) {
      results.forEach((answer, position) => {
        const kind = (items[position] as { kind?: string }).kind ?? DEFAULT_SYNC_KIND;
        syncItems.inc({ kind: known.has(kind) ? kind : 'unknown', result: answer.result });
      });
    },
  } satisfies AppMetrics);

  // Read from PostgreSQL at each scrape: every api instance reports the same shared queue.
  const jobStates: (keyof JobQueueDepth)[] = ['due', 'scheduled', 'running', 'failed'];
  new Gauge({
    name: 'fieldschool_job_queue_jobs',
    help: 'Background jobs (reminders, notices) in the queue, by state',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      const depth = await jobQueueDepth(app.db);
      for (const state of jobStates) this.set({ state }, depth[state]);
    },
  });
  const outbox = async () => outboxState(app.db);
  new Gauge({
    name: 'fieldschool_search_outbox_lag_seconds',
    help: 'Age of the oldest change not yet in the search index (0 when none waits)',
    registers: [registry],
    async collect() {
      this.set((await outbox()).lagSeconds);
    },
  });
  new Gauge({
    name: 'fieldschool_search_outbox_pending',
    help: 'Changes waiting to be applied to the search index',
    registers: [registry],
    async collect() {
      this.set((await outbox()).pending);
    },
  });

  const expected = token === undefined ? undefined : digest(token);
  app.get('/metrics', { schema: { hide: true }, config: { public: true } }, async (request, reply) => {
    if (!expected) throw new AppError('not_found', 'No route GET /metrics');
    const sent = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    // Compared as digests: equal lengths, and no timing that tells how much of a guess was right.
    if (sent === undefined || !timingSafeEqual(digest(sent), expected)) {
      throw new AppError('unauthenticated', 'Send the metrics token as Authorization: Bearer <METRICS_TOKEN>', {
        field: 'authorization',
        headers: { 'www-authenticate': 'Bearer' },
      });
    }
    return reply.type(registry.contentType).send(await registry.metrics());
  });
});

const digest = (value: string) => createHash('sha256').update(value).digest();
