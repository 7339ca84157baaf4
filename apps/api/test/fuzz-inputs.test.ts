import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { InjectOptions } from 'fastify';
import { errorCodes } from '@fieldschool/contracts';
import { statusOfCode } from '../src/errors.ts';
import { seedAreaRows } from './access-fixtures.ts';
import { requestsFor, type FuzzRequest } from './fuzz-requests.ts';
import { readOperations } from './openapi-operations.ts';
import { searchSettled } from './search-settled.ts';
import { tableChecksum } from './table-checksum.ts';
import { useTestApp, type Session } from './test-app.ts';

const ctx = useTestApp('fuzz-inputs');

/** Requests across the api: 10,000 by default, FUZZ_RUNS for a longer (nightly) run; FUZZ_SEED replays another sequence. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261202);

/** Operations that render a file (PDF, spreadsheet, export) take ~100 ms for a valid request: fewer of them, more of the rest. */
const RENDERS_FILE = /\.(pdf|xlsx|csv)$|\/export$|\/(read|check|import)$/;

/** Signing out would end the admin's session for every later request: it is fuzzed signed out. */
const SIGNED_OUT_ONLY = new Set(['POST /api/v1/auth/logout']);

/** What a refused request may still write on purpose: a failed sign-in is audited (services/login.ts). */
const RECORDS_REFUSALS: Record<string, string[]> = { 'POST /api/v1/auth/login': ['audit_log'] };

let sessions: Session[];
let ids: string[];
let checksum: Awaited<ReturnType<typeof tableChecksum>>;

beforeAll(async () => {
  const admin = await ctx.signIn('admin');
  const rows = await seedAreaRows(ctx.app, ctx.db.db, ctx.fixtures, admin);
  await ctx.drainOutbox();
  await searchSettled(ctx.app);
  // Mostly the county admin, so the schemas rather than the roles are exercised; every tenth request another role.
  sessions = [admin, ...(await Promise.all(['hepo-admin', 'trainer', 'secretary'].map((username) => ctx.signIn(username))))];
  ids = [...new Set([...Object.values(rows.inside), ...Object.values(rows.outside)])];
  checksum = await tableChecksum(ctx.db);
}, 60_000);

const knownCodes = new Set<string>(errorCodes);

/** What is wrong with an answer, or null: never 5xx; a 4xx is problem+json with one of our codes and its status. */
function fault(status: number, contentType: string, body: string): string | null {
  if (status >= 500) return `answered ${status}: ${body.slice(0, 160)}`;
  if (status < 400) return null;
  if (!contentType.startsWith('application/problem+json')) return `${status} as ${contentType}`;
  const problem = JSON.parse(body) as { code?: string; status?: number };
  if (!problem.code || !knownCodes.has(problem.code)) return `${status} with unknown code ${problem.code}`;
  if (statusOfCode[problem.code as keyof typeof statusOfCode] !== status || problem.status !== status) return `${status} with code ${problem.code}`;
  return null;
}

function injectOptions(request: FuzzRequest, caller: Session | null, n: number): InjectOptions {
  const body = request.raw ?? (request.payload === undefined ? undefined : JSON.stringify(request.payload));
  const headers: Record<string, string> = { ...(caller?.headers ?? {}) };
  if (body !== undefined) headers['content-type'] = request.contentType ?? 'application/json';
  return {
    method: request.method as InjectOptions['method'],
    url: request.url,
    headers,
    // Each request from its own address, so the per-address rate limits do not answer everything with 429.
    remoteAddress: `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`,
    ...(body === undefined ? {} : { payload: body }),
  };
}

/** Sends a few at a time (the database works while the api validates the next), answering statuses in order. */
async function sendAll(requests: FuzzRequest[], send: (request: FuzzRequest) => Promise<number>): Promise<number[]> {
  const statuses: number[] = [];
  for (let start = 0; start < requests.length; start += 8) statuses.push(...(await Promise.all(requests.slice(start, start + 8).map(send))));
  return statuses;
}

