import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { schema, type Database } from '@fieldschool/db';
import type { RosterReport } from '@fieldschool/contracts';
import { AppError } from '../../errors.ts';
import type { Actor } from '../audit.ts';
import { auditable, farmerColumns, newCardToken } from '../farmers.ts';
import { getVisibleOrgUnit } from '../org-units.ts';
import { inArea, type Principal } from '../principal.ts';
import { readRoster, type RosterProblem, type RosterRow } from './read-roster.ts';

/*
 * A village's roster from Excel. `checkRoster` reads the file and answers the row-by-row
 * report without writing; `importRoster` writes — all rows or none, unless the caller
 * asks for the valid rows only. A row whose ID number's hash is already registered updates
 * that farmer; a row without an ID number whose name and birth year match a farmer of the
 * village is a possible duplicate: reported, left out, for a person to decide. The columns
 * come from farmers.ts (farmerColumns), the one rule for a farmer's fields.
 */

const CHUNK = 1000;
const MAX_LISTED_PROBLEMS = 1000;

type FarmerValues = ReturnType<typeof farmerColumns>;
interface Plan {
  rows: number;
  creates: Array<{ row: number; values: FarmerValues }>;
  updates: Array<{ row: number; id: string; values: FarmerValues }>;
  problems: RosterProblem[];
  possibleDuplicates: RosterReport['possibleDuplicates'];
}

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let at = 0; at < items.length; at += size) out.push(items.slice(at, at + size));
  return out;
}

async function resolveVillage(db: Database, principal: Principal, villageId: string) {
  const unit = await getVisibleOrgUnit(db, principal, villageId);
  if (unit.level !== 'village') throw new AppError('org_unit_invalid', 'A roster belongs to a village', { field: 'villageId' });
  return unit;
}

async function plan(db: Pick<Database, 'select'>, principal: Principal, idKey: Buffer, villageId: string, bytes: Buffer): Promise<Plan> {
  const parsed = await readRoster(bytes);
  const result: Plan = { rows: parsed.rows, creates: [], updates: [], problems: parsed.problems, possibleDuplicates: [] };
  const named = parsed.valid.map((row: RosterRow) => ({ row: row.row, values: farmerColumns(row.fields, idKey) }));
  for (const part of chunks(named)) {
    const hashes = part.flatMap((entry) => (entry.values.idNumberHash ? [entry.values.idNumberHash] : []));
    const byHash = new Map<string, { id: string; path: string }>();
    if (hashes.length) {
      const rows = await db
        .select({ id: schema.farmers.id, hash: schema.farmers.idNumberHash, path: schema.orgUnits.path })
        .from(schema.farmers)
        .innerJoin(schema.orgUnits, eq(schema.orgUnits.id, schema.farmers.villageId))
        .where(inArray(schema.farmers.idNumberHash, hashes));
      for (const row of rows) byHash.set(row.hash!, row);
    }
    const unnumbered = part.filter((entry) => !entry.values.idNumberHash).map((entry) => entry.values.name);
    const sameNames = unnumbered.length
      ? await db
          .select({ id: schema.farmers.id, name: schema.farmers.name, birthYear: schema.farmers.birthYear })
          .from(schema.farmers)
          .where(and(eq(schema.farmers.villageId, villageId), isNull(schema.farmers.mergedIntoId), inArray(schema.farmers.name, [...new Set(unnumbered)])))
      : [];
    for (const entry of part) {
      const known = entry.values.idNumberHash ? byHash.get(entry.values.idNumberHash) : undefined;
      if (known && !inArea(principal.orgUnitPath, known.path)) result.problems.push({ row: entry.row, column: 'idNumber', reason: 'id_number_taken' });
      else if (known) result.updates.push({ row: entry.row, id: known.id, values: entry.values });
      else {
        const twin = entry.values.idNumberHash ? undefined : sameNames.find((f) => f.name === entry.values.name && f.birthYear === entry.values.birthYear);
        if (twin) result.possibleDuplicates.push({ row: entry.row, farmerId: twin.id, name: twin.name });
        else result.creates.push(entry);
      }
    }
  }
  result.problems.sort((a, b) => a.row - b.row);
  return result;
}

function report(p: Plan, imported: boolean): RosterReport {
  return {
    rows: p.rows,
    creates: p.creates.length,
    updates: p.updates.length,
    problems: p.problems.slice(0, MAX_LISTED_PROBLEMS),
    problemCount: p.problems.length,
    possibleDuplicates: p.possibleDuplicates,
    imported,
  };
}

export async function checkRoster(db: Database, principal: Principal, idKey: Buffer, villageId: string, bytes: Buffer): Promise<RosterReport> {
  await resolveVillage(db, principal, villageId);
  return report(await plan(db, principal, idKey, villageId, bytes), false);
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
  const p = await plan(db, principal, idKey, villageId, bytes);
  if (p.problems.length && !options.validRowsOnly) {
    throw new AppError('roster_rows_invalid', `${p.problems.length} problems in the roster; nothing was imported`, { field: 'file', extensions: { report: report(p, false) } });
  }
  await db.transaction(async (tx) => {
    for (const part of chunks(p.creates)) {
      const rows = await tx
        .insert(schema.farmers)
        .values(part.map((entry) => ({ villageId, ...entry.values, cardToken: newCardToken() })))
        .returning();
      await tx.insert(schema.auditLog).values(
        rows.map((row) => ({ actorId: actor.userId, action: 'farmer.import', entity: 'farmer', entityId: row.id, after: auditable(row), requestId: actor.requestId ?? null, ip: actor.ip ?? null })),
      );
    }
    for (const part of chunks(p.updates)) {
      const before = await tx.select().from(schema.farmers).where(inArray(schema.farmers.id, part.map((entry) => entry.id))).for('update');
      const values = part.map((entry) => ({
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
          village_id = ${villageId}, name = v.name, name_pinyin = v.pinyin, name_pinyin_initials = v.initials,
          household_no = coalesce(v.household, f.household_no), gender = coalesce(v.gender, f.gender),
          birth_year = coalesce(v.birth_year, f.birth_year), phone = coalesce(v.phone, f.phone), updated_at = now()
        FROM jsonb_to_recordset(${JSON.stringify(values)}::jsonb)
          AS v(id uuid, name text, pinyin text, initials text, household text, gender gender, birth_year int, phone text)
        WHERE f.id = v.id`);
      const afterOf = new Map(values.map((v) => [v.id, v]));
      await tx.insert(schema.auditLog).values(
        before.map((row) => ({
          actorId: actor.userId,
          action: 'farmer.import_update',
          entity: 'farmer',
          entityId: row.id,
          before: auditable(row),
          after: afterOf.get(row.id)!,
          requestId: actor.requestId ?? null,
          ip: actor.ip ?? null,
        })),
      );
    }
  });
  return report(p, true);
}
