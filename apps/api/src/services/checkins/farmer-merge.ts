import { and, eq, inArray, sql } from 'drizzle-orm';
import { schema, type Database } from '@fieldschool/db';
import type { MergeFarmerResponse } from '@fieldschool/contracts';
import { AppError, notFound } from '../../errors.ts';
import { recordAudit, type Actor } from '../audit.ts';
import { inAreaSql, type Principal } from '../principal.ts';

/**
 * An admin merges a farmer (usually a walk-in registered as provisional) into the farmer
 * they really are, in one transaction: their attendances move over; at a session both
 * attended, the earlier check-in is kept (a real one before a server-made `absent`) and
 * the other removed, its sync receipts pointed at the one kept, so a phone re-sending it
 * still hears `duplicate`; materials handed out move too. The merged farmer stays, with
 * `merged_into_id` set (and anyone merged into them before now points further), so both
 * ids still resolve. Both farmers must be in the admin's area (404 otherwise).
 */
export async function mergeFarmer(db: Database, principal: Principal, actor: Actor, id: string, intoId: string): Promise<MergeFarmerResponse> {
  if (id === intoId) throw new AppError('merge_invalid', 'A farmer cannot be merged into themselves', { field: 'intoId' });
  return db.transaction(async (tx) => {
    const rows = await tx
      .select({ id: schema.farmers.id, mergedIntoId: schema.farmers.mergedIntoId, name: schema.farmers.name, provisional: schema.farmers.provisional })
      .from(schema.farmers)
      .innerJoin(schema.orgUnits, eq(schema.orgUnits.id, schema.farmers.villageId))
      .where(and(inArray(schema.farmers.id, [id, intoId]), inAreaSql(principal.orgUnitPath, schema.orgUnits.path)))
      .orderBy(schema.farmers.id)
      .for('update', { of: schema.farmers });
    const from = rows.find((r) => r.id === id);
    const into = rows.find((r) => r.id === intoId);
    if (!from) throw notFound('Farmer');
    if (!into) throw new AppError('not_found', 'Farmer not found', { field: 'intoId' });
    if (from.mergedIntoId) throw new AppError('merge_invalid', 'This farmer was already merged', { field: 'id' });
    if (into.mergedIntoId) throw new AppError('merge_invalid', 'That farmer was merged into another one; merge into that one', { field: 'intoId' });

    // Sessions both attended: which of the two attendances stays.
    const { rows: pairs } = await tx.execute(sql`
      SELECT src.id AS src_id, dst.id AS dst_id,
        ((dst.status = 'absent' AND src.status <> 'absent')
          OR ((dst.status = 'absent') = (src.status = 'absent') AND src.checked_in_at < dst.checked_in_at)) AS src_wins
      FROM attendances src JOIN attendances dst ON dst.session_id = src.session_id AND dst.farmer_id = ${intoId}
      WHERE src.farmer_id = ${id}
      ORDER BY src.session_id`);
    const collapse = (pairs as { src_id: string; dst_id: string; src_wins: boolean }[]).map((p) =>
      p.src_wins ? { keep: p.src_id, drop: p.dst_id } : { keep: p.dst_id, drop: p.src_id },
    );
    if (collapse.length) {
      const map = sql`jsonb_to_recordset(${JSON.stringify(collapse)}::jsonb) AS x(keep uuid, drop uuid)`;
      await tx.execute(sql`UPDATE sync_receipts r SET attendance_id = x.keep FROM ${map} WHERE r.attendance_id = x.drop`);
      await tx.execute(sql`DELETE FROM attendances a USING ${map} WHERE a.id = x.drop`);
    }
    const moved = await tx.update(schema.attendances).set({ farmerId: intoId }).where(eq(schema.attendances.farmerId, id)).returning({ id: schema.attendances.id });
    await tx.update(schema.materialDistributions).set({ farmerId: intoId }).where(eq(schema.materialDistributions.farmerId, id));
    await tx.update(schema.farmers).set({ mergedIntoId: intoId, updatedAt: new Date() }).where(eq(schema.farmers.id, id));
    await tx.update(schema.farmers).set({ mergedIntoId: intoId, updatedAt: new Date() }).where(eq(schema.farmers.mergedIntoId, id));
    const result = { id, intoId, moved: moved.length, collapsed: collapse.length };
    await recordAudit(tx, actor, {
      action: 'farmer.merge',
      entity: 'farmer',
      entityId: id,
      before: { from, into },
      after: { ...result, keptAttendances: collapse.map((c) => c.keep), removedAttendances: collapse.map((c) => c.drop) },
    });
    return result;
  });
}
