import { and, eq, getTableColumns, isNull, sql } from 'drizzle-orm';
import { schema, type Database } from '@fieldschool/db';
import { MAX_ROSTER_LISTED, type RosterReport } from '@fieldschool/contracts';
import { AppError } from '../../errors.ts';
import type { Actor } from '../audit.ts';
import { auditable, farmerColumns, newCardToken } from '../farmers.ts';
import { getVisibleOrgUnit } from '../org-units.ts';
import { inArea, type Principal } from '../principal.ts';
import { array, columns, uuids } from '../sql-arrays.ts';
import { readRoster, type RosterProblem, type RosterRow } from './read-roster.ts';

/*
 * A village's roster from Excel. `checkRoster` reads the file and answers the row-by-row
 * report without writing; `importRoster` writes — all rows or none, unless the caller
 * asks for the valid rows only. A row whose ID number's hash is already registered updates
 * that farmer; a row without an ID number whose name and birth year match a farmer of the
 * village is a possible duplicate: reported, left out, for a person to decide. The columns
 * come from farmers.ts (farmerColumns), the one rule for a farmer's fields. Rows are planned
 * and written a chunk at a time as the reader hands them on, inside one transaction, so
 * memory stays flat in the row count; a refused import rolls back what it wrote.
 */

type FarmerRow = typeof schema.farmers.$inferSelect;
/** RETURNING every farmer column under its drizzle name, so a returned row reads as drizzle's would (audited as such). */
const farmerRowColumns = sql.join(
  Object.entries(getTableColumns(schema.farmers)).map(([key, column]) => sql`${sql.identifier(column.name)} AS ${sql.identifier(key)}`),
  sql`, `,
);

type FarmerValues = ReturnType<typeof farmerColumns>;
interface Chunk {
  creates: Array<{ row: number; values: FarmerValues }>;
  updates: Array<{ row: number; id: string; values: FarmerValues }>;
}
interface Tally {
  creates: number;
  updates: number;
  /** Rows refused because their ID number belongs to a farmer outside the caller's area (the reader finds the rest): the first MAX_ROSTER_LISTED. */
  problems: RosterProblem[];
  problemCount: number;
  /** The first MAX_ROSTER_LISTED, by row; `possibleDuplicateCount` counts all. */
  possibleDuplicates: RosterReport['possibleDuplicates'];
  possibleDuplicateCount: number;
}

async function resolveVillage(db: Database, principal: Principal, villageId: string) {
  const unit = await getVisibleOrgUnit(db, principal, villageId);
  if (unit.level !== 'village') throw new AppError('org_unit_invalid', 'A roster belongs to a village', { field: 'villageId' });
  return unit;
}

