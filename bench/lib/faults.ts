// The three faults of the soak, each with the probes that measure it: Meilisearch killed
// (search must answer 503 problem+json, then heal; uploads made meanwhile must not be lost),
// PostgreSQL restarted (the same api must reconnect by itself), the api killed with SIGKILL.
import { randomBytes } from 'node:crypto';
import { Recorder } from './soak-recorder.ts';
import { send, type Account, type HttpContext } from './soak-http.ts';
import type { Api, Meilisearch, Postgres } from './soak-servers.ts';
import { sleep } from './server.ts';

export interface Drill {
  http: HttpContext;
  api: Api;
  admin: Account;
}

/** Probes get a recorder of their own: they measure the faults, they are not the workload. */
const quiet = (http: HttpContext): HttpContext => ({ ...http, rec: new Recorder(), timeoutMs: 5_000 });

/** Polls until `ok`; resolves with ms from `since` (rec time), or NaN past the timeout. */
async function until(http: HttpContext, since: number, timeoutMs: number, ok: () => Promise<boolean>): Promise<number> {
  while (http.rec.now() - since < timeoutMs) {
    if (await ok()) return http.rec.now() - since;
    await sleep(250);
  }
  return NaN;
}

const searchOk = (http: HttpContext, account: Account) => async () => (await send(quiet(http), 'probe', '/api/v1/search?q=医保', { account })).kind === null;

export interface Upload {
  marker: string;
  documentId: string | null;
  status: number;
}

/** A text document whose title and body carry a word found nowhere else, to search for later. */
async function uploadDocument(d: Drill, n: number): Promise<Upload> {
  const marker = `soak${randomBytes(5).toString('hex')}`;
  const text = `${marker}\n第一条 为做好农村医疗保险和最低生活保障工作，制定本办法。\n第二条 本办法适用于全县各乡镇（浸泡测试第${n}份）。\n`;
  const form = new FormData();
  form.append('metadata', JSON.stringify({ title: `浸泡测试文档 ${marker}`, published: true, issuingBody: '白玉县人民政府' }));
  form.append('file', new Blob([text], { type: 'text/plain' }), `soak-${n}.txt`);
  const answer = await send(d.http, 'upload document', '/api/v1/documents', { account: d.admin, method: 'POST', form, read: 'json' });
  return { marker, status: answer.status, documentId: answer.kind === null ? (answer.json as { id: string }).id : null };
}

export async function meilisearchDrill(d: Drill, meili: Meilisearch, downMs: number, uploads: number): Promise<{ figures: Record<string, number | boolean>; uploads: Upload[] }> {
  const rec = d.http.rec;
  const killedAt = rec.now();
  await meili.kill();
  rec.note('Meilisearch killed (SIGKILL)');
  const made: Promise<Upload>[] = [];
  const probes = { whileDown: 0, problem503: 0 };
  let n = 0;
  while (rec.now() - killedAt < downMs) {
    // A few uploads spread over the outage; they must be searchable once it heals.
    if (made.length < uploads && rec.now() - killedAt > (made.length * downMs) / (uploads + 1)) made.push(uploadDocument(d, ++n));
    const answer = await send(quiet(d.http), 'probe', '/api/v1/search?q=医保', { account: d.admin });
    probes.whileDown += 1;
    if (answer.status === 503 && answer.problem && answer.kind === '503 search_unavailable') probes.problem503 += 1;
    await sleep(1000);
  }
  const done = await Promise.all(made);
  await meili.start();
  const restartedAt = rec.now();
  rec.note(`Meilisearch restarted after ${((restartedAt - killedAt) / 1000).toFixed(1)} s down; uploads meanwhile: ${done.map((u) => u.status).join(', ')}`);
  const healMs = await until(d.http, restartedAt, 120_000, searchOk(d.http, d.admin));
  rec.note(`search healed ${(healMs / 1000).toFixed(1)} s after the restart`);
  rec.faults.push({ name: 'meilisearch', from: killedAt, to: rec.now(), figures: { downMs: restartedAt - killedAt, healMsAfterRestart: healMs, healMsAfterKill: restartedAt - killedAt + healMs, ...prefixed('probes', probes) } });
  return { figures: { healMs, ...probes }, uploads: done };
}

export async function postgresDrill(d: Drill, pg: Postgres, downMs: number): Promise<Record<string, number | boolean>> {
  const rec = d.http.rec;
  const pidBefore = d.api.pid;
  const stoppedAt = rec.now();
  await pg.stop();
  rec.note(`PostgreSQL stopped (fast shutdown) in ${((rec.now() - stoppedAt) / 1000).toFixed(1)} s`);
  // While it is down the api must answer at once (503 from health), not hang.
  let slowestProbeMs = 0;
  let probes = 0;
  while (rec.now() - stoppedAt < downMs) {
    const t = rec.now();
    await send(quiet(d.http), 'probe', '/api/health', {});
    slowestProbeMs = Math.max(slowestProbeMs, rec.now() - t);
    probes += 1;
    await sleep(500);
  }
  await pg.start();
  const startedAt = rec.now();
  rec.note(`PostgreSQL started again after ${((startedAt - stoppedAt) / 1000).toFixed(1)} s down`);
  const probe = quiet(d.http);
  const reconnectMs = await until(d.http, startedAt, 120_000, async () => {
    const health = await send(probe, 'probe', '/api/health', {});
    return health.kind === null && (await send(probe, 'probe', '/api/v1/sessions?limit=1', { account: d.admin })).kind === null;
  });
  const samePid = d.api.pid === pidBefore && d.api.alive();
  rec.note(`api answered again ${(reconnectMs / 1000).toFixed(1)} s after PostgreSQL was back (${samePid ? 'same api process' : 'the api was restarted'})`);
  const figures = { downMs: startedAt - stoppedAt, reconnectMs, samePid, slowestProbeWhileDownMs: slowestProbeMs, probesWhileDown: probes };
  rec.faults.push({ name: 'postgres', from: stoppedAt, to: rec.now(), figures });
  return figures;
}

export async function apiDrill(d: Drill): Promise<Record<string, number | boolean>> {
  const rec = d.http.rec;
  const killedAt = rec.now();
  const { killedPid, healthyMs } = await d.api.killAndRestart();
  rec.note(`api (pid ${killedPid}) killed with SIGKILL; healthy again after ${(healthyMs / 1000).toFixed(1)} s (pid ${d.api.pid})`);
  // The old session cookies must still work: sessions live in PostgreSQL.
  const signedInMs = await until(d.http, killedAt, 60_000, searchOk(d.http, d.admin));
  const figures = { restartMs: healthyMs, signedInRequestMs: signedInMs };
  rec.faults.push({ name: 'api', from: killedAt, to: rec.now(), figures });
  return figures;
}

function prefixed(prefix: string, values: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [`${prefix}.${k}`, v]));
}
