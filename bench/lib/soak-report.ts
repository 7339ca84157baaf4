// The soak's report: requests, errors by kind (overall and per fault window), latency per
// endpoint per minute, the api's memory over time, the final counts, and one verdict per goal.
import { clock, countBy, median, percentilesOf, type Recorder } from './soak-recorder.ts';
import type { Upload } from './faults.ts';
import { fmt } from './server.ts';

export interface FinalCounts {
  /** Items the phones made, and how the answer that took each off its queue called it. */
  made: number;
  answers: Record<string, number>;
  /** Items still queued (unanswered) when the drain ended. */
  pending: number;
  toldAttendances: number;
  acceptedItems: number;
  db: { attendances: number; pairs: number; receipts: number; toldMissing: number; untold: number };
}

export interface SoakOutcome {
  config: Record<string, number | string>;
  rec: Recorder;
  drills: { meilisearch: Record<string, number | boolean>; postgres: Record<string, number | boolean>; api: Record<string, number | boolean> };
  uploads: (Upload & { searchable: boolean })[];
  counts: FinalCounts;
  apiCrashes: string[];
  load: { before: string; after: string };
}

/** Flat: the median RSS of the last third of the first api process's life is within +25 % of its first third's. */
const FLAT_GROWTH = 1.25;
const SEARCH_HEAL_MS = 60_000;
const API_RESTART_MS = 60_000;