/** What one chunk of valid rows will do: create, update, or be reported (taken ID, possible duplicate). */
async function planChunk(db: Pick<Database, 'select'>, principal: Principal, idKey: Buffer, villageId: string, rows: RosterRow[], tally: Tally): Promise<Chunk> {
  const chunk: Chunk = { creates: [], updates: [] };
  const part = rows.map((row) => ({ row: row.row, values: farmerColumns(row.fields, idKey) }));
  const hashes = part.flatMap((entry) => (entry.values.idNumberHash ? [entry.values.idNumberHash] : []));
  const byHash = new Map<string, { id: string; path: string }>();
  if (hashes.length) {
    const known = await db
      .select({ id: schema.farmers.id, hash: schema.farmers.idNumberHash, path: schema.orgUnits.path })
      .from(schema.farmers)
      .innerJoin(schema.orgUnits, eq(schema.orgUnits.id, schema.farmers.villageId))
      .where(sql`${schema.farmers.idNumberHash} = ANY(${array(hashes, 'text')})`);
    for (const row of known) byHash.set(row.hash!, row);
  }
  const unnumbered = part.filter((entry) => !entry.values.idNumberHash).map((entry) => entry.values.name);
  const sameNames = unnumbered.length
    ? await db
        .select({ id: schema.farmers.id, name: schema.farmers.name, birthYear: schema.farmers.birthYear })
        .from(schema.farmers)
        // Farmers this import created (in its own transaction, at now()) are not twins of its rows.
        .where(and(eq(schema.farmers.villageId, villageId), isNull(schema.farmers.mergedIntoId), sql`${schema.farmers.name} = ANY(${array([...new Set(unnumbered)], 'text')})`, sql`${schema.farmers.createdAt} < now()`))
    : [];
  const twinOf = new Map(sameNames.map((f) => [`${f.name}|${f.birthYear}`, f]));
  for (const entry of part) {
    const known = entry.values.idNumberHash ? byHash.get(entry.values.idNumberHash) : undefined;
    if (known && !inArea(principal.orgUnitPath, known.path)) {
      tally.problemCount += 1;
      if (tally.problems.length < MAX_ROSTER_LISTED) tally.problems.push({ row: entry.row, column: 'idNumber', reason: 'id_number_taken' });
    } else if (known) chunk.updates.push({ row: entry.row, id: known.id, values: entry.values });
    else {
      const twin = entry.values.idNumberHash ? undefined : twinOf.get(`${entry.values.name}|${entry.values.birthYear}`);
      if (twin) {
        tally.possibleDuplicateCount += 1;
        if (tally.possibleDuplicates.length < MAX_ROSTER_LISTED) tally.possibleDuplicates.push({ row: entry.row, farmerId: twin.id, name: twin.name });
      } else chunk.creates.push(entry);
    }
  }
  tally.creates += chunk.creates.length;
  tally.updates += chunk.updates.length;
  return chunk;
}

async function writeChunk(tx: Pick<Database, 'insert' | 'select' | 'execute'>, actor: Actor, villageId: string, chunk: Chunk): Promise<void> {
  if (chunk.creates.length) {
    const { rows } = await tx.execute<FarmerRow>(sql`
      INSERT INTO ${schema.farmers} (village_id, name, name_pinyin, name_pinyin_initials, household_no, gender, birth_year, phone, id_number_hash, id_number_last4, card_token)
      SELECT ${villageId}::uuid, x.name, x.pinyin, x.initials, x.household, x.gender::gender, x.birth_year, x.phone, x.hash, x.last4, x.token
      FROM ${columns(chunk.creates, {
        name: ['text', (e) => e.values.name],
        pinyin: ['text', (e) => e.values.namePinyin],
        initials: ['text', (e) => e.values.namePinyinInitials],
        household: ['text', (e) => e.values.householdNo],
        gender: ['text', (e) => e.values.gender],
        birth_year: ['int', (e) => e.values.birthYear],
        phone: ['text', (e) => e.values.phone],
        hash: ['text', (e) => e.values.idNumberHash ?? null],
        last4: ['text', (e) => e.values.idNumberLast4 ?? null],
        token: ['text', () => newCardToken()],
      })}
      RETURNING ${farmerRowColumns}`);
    await tx.execute(sql`
      INSERT INTO ${schema.auditLog} (actor_id, action, entity, entity_id, after, request_id, ip)
      SELECT ${actor.userId}::uuid, 'farmer.import', 'farmer', x.id, x.after, ${actor.requestId ?? null}, ${actor.ip ?? null}
      FROM ${columns(rows, { id: ['uuid', (row) => row.id], after: ['jsonb', (row) => JSON.stringify(auditable(row))] })}`);
  }
  if (!chunk.updates.length) return;
  const before = await tx.select().from(schema.farmers).where(sql`${schema.farmers.id} = ANY(${uuids(chunk.updates.map((entry) => entry.id))})`).for('update');
  const values = chunk.updates.map((entry) => ({
    id: entry.id,
    name: entry.values.name,
    pinyin: entry.values.namePinyin,
    initials: entry.values.namePinyinInitials,
    household: entry.values.householdNo,
    gender: entry.values.gender,
    birth_year: entry.values.birthYear,
    phone: entry.values.phone,
  }));
  // An empty cell keeps what the farmer has; the name is always the sheet's.
  await tx.execute(sql`
    UPDATE ${schema.farmers} AS f SET
      village_id = ${villageId}, name = x.name, name_pinyin = x.pinyin, name_pinyin_initials = x.initials,
      household_no = coalesce(x.household, f.household_no), gender = coalesce(x.gender::gender, f.gender),
      birth_year = coalesce(x.birth_year, f.birth_year), phone = coalesce(x.phone, f.phone), updated_at = now()
    FROM ${columns(values, {
      id: ['uuid', (v) => v.id],
      name: ['text', (v) => v.name],
      pinyin: ['text', (v) => v.pinyin],
      initials: ['text', (v) => v.initials],
      household: ['text', (v) => v.household],
      gender: ['text', (v) => v.gender],
      birth_year: ['int', (v) => v.birth_year],
      phone: ['text', (v) => v.phone],
    })}
    WHERE f.id = x.id`);
  const afterOf = new Map(values.map((v) => [v.id, v]));
  await tx.execute(sql`
    INSERT INTO ${schema.auditLog} (actor_id, action, entity, entity_id, before, after, request_id, ip)
    SELECT ${actor.userId}::uuid, 'farmer.import_update', 'farmer', x.id, x.before, x.after, ${actor.requestId ?? null}, ${actor.ip ?? null}
    FROM ${columns(before, {
      id: ['uuid', (row) => row.id],
      before: ['jsonb', (row) => JSON.stringify(auditable(row))],
      after: ['jsonb', (row) => JSON.stringify(afterOf.get(row.id)!)],
    })}`);
}

