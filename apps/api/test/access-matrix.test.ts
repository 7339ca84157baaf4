import { beforeAll, describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import { NO_ROW, OUTSIDE_MARK, seedAreaRows, type AreaRows } from './access-fixtures.ts';
import { accessMatrix, callers, probeBodies, probeQueries, type Caller } from './access-matrix.ts';
import { readOperations, type Operation } from './openapi-operations.ts';
import { searchSettled } from './search-settled.ts';
import { useTestApp, type Session } from './test-app.ts';

const ctx = useTestApp('access-matrix');

let rows: { inside: AreaRows; outside: AreaRows };
const sessions = new Map<string, Session>();

beforeAll(async () => {
  const admin = await ctx.signIn('admin');
  rows = await seedAreaRows(ctx.app, ctx.db.db, ctx.fixtures, admin);
  await ctx.drainOutbox();
  await searchSettled(ctx.app);
  sessions.set('admin', admin);
  for (const username of ['hepo-admin', 'trainer', 'secretary']) sessions.set(username, await ctx.signIn(username));
}, 60_000);

/** The row a path parameter names, by the collection it follows ("/farmers/{id}" → the farmer). */
const rowOfCollection: Record<string, keyof AreaRows> = {
  'org-units': 'orgUnit',
  users: 'user',
  farmers: 'farmer',
  courses: 'course',
  sessions: 'session',
  'self-checkin': 'session',
  matters: 'matter',
  materials: 'material',
  villages: 'village',
  households: 'village',
  secretaries: 'secretary',
  supervision: 'secretary',
};

function fillPath(path: string, rows: AreaRows): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string, offset: number) => {
    if (name === 'householdNo') return rows.householdNo;
    const collection = /([a-z-]+)\/$/.exec(path.slice(0, offset))?.[1] ?? '';
    const row = ['id', 'villageId', 'secretaryId'].includes(name) ? rowOfCollection[collection] : undefined;
    // Ids no area owns (documents, versions, files, synonyms, feed tokens, series): a row that is not there.
    return row ? rows[row] : NO_ROW;
  });
}

describe('the access matrix', () => {
  it('has one row for every operation the api documents, and none for an operation it does not', async () => {
    const documented = (await readOperations(ctx.app)).map((operation) => operation.key).sort();
    expect(Object.keys(accessMatrix).sort()).toEqual(documented);
  });

  it("agrees with each route's own role config: a role it does not admit gets 403, a signed-out caller 401", async () => {
    const disagreements: string[] = [];
    for (const operation of await readOperations(ctx.app)) {
      const cells = accessMatrix[operation.key];
      if (!cells) continue;
      callers.forEach((caller, column) => {
        const refused = !operation.public && (caller.role ? !operation.roles.includes(caller.role) : true);
        // A caller the route admits may still be refused a row outside their area (403), but a signed-out one never by the session check.
        const wrong = refused ? cells[column] !== (caller.role ? 403 : 401) : !caller.role && cells[column] === 401;
        if (wrong) disagreements.push(`${operation.key}: ${caller.name} ${cells[column]}`);
      });
    }
    expect(disagreements).toEqual([]);
  });

  it('answers every cell with the status the table gives', { timeout: 60_000 }, async () => {
    const operations = await readOperations(ctx.app);
    // Deletions last, so the rows they remove have answered every other operation first.
    const ordered = [...operations.filter((o) => o.method !== 'DELETE'), ...operations.filter((o) => o.method === 'DELETE')];
    const observed: Record<string, number[]> = {};
    const callAll = async (operation: Operation) => {
      const cells: number[] = [];
      // The widest caller goes last: a cell that changes a row leaves it for no one narrower.
      for (const column of [...callers.keys()].reverse()) cells[column] = await call(operation, callers[column]!);
      observed[operation.key] = cells;
    };
    // Operations other than deletions leave each other's answers alone: a few at a time keep the database busy while a PDF renders.
    const others = ordered.filter((o) => o.method !== 'DELETE');
    for (let start = 0; start < others.length; start += 8) await Promise.all(others.slice(start, start + 8).map(callAll));
    for (const operation of ordered.filter((o) => o.method === 'DELETE')) await callAll(operation);
    const expected = Object.fromEntries(ordered.map((operation) => [operation.key, accessMatrix[operation.key]]));
    expect(observed).toEqual(expected);
  });
});

