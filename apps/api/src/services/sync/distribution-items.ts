import { aliasedTable, and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { schema } from '@fieldschool/db';
import { DistributionSyncItem, type DistributionRejection } from '@fieldschool/contracts';
import { recordAudit } from '../audit.ts';
import { alongChainSql, inAreaSql } from '../principal.ts';
import { mayManageSession } from '../sessions.ts';
import type { SyncContext, SyncHandler, SyncOutcome, SyncDb } from './sync-handler.ts';

/*
 * Printed materials handed out at a session, as items of kind `distribution` in the shared
 * sync request (DESIGN.md §6). The phone makes the id, so a re-sent item is a no-op
 * (ON CONFLICT DO NOTHING on the primary key decides, never a read first). The copies come
 * out of the store of the session's township; handing out more than the store holds is
 * accepted — the paper is gone — and the excess is kept as `beyond_stock` for the admin.
 */

const village = aliasedTable(schema.orgUnits, 'village');
const d = schema.materialDistributions;

interface SessionFacts {
  villagePath: string;
  townshipId: string;
  status: string;
  trainerIds: string[];
}

async function sessionFacts(tx: SyncDb, ids: readonly string[]): Promise<Map<string, SessionFacts>> {
  if (ids.length === 0) return new Map();
  const rows = await tx
    .select({ id: schema.trainingSessions.id, villagePath: village.path, townshipId: village.parentId, status: schema.trainingSessions.status })
    .from(schema.trainingSessions)
    .innerJoin(village, eq(village.id, schema.trainingSessions.villageId))
    .where(inArray(schema.trainingSessions.id, [...ids]));
  const trainers = await tx.select().from(schema.sessionTrainers).where(inArray(schema.sessionTrainers.sessionId, [...ids]));
  return new Map(
    rows.map((row) => [
      row.id,
      { villagePath: row.villagePath, townshipId: row.townshipId!, status: row.status, trainerIds: trainers.filter((t) => t.sessionId === row.id).map((t) => t.trainerId) },
    ]),
  );
}

async function usableMaterials(ctx: SyncContext, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await ctx.tx
    .select({ id: schema.materials.id })
    .from(schema.materials)
    .innerJoin(schema.orgUnits, eq(schema.orgUnits.id, schema.materials.orgUnitId))
    .where(and(inArray(schema.materials.id, [...ids]), alongChainSql(ctx.principal, schema.orgUnits.path)));
  return new Set(rows.map((row) => row.id));
}

async function knownFarmers(ctx: SyncContext, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await ctx.tx
    .select({ id: schema.farmers.id })
    .from(schema.farmers)
    .innerJoin(village, eq(village.id, schema.farmers.villageId))
    .where(and(inArray(schema.farmers.id, [...ids]), isNull(schema.farmers.mergedIntoId), inAreaSql(ctx.principal.orgUnitPath, village.path)));
  return new Set(rows.map((row) => row.id));
}

/** Takes `quantity` copies out of the store and answers how many the store did not have. */
async function takeFromStore(tx: SyncDb, materialId: string, townshipId: string, quantity: number): Promise<number> {
  const result = await tx.execute<{ before: number }>(sql`
    WITH old AS (
      SELECT quantity FROM ${schema.materialStock}
      WHERE material_id = ${materialId} AND township_id = ${townshipId} FOR UPDATE
    )
    UPDATE ${schema.materialStock} AS s SET quantity = greatest(old.quantity - ${quantity}, 0), updated_at = now()
    FROM old WHERE s.material_id = ${materialId} AND s.township_id = ${townshipId}
    RETURNING old.quantity AS before`);
  const before = result.rows[0]?.before ?? 0;
  return Math.max(quantity - before, 0);
}

async function handle(ctx: SyncContext, items: readonly DistributionSyncItem[]): Promise<SyncOutcome[]> {
  const sessions = await sessionFacts(ctx.tx, [...new Set(items.map((item) => item.sessionId))]);
  const materials = await usableMaterials(ctx, [...new Set(items.map((item) => item.materialId))]);
  const farmers = await knownFarmers(ctx, [...new Set(items.flatMap((item) => (item.farmerId ? [item.farmerId] : [])))]);
  const outcomes: SyncOutcome[] = [];
  for (const item of items) {
    const session = sessions.get(item.sessionId);
    const reject = (reason: DistributionRejection) => outcomes.push({ id: item.id, result: 'rejected', reason });
    if (!session || !mayManageSession(ctx.principal, session)) reject('session_invalid');
    else if (session.status === 'cancelled') reject('session_cancelled');
    else if (!materials.has(item.materialId)) reject('material_invalid');
    else if (item.farmerId && !farmers.has(item.farmerId)) reject('farmer_invalid');
    else outcomes.push(await record(ctx, item, session.townshipId));
  }
  return outcomes;
}

async function record(ctx: SyncContext, item: DistributionSyncItem, townshipId: string): Promise<SyncOutcome> {
  const [created] = await ctx.tx
    .insert(d)
    .values({
      id: item.id,
      sessionId: item.sessionId,
      materialId: item.materialId,
      farmerId: item.farmerId ?? null,
      quantity: item.quantity,
      recordedBy: ctx.principal.id,
      distributedAt: new Date(item.distributedAt),
      townshipId,
      deviceId: ctx.deviceId,
    })
    .onConflictDoNothing({ target: d.id })
    .returning({ id: d.id });
  if (!created) return { id: item.id, result: 'duplicate', recordId: item.id };
  const beyondStock = await takeFromStore(ctx.tx, item.materialId, townshipId, item.quantity);
  if (beyondStock > 0) await ctx.tx.update(d).set({ beyondStock }).where(eq(d.id, item.id));
  await recordAudit(ctx.tx, { userId: ctx.principal.id }, { action: 'material.distribute', entity: 'material_distribution', entityId: item.id, after: { ...item, townshipId, beyondStock, deviceId: ctx.deviceId } });
  return { id: item.id, result: 'created', recordId: item.id };
}

export const distributionItems: SyncHandler<DistributionSyncItem> = {
  kind: 'distribution',
  schema: DistributionSyncItem,
  roles: ['trainer', 'admin'],
  handle,
};
