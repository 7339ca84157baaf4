import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp, type Session } from './test-app.ts';
import { seedReports, type ReportFixtures } from './report-fixtures.ts';

const ctx = useTestApp('report-drill-down');
let data: ReportFixtures;
const as: Record<string, Session> = {};

beforeAll(async () => {
  data = await seedReports(ctx.db.db, ctx.fixtures);
  for (const username of ['admin', 'hepo-admin', 'secretary', 'report-trainer']) as[username] = await ctx.signIn(username);
});

const get = (username: string, path: string) => ctx.app.inject({ method: 'GET', url: `/api/v1/reports/${path}`, headers: as[username]!.headers });

describe('report drill-down', () => {
  it('lists a scope’s sessions with attendance against capacity and invitations, paged', async () => {
    const first = (await get('admin', `sessions?orgUnitId=${ctx.fixtures.hepo.id}&limit=2`)).json();
    const second = (await get('admin', `sessions?orgUnitId=${ctx.fixtures.hepo.id}&limit=2&cursor=${first.nextCursor}`)).json();
    const rest = (await get('admin', `sessions?orgUnitId=${ctx.fixtures.hepo.id}&limit=2&cursor=${second.nextCursor}`)).json();
    const ids = [...first.items, ...second.items, ...rest.items].map((row: { id: string }) => row.id);
    const s = data.sessions;
    expect(ids).toEqual([s.planned.id, s.cancelled.id, s.mamenApril.id, s.gengaMidnight.id, s.gengaMarch.id]);
    expect(rest.nextCursor).toBeNull();
    // 马门村 (2 farmers) and the invited 根呷村 (4).
    expect(first.items.concat(second.items).find((row: { id: string }) => row.id === s.mamenApril.id)).toMatchObject({ capacity: 2, invited: 6, attendances: 3 });
    const trainer = (await get('report-trainer', 'sessions')).json().items.map((row: { id: string }) => row.id);
    expect(trainer.sort()).toEqual([s.gengaMarch.id, s.mamenApril.id, s.achaEmpty.id].sort());
  });

  it('shows a roster with every status, and nothing outside the scope', async () => {
    const roster = (await get('secretary', `sessions/${data.sessions.gengaMarch.id}/roster`)).json();
    expect(roster.items.map((row: { farmerName: string; status: string }) => `${row.farmerName}:${row.status}`)).toEqual(expect.arrayContaining(['泽仁拉姆:present', '多吉:late', '央宗:excused', '扎西:present']));
    expect(roster.items.at(-1).status).toBe('excused');
    expect((await get('secretary', `sessions/${data.sessions.achaMay.id}/roster`)).statusCode).toBe(404);
    expect((await get('report-trainer', `sessions/${data.sessions.achaMay.id}/roster`)).statusCode).toBe(404);
  });

  it('gives a farmer’s sessions and materials, and the farmers never trained', async () => {
    const history = (await get('admin', `farmers/${data.farmers.traveller.id}`)).json();
    expect(history.sessions).toHaveLength(3);
    expect(history.materials.map((row: { quantity: number }) => row.quantity).sort()).toEqual([1, 5]);
    expect((await get('hepo-admin', `farmers/${data.farmers.lobsang.id}`)).statusCode).toBe(404);
    const untrained = (await get('admin', 'untrained')).json().items.map((row: { name: string }) => row.name);
    // 央宗 (the duplicate) and 次仁 never came; 白玛 came only to the cancelled session and to 马门村's.
    expect(untrained.sort()).toEqual(['央宗', '次仁'].sort());
    expect((await get('secretary', 'untrained')).json().items.map((row: { name: string }) => row.name)).toEqual(['央宗']);
  });
});