function report(rows: number, problems: { listed: RosterProblem[]; count: number }, tally: Tally, imported: boolean): RosterReport {
  return {
    rows,
    creates: tally.creates,
    updates: tally.updates,
    problems: problems.listed,
    problemCount: problems.count,
    possibleDuplicates: tally.possibleDuplicates,
    possibleDuplicateCount: tally.possibleDuplicateCount,
    imported,
  };
}

/**
 * Reads the file and plans every chunk, handing each to `write` with whether the roster is
 * still clean (no problem found so far); answers the report's parts.
 */
async function run(db: Pick<Database, 'select'>, principal: Principal, idKey: Buffer, villageId: string, bytes: Buffer, write?: (chunk: Chunk, clean: boolean) => Promise<void>) {
  const tally: Tally = { creates: 0, updates: 0, problems: [], problemCount: 0, possibleDuplicates: [], possibleDuplicateCount: 0 };
  const parsed = await readRoster(bytes, async (rows, readerProblems) => {
    const chunk = await planChunk(db, principal, idKey, villageId, rows, tally);
    await write?.(chunk, readerProblems === 0 && tally.problemCount === 0);
  });
  // Each list holds its first problems by row, so the first of both together are among them.
  const listed = [...parsed.problems, ...tally.problems].sort((a, b) => a.row - b.row).slice(0, MAX_ROSTER_LISTED);
  return { rows: parsed.rows, problems: { listed, count: parsed.problemCount + tally.problemCount }, tally };
}

export async function checkRoster(db: Database, principal: Principal, idKey: Buffer, villageId: string, bytes: Buffer): Promise<RosterReport> {
  await resolveVillage(db, principal, villageId);
  const { rows, problems, tally } = await run(db, principal, idKey, villageId, bytes);
  return report(rows, problems, tally, false);
}

export async function importRoster(
  db: Database,
  principal: Principal,
  actor: Actor,
  idKey: Buffer,
  villageId: string,
  bytes: Buffer,
  options: { validRowsOnly?: boolean } = {},
): Promise<RosterReport> {
  await resolveVillage(db, principal, villageId);
  return db.transaction(async (tx) => {
    // Once a problem is found, an all-or-nothing import stops writing; the refusal below rolls back the chunks before it.
    const { rows, problems, tally } = await run(tx, principal, idKey, villageId, bytes, async (chunk, clean) => {
      if (clean || options.validRowsOnly) await writeChunk(tx, actor, villageId, chunk);
    });
    if (problems.count && !options.validRowsOnly) {
      throw new AppError('roster_rows_invalid', `${problems.count} problems in the roster; nothing was imported`, { field: 'file', extensions: { report: report(rows, problems, tally, false) } });
    }
    return report(rows, problems, tally, true);
  });
}
