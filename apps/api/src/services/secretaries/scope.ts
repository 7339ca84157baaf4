import { and, eq } from 'drizzle-orm';
import { aliasedTable } from 'drizzle-orm';
import { schema, type Database } from '@fieldschool/db';
import { AppError, notFound } from '../../errors.ts';
import { inArea, type Principal } from '../principal.ts';

type Executor = Pick<Database, 'select'>;

export interface SecretaryRow {
  id: string;
  name: string;
  phone: string | null;
  villageId: string;
  villageName: string;
  villagePath: string;
}

const village = aliasedTable(schema.orgUnits, 'village');

/**
 * The secretary a request names, as this principal may see them: a secretary is only
 * themselves, an admin any secretary whose village lies in their area; anyone else, or a
 * secretary outside the area, answers 404. `field` names the request field when the
 * secretary is an input (400 secretary_invalid) rather than the thing asked for.
 */
export async function visibleSecretary(db: Executor, principal: Principal, secretaryId: string | undefined, field?: string): Promise<SecretaryRow> {
  const id = secretaryId ?? principal.id;
  const [row] = await db
    .select({ id: schema.users.id, name: schema.users.displayName, phone: schema.users.phone, villageId: village.id, villageName: village.name, villagePath: village.path })
    .from(schema.users)
    .innerJoin(village, eq(village.id, schema.users.orgUnitId))
    .where(and(eq(schema.users.id, id), eq(schema.users.role, 'secretary'), eq(village.level, 'village')));
  const visible = row && (principal.role === 'secretary' ? row.id === principal.id : principal.role === 'admin' && inArea(principal.orgUnitPath, row.villagePath));
  if (!visible) {
    if (field) throw new AppError('secretary_invalid', 'No such secretary in your area', { field });
    throw notFound('Secretary');
  }
  return row;
}