export function report(o: SoakOutcome): { json: unknown; lines: string[]; allMet: boolean } {
  const { rec } = o;
  const lines: string[] = [];
  const samples = rec.samples;
  const errors = samples.filter((s) => s.kind !== null);
  const byWindow: Record<string, Record<string, number>> = {};
  for (const s of errors) {
    const window = (byWindow[rec.windowOf(s)] ??= {});
    window[s.kind!] = (window[s.kind!] ?? 0) + 1;
  }
  const requestsByWindow = countBy(samples, (s) => rec.windowOf(s));
  const endpoints = [...new Set(samples.map((s) => s.endpoint))].sort();
  const minutes = Math.ceil(Math.max(0, ...samples.map((s) => s.t)) / 60_000);
  const perMinute = Object.fromEntries(
    endpoints.map((e) => [e, Array.from({ length: minutes }, (_, m) => percentilesOf(samples.filter((s) => s.endpoint === e && Math.floor(s.t / 60_000) === m)))]),
  );

  lines.push(`requests: ${samples.length} in ${fmt(rec.now() / 60_000)} min (${fmt(samples.length / (rec.now() / 1000), 1)} req/s), errors: ${errors.length}`);
  lines.push('', 'per endpoint (latency of the 2xx answers, ms):');
  for (const e of endpoints) {
    const p = percentilesOf(samples.filter((s) => s.endpoint === e));
    lines.push(`  ${e.padEnd(26)} n ${String(p.n).padStart(6)}  errors ${String(p.errors).padStart(4)}  p50 ${fmt(p.p50).padStart(7)}  p95 ${fmt(p.p95).padStart(7)}  p99 ${fmt(p.p99).padStart(7)}`);
  }
  lines.push('', 'errors by kind, per window (fault windows run from the fault to its measured recovery + 5 s):');
  for (const window of ['steady', ...rec.faults.map((f) => f.name)]) {
    const kinds = Object.entries(byWindow[window] ?? {}).map(([k, n]) => `${k} ×${n}`).join(', ') || 'none';
    lines.push(`  ${window.padEnd(12)} ${String(requestsByWindow[window] ?? 0).padStart(7)} requests: ${kinds}`);
  }
  lines.push('', 'p50/p95/p99 per minute (ms; "-" no answer that minute):');
  const cols = endpoints.map((e) => e.replace(/^reports\//, 'r/').replace(/^export /, 'x/'));
  lines.push(`  min  ${cols.map((c) => c.slice(0, 15).padStart(16)).join('')}`);
  for (let m = 0; m < minutes; m++) {
    const cells = endpoints.map((e) => {
      const p = perMinute[e]![m]!;
      return (p.n - p.errors > 0 ? `${fmt(p.p50, 0)}/${fmt(p.p95, 0)}/${fmt(p.p99, 0)}` : '-').padStart(16);
    });
    lines.push(`  ${String(m).padStart(3)}  ${cells.join('')}`);
  }

  lines.push('', 'faults:');
  for (const f of rec.faults) lines.push(`  ${f.name.padEnd(12)} ${clock(f.from)}–${clock(f.to)}  ${Object.entries(f.figures).map(([k, v]) => `${k} ${typeof v === 'number' ? fmt(v, 0) : v}`).join(', ')}`);

  const memory = memoryFigures(rec);
  lines.push('', `api RSS every ~10 s (MiB): ${rec.memory.map((m) => `${clock(m.t)} ${fmt(m.rssMiB, 0)}`).join(' · ')}`);
  lines.push(`  first life (pid ${memory.pid}): median first third ${fmt(memory.firstThird)} MiB, last third ${fmt(memory.lastThird)} MiB (×${fmt(memory.ratio, 2)}); after the restart: median ${fmt(memory.afterRestart)} MiB`);

  const c = o.counts;
  lines.push('', `check-ins: ${c.made} made on ${o.config.phones} phones; answers ${Object.entries(c.answers).map(([k, n]) => `${k} ${n}`).join(', ')}; still queued ${c.pending}`);
  lines.push(`  attendances the phones were told of: ${c.toldAttendances}; in the database for the soak's sessions: ${c.db.attendances} (distinct session+farmer ${c.db.pairs}); told but missing ${c.db.toldMissing}, in the database but never told ${c.db.untold}`);
  lines.push(`  receipts for the ${c.acceptedItems} accepted items: ${c.db.receipts}`);
  lines.push(`uploads during the Meilisearch outage: ${o.uploads.map((u) => `${u.status} ${u.searchable ? 'searchable' : 'NOT searchable'}`).join(', ')}`);
  for (const crash of o.apiCrashes) lines.push(`!! ${crash}`);

  const meiliErrorsOk = Object.keys(byWindow.meilisearch ?? {}).every((k) => k === '503 search_unavailable');
  const goals: [string, boolean][] = [
    [`search answers 503 problem+json while Meilisearch is down (${o.drills.meilisearch.problem503}/${o.drills.meilisearch.whileDown} probes; clients' errors in the window all 503 search_unavailable: ${meiliErrorsOk})`, Number(o.drills.meilisearch.whileDown) > 0 && o.drills.meilisearch.problem503 === o.drills.meilisearch.whileDown && meiliErrorsOk],
    [`search heals within 60 s of Meilisearch's restart (${fmt(Number(o.drills.meilisearch.healMs) / 1000)} s)`, Number(o.drills.meilisearch.healMs) <= SEARCH_HEAL_MS],
    [`uploads made during the outage accepted and searchable at the end (${o.uploads.filter((u) => u.searchable).length}/${o.uploads.length})`, o.uploads.length > 0 && o.uploads.every((u) => u.documentId && u.searchable)],
    [`the api reconnects to PostgreSQL by itself (${fmt(Number(o.drills.postgres.reconnectMs) / 1000)} s after it was back, same process: ${o.drills.postgres.samePid})`, o.drills.postgres.samePid === true && Number.isFinite(Number(o.drills.postgres.reconnectMs))],
    [`no request hangs past its ${o.config.timeoutS} s timeout (${errors.filter((s) => s.kind === 'hang').length} hangs)`, !errors.some((s) => s.kind === 'hang')],
    [`the api is healthy again within 60 s of a SIGKILL (${fmt(Number(o.drills.api.restartMs) / 1000)} s)`, Number(o.drills.api.restartMs) <= API_RESTART_MS],
    [`check-ins land exactly once (database ${c.db.attendances} = told ${c.toldAttendances}, no duplicates, none lost, none queued, none rejected)`,
      c.pending === 0 && c.db.attendances === c.toldAttendances && c.db.pairs === c.db.attendances && c.db.toldMissing === 0 && c.db.untold === 0 && c.db.receipts === c.acceptedItems && (c.answers.rejected ?? 0) === 0],
    [`the api's memory stays flat (last third ≤ ${FLAT_GROWTH}× first third of its first life: ×${fmt(memory.ratio, 2)})`, memory.ratio <= FLAT_GROWTH],
    [`no errors outside the fault windows (${Object.values(byWindow.steady ?? {}).reduce((a, b) => a + b, 0)})`, !byWindow.steady],
    [`the api never exits on its own (${o.apiCrashes.length} exits)`, o.apiCrashes.length === 0],
  ];
  lines.push('');
  for (const [goal, met] of goals) lines.push(`${met ? 'MET    ' : 'NOT MET'}  ${goal}`);

  const json = {
    config: o.config,
    load: o.load,
    requests: samples.length,
    errors: { total: errors.length, byKind: countBy(errors, (s) => s.kind!), byWindow, requestsByWindow },
    endpoints: Object.fromEntries(endpoints.map((e) => [e, { overall: percentilesOf(samples.filter((s) => s.endpoint === e)), perMinute: perMinute[e] }])),
    faults: rec.faults,
    events: rec.events,
    memory: { samples: rec.memory, ...memory, rule: `median RSS of the last third of the first api process's life ≤ ${FLAT_GROWTH} × its first third's` },
    counts: o.counts,
    uploads: o.uploads,
    apiCrashes: o.apiCrashes,
    goals: goals.map(([goal, met]) => ({ goal, met })),
  };
  return { json, lines, allMet: goals.every(([, met]) => met) };
}

function memoryFigures(rec: Recorder) {
  const pid = rec.memory[0]?.pid ?? 0;
  const first = rec.memory.filter((m) => m.pid === pid);
  const span = (first.at(-1)?.t ?? 0) - (first[0]?.t ?? 0);
  const start = first[0]?.t ?? 0;
  const firstThird = median(first.filter((m) => m.t - start <= span / 3).map((m) => m.rssMiB));
  const lastThird = median(first.filter((m) => m.t - start >= (2 * span) / 3).map((m) => m.rssMiB));
  const afterRestart = median(rec.memory.filter((m) => m.pid !== pid).map((m) => m.rssMiB));
  return { pid, firstThird, lastThird, ratio: lastThird / firstThird, afterRestart };
}
