import { asc, count, eq, sql } from 'drizzle-orm';
import { schema, type Database } from '@fieldschool/db';
import { DEFAULT_SYNONYM_GROUPS } from '@fieldschool/search';
import type { SynonymGroup, SynonymGroupInput } from '@fieldschool/contracts';
import { notFound } from '../errors.ts';
import { recordAudit, type Actor } from './audit.ts';
import { enqueueIndexing } from './search-outbox.ts';

const toDto = (row: typeof schema.synonymGroups.$inferSelect): SynonymGroup => ({ id: row.id, terms: row.terms });

export async function listSynonymGroups(db: Database): Promise<SynonymGroup[]> {
  const rows = await db.select().from(schema.synonymGroups).orderBy(asc(schema.synonymGroups.createdAt), asc(schema.synonymGroups.id));
  return rows.map(toDto);
}

const clean = (terms: string[]) => [...new Set(terms.map((term) => term.trim()).filter(Boolean))];

export async function createSynonymGroup(db: Database, actor: Actor, input: SynonymGroupInput): Promise<SynonymGroup> {
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(schema.synonymGroups).values({ terms: clean(input.terms) }).returning();
    await enqueueIndexing(tx, 'synonyms', 'all');
    await recordAudit(tx, actor, { action: 'synonym.create', entity: 'synonym_group', entityId: row!.id, after: row });
    return toDto(row!);
  });
}

export async function updateSynonymGroup(db: Database, actor: Actor, id: string, input: SynonymGroupInput): Promise<SynonymGroup> {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(schema.synonymGroups).where(eq(schema.synonymGroups.id, id));
    if (!before) throw notFound('Synonym group');
    const [row] = await tx.update(schema.synonymGroups).set({ terms: clean(input.terms), updatedAt: new Date() }).where(eq(schema.synonymGroups.id, id)).returning();
    await enqueueIndexing(tx, 'synonyms', 'all');
    await recordAudit(tx, actor, { action: 'synonym.update', entity: 'synonym_group', entityId: id, before, after: row });
    return toDto(row!);
  });
}

export async function deleteSynonymGroup(db: Database, actor: Actor, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const [before] = await tx.delete(schema.synonymGroups).where(eq(schema.synonymGroups.id, id)).returning();
    if (!before) throw notFound('Synonym group');
    await enqueueIndexing(tx, 'synonyms', 'all');
    await recordAudit(tx, actor, { action: 'synonym.delete', entity: 'synonym_group', entityId: id, before });
  });
}

/**
 * Loads the default groups the first time the api meets this database (an audit line
 * marks it), so groups an admin deleted later stay deleted. Always asks the worker to
 * apply the index settings, which also creates (and fills) the index on a new Meilisearch.
 */
export async function prepareSearchSettings(db: Database): Promise<void> {
  await db.transaction(async (tx) => {
    // Two api instances starting together must not both load the defaults.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext('fieldschool.synonym-defaults'))`);
    const [loaded] = await tx.select({ n: count() }).from(schema.auditLog).where(eq(schema.auditLog.action, 'synonym.defaults_loaded'));
    if (!loaded?.n) {
      await tx.insert(schema.synonymGroups).values(DEFAULT_SYNONYM_GROUPS.map((terms) => ({ terms: [...terms] })));
      await recordAudit(tx, { userId: null }, { action: 'synonym.defaults_loaded', entity: 'synonym_group', entityId: null });
    }
    await enqueueIndexing(tx, 'settings', 'passages');
  });
}
