import { randomBytes, randomUUID } from 'node:crypto';
import { schema, type Database } from '@fieldschool/db';
import type { Fixtures } from './fixtures.ts';
import { at, seedScheduling, sessionBody } from './scheduling-fixtures.ts';
import type { App } from '../src/app.ts';
import type { Session } from './test-app.ts';


/**
 * What check-in tests add to the scheduling fixtures: farmers in 根呷村 and 马门村 (invited)
 * and 阿察村 (never invited), and a helper that schedules a session held in 根呷村 for
 * 根呷村 and 马门村, run by `trainer`.
 */
export async function seedCheckin(db: Database, fixtures: Fixtures, perVillage = 5) {
  const scheduling = await seedScheduling(db, fixtures);
  const farmersOf = async (villageId: string, prefix: string) =>
    (
      await db
        .insert(schema.farmers)
        .values(
          Array.from({ length: perVillage }, (_, i) => ({
            villageId,
            name: `${prefix}${i + 1}`,
            namePinyin: `${prefix}${i + 1}`,
            idNumberLast4: String(1000 + i),
            cardToken: randomBytes(16).toString('base64url'),
          })),
        )
        .returning({ id: schema.farmers.id, name: schema.farmers.name })
    ).map((row) => row.id);
  const farmers = {
    genga: await farmersOf(fixtures.genga.id, '根呷'),
    mamen: await farmersOf(fixtures.mamen.id, '马门'),
    acha: await farmersOf(fixtures.achaVillage.id, '阿察'),
  };
  return { scheduling, farmers };
}

/** Schedules one session (9:00–11:00 local on `day`) as admin and gives its id. */
export async function scheduleSession(app: App, admin: Session, seeded: Awaited<ReturnType<typeof seedCheckin>>, fixtures: Fixtures, day: string, overrides: Record<string, unknown> = {}) {
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/sessions',
    headers: admin.headers,
    payload: sessionBody(seeded.scheduling, fixtures, {
      startsAt: at(`${day}T09:00`),
      endsAt: at(`${day}T11:00`),
      targetVillageIds: [fixtures.mamen.id],
      ...overrides,
    }),
  });
  if (response.statusCode !== 201) throw new Error(`scheduling failed: ${response.body}`);
  return response.json<{ sessions: { id: string }[] }>().sessions[0]!.id;
}

/** A check-in item as the phone makes it. */
export function item(sessionId: string, farmerId: string, checkedInAt: string, extra: Record<string, unknown> = {}) {
  return { id: randomUUID(), sessionId, farmerId, status: 'present', method: 'roster', checkedInAt, ...extra };
}

export { at };
