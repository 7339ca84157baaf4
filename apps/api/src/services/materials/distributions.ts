import { asc, eq, sql } from 'drizzle-orm';
import { schema, type Database } from '@fieldschool/db';
import type { DistributionOutcome, RecordDistributions, SessionDistributions } from '@fieldschool/contracts';
import type { Principal } from '../principal.ts';
import { getSession } from '../sessions.ts';
import { distributionItems } from '../sync/distribution-items.ts';

const d = schema.materialDistributions;

/**
 * The same items as the sync request's `distribution` kind, for one session, outside it:
 * the one handler runs them in one transaction and answers per item.
 */
export async function recordDistributions(db: Database, principal: Principal, sessionId: string, input: RecordDistributions, receivedAt = new Date()): Promise<DistributionOutcome[]> {
  await getSession(db, principal, sessionId);
  const items = input.items.map((item) => ({ kind: 'distribution' as const, sessionId, ...item }));
  const outcomes = await db.transaction((tx) => distributionItems.handle({ tx, principal, deviceId: input.deviceId, receivedAt }, items));
  return outcomes as DistributionOutcome[];
}

export async function sessionDistributions(db: Database, principal: Principal, sessionId: string): Promise<SessionDistributions> {
  await getSession(db, principal, sessionId);
  const rows = await db
    .select({
      id: d.id,
      materialId: d.materialId,
      materialTitle: schema.materials.title,
      farmerId: d.farmerId,
      farmerName: schema.farmers.name,
      quantity: d.quantity,
      beyondStock: d.beyondStock,
      distributedAt: d.distributedAt,
    })
    .from(d)
    .innerJoin(schema.materials, eq(schema.materials.id, d.materialId))
    .leftJoin(schema.farmers, eq(schema.farmers.id, d.farmerId))
    .where(eq(d.sessionId, sessionId))
    .orderBy(asc(d.distributedAt), asc(d.id));
  const totals = await db
    .select({ materialId: d.materialId, materialTitle: schema.materials.title, quantity: sql<number>`sum(${d.quantity})::int` })
    .from(d)
    .innerJoin(schema.materials, eq(schema.materials.id, d.materialId))
    .where(eq(d.sessionId, sessionId))
    .groupBy(d.materialId, schema.materials.title)
    .orderBy(asc(schema.materials.title));
  return { items: rows.map((row) => ({ ...row, distributedAt: row.distributedAt.toISOString() })), totals };
}