async function call(operation: Operation, caller: Caller): Promise<number> {
  const side = caller.row === 'outside' ? rows.outside : rows.inside;
  // Signing out ends the session it is sent with: give it one of its own.
  const session = caller.username && (operation.key === 'POST /api/v1/auth/logout' ? await ctx.signIn(caller.username) : sessions.get(caller.username));
  const query = probeQueries[operation.key]?.(side);
  const body = probeBodies[operation.key]?.(side) ?? (operation.body ? {} : undefined);
  const response = await ctx.app.inject({
    method: operation.method as 'GET',
    url: fillPath(operation.path, side) + (query ? `?${new URLSearchParams(query)}` : ''),
    headers: session ? session.headers : {},
    ...(body === undefined ? {} : { payload: body }),
  });
  return response.statusCode;
}

/** The text of an answer, whatever it is: JSON, CSV, or a spreadsheet's sheets and strings (the zip's xl/ parts; docProps holds only its date). */
async function textOf(body: Buffer, contentType: string): Promise<string> {
  if (!contentType.includes('spreadsheetml')) return body.toString('utf8');
  const zip = await JSZip.loadAsync(body);
  const parts = Object.values(zip.files).filter((file) => file.name.startsWith('xl/'));
  return (await Promise.all(parts.map((file) => file.async('string')))).join('\n');
}

describe('nothing outside the area', () => {
  // PDFs compress their text; their data comes from the same scoped queries as the JSON reports checked here.
  const listsAndReports = async () => (await readOperations(ctx.app)).filter((o) => o.method === 'GET' && !o.path.includes('{') && !o.path.endsWith('.pdf'));

  it("shows a township admin or a secretary no row, name or id of another township in any list, count, facet, search hit, export or report", { timeout: 60_000 }, async () => {
    const outside = [...new Set([...Object.values(rows.outside).filter((value) => value !== rows.outside.householdNo), ctx.fixtures.acha.id, OUTSIDE_MARK])];
    const leaks: string[] = [];
    for (const operation of await listsAndReports()) {
      for (const username of ['hepo-admin', 'secretary']) {
        const query = probeQueries[operation.key]?.(rows.inside);
        const response = await ctx.app.inject({ method: 'GET', url: operation.path + (query ? `?${new URLSearchParams(query)}` : ''), headers: sessions.get(username)!.headers });
        if (response.statusCode !== 200) continue;
        const text = await textOf(response.rawPayload, String(response.headers['content-type']));
        for (const secret of outside) if (text.includes(secret)) leaks.push(`${operation.key} as ${username} shows ${secret}`);
      }
    }
    expect(leaks).toEqual([]);
    // The county admin sees the other side, so the check above would notice a leak.
    const all = await ctx.app.inject({ method: 'GET', url: '/api/v1/matters', headers: sessions.get('admin')!.headers });
    expect(all.body).toContain(OUTSIDE_MARK);
  });

  it("gives a township admin the same lists, counts and reports as the county admin asking for that township", { timeout: 60_000 }, async () => {
    const differences: string[] = [];
    let compared = 0;
    for (const operation of await listsAndReports()) {
      // A user list's orgUnitId names the unit users are placed at, not an area: its own rows are checked in the matrix.
      if (operation.key === 'GET /api/v1/users' || !operation.parameters.some((p) => p.in === 'query' && p.name === 'orgUnitId')) continue;
      // What else the operation needs (a year, a month), without the probe's own area.
      const { orgUnitId: _probeArea, ...needs } = probeQueries[operation.key]?.(rows.inside) ?? {};
      const own = await ctx.app.inject({ method: 'GET', url: `${operation.path}?${new URLSearchParams(needs)}`, headers: sessions.get('hepo-admin')!.headers });
      const county = await ctx.app.inject({ method: 'GET', url: `${operation.path}?${new URLSearchParams({ ...needs, orgUnitId: ctx.fixtures.hepo.id })}`, headers: sessions.get('admin')!.headers });
      expect(own.statusCode, operation.key).toBe(200);
      compared++;
      const mine = await textOf(own.rawPayload, String(own.headers['content-type']));
      const theirs = await textOf(county.rawPayload, String(county.headers['content-type']));
      if (mine !== theirs) differences.push(`${operation.key}:\n${mine.slice(0, 400)}\nvs\n${theirs.slice(0, 400)}`);
    }
    expect(differences).toEqual([]);
    expect(compared).toBeGreaterThanOrEqual(10);
  });
});