describe('generated bad input, for every operation', () => {
  it(`never answers 5xx, answers every 4xx as problem+json with our code, and a refused write changes no row (${RUNS} requests)`, { timeout: 600_000 }, async () => {
    const operations = await readOperations(ctx.app);
    const heavy = operations.filter((operation) => RENDERS_FILE.test(operation.path)).length;
    const heavyRuns = Math.ceil(RUNS / operations.length / 4);
    const lightRuns = Math.ceil((RUNS - heavy * heavyRuns) / (operations.length - heavy));
    const faults: string[] = [];
    let sent = 0;
    for (const [index, operation] of operations.entries()) {
      const requests = fc.sample(requestsFor(operation, ids), { seed: SEED + index, numRuns: RENDERS_FILE.test(operation.path) ? heavyRuns : lightRuns });
      const send = async (request: FuzzRequest) => {
        const n = sent++;
        const caller = SIGNED_OUT_ONLY.has(operation.key) ? null : n % 10 === 9 ? (sessions[1 + ((n / 10) % 3)] ?? null) : sessions[0]!;
        const response = await ctx.app.inject(injectOptions(request, n % 97 === 96 ? null : caller, n));
        const problem = fault(response.statusCode, String(response.headers['content-type'] ?? ''), response.body);
        if (problem) faults.push(`${operation.key} ${request.url.slice(0, 160)} ${request.contentType ?? ''} ${JSON.stringify(request.payload ?? request.raw)?.slice(0, 160)}: ${problem}`);
        return response.statusCode;
      };
      const rows = async () => {
        const sums = await checksum();
        for (const table of RECORDS_REFUSALS[operation.key] ?? []) delete sums[table];
        return sums;
      };
      const write = operation.method !== 'GET';
      const invalid = requests.filter((r) => r.invalid);
      const rest = requests.filter((r) => !r.invalid);
      // Bodies that break the schema: all refused, and together they change nothing.
      const before = write ? await rows() : null;
      for (const [i, status] of (await sendAll(invalid, send)).entries()) {
        if (status < 400) faults.push(`${operation.key} accepted a body its schema refuses: ${JSON.stringify(invalid[i]!.payload ?? invalid[i]!.raw).slice(0, 200)}`);
      }
      if (!write) {
        await sendAll(rest, send);
        continue;
      }
      const afterInvalid = await rows();
      expect(afterInvalid, `${operation.key}: a refused body changed a row`).toEqual(before);
      // The rest may pass. When all are refused, together they change nothing; when some
      // pass, the refused ones are sent again one at a time, each checked on its own.
      const statuses = await sendAll(rest, send);
      if (statuses.every((status) => status >= 400)) {
        expect(await rows(), `${operation.key}: a refused request changed a row`).toEqual(afterInvalid);
        continue;
      }
      let last = await rows();
      for (const request of rest.filter((_, i) => statuses[i]! >= 400)) {
        const status = await send(request);
        const after = await rows();
        if (status >= 400) expect(after, `${operation.key} ${request.url.slice(0, 160)}: refused with ${status} yet changed a row`).toEqual(last);
        last = after;
      }
    }
    expect(sent).toBeGreaterThanOrEqual(RUNS);
    expect(faults.slice(0, 40)).toEqual([]);
  });
});

// Exact cases the generator found (each answered 500 or Fastify's own JSON before), kept so they stay fixed.
describe('regressions found by the generator', () => {
  const multipartJunk = { 'content-type': 'multipart/form-data; boundary=x' };
  const cases: { name: string; request: InjectOptions; status: number; field: string }[] = [
    { name: 'a NUL in a sign-in name', request: { method: 'POST', url: '/api/v1/auth/login', payload: { username: '\u0000', password: 'x' } }, status: 400, field: 'username' },
    { name: 'a lone surrogate in a sign-in name (the audit log is jsonb)', request: { method: 'POST', url: '/api/v1/auth/login', payload: { username: '\ud800', password: 'x' } }, status: 400, field: 'username' },
    { name: 'a NUL in a farmer search', request: { method: 'GET', url: '/api/v1/farmers?q=%00' }, status: 400, field: 'query.q' },
    { name: 'a path escape that is not UTF-8', request: { method: 'GET', url: '/api/v1/users/%ED%A0%80' }, status: 400, field: 'params' },
    { name: 'a path parameter past the router limit', request: { method: 'GET', url: `/api/v1/farmers/${'z'.repeat(2_000)}` }, status: 400, field: 'params' },
    { name: 'a multipart body that ends early', request: { method: 'POST', url: '/api/v1/documents', headers: multipartJunk, payload: 'null' }, status: 400, field: 'file' },
  ];
  for (const { name, request, status, field } of cases) {
    it(`answers ${name} with a problem naming the field`, async () => {
      const response = await ctx.app.inject({ ...request, headers: { ...sessions[0]!.headers, ...(request.headers ?? {}) } });
      expect(response.statusCode).toBe(status);
      expect(fault(response.statusCode, String(response.headers['content-type']), response.body)).toBeNull();
      expect(response.json()).toMatchObject({ code: 'validation_failed', field });
    });
  }

  it('suggests nothing, rather than 500, from an empty library', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: `/api/v1/search/suggest?q=${encodeURIComponent('医保')}`, headers: sessions[0]!.headers });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ items: [] });
  });
});
