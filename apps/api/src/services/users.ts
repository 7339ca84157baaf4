import { and, asc, eq, gt, ilike, or, type SQL } from 'drizzle-orm';
import { schema, type Database } from '@fieldschool/db';
import type { CreateUser, Locale, UpdateOwnProfile, UpdateUser, User, UserPage, UserQuery } from '@fieldschool/contracts';
import { AppError, notFound } from '../errors.ts';
import { recordAudit, type Actor } from './audit.ts';
import { decodeCursor, toPage } from './cursor.ts';
import { escapeLike } from './like.ts';
import { getVisibleOrgUnit } from './org-units.ts';
import { assertPasswordStrongEnough, hashPassword } from './passwords.ts';
import { inArea, inAreaSql, type Principal } from './principal.ts';
import type { SessionCache } from './session-cache.ts';
import { unlockSignIn } from './sign-in-throttle.ts';

type UserRow = typeof schema.users.$inferSelect;

export function toUserDto(row: UserRow, orgUnitName: string): User {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    role: row.role,
    orgUnitId: row.orgUnitId,
    orgUnitName,
    phone: row.phone,
    locale: row.locale as Locale,
    active: row.active,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Never written to the audit log. */
function withoutSecrets(row: UserRow) {
  const { passwordHash: _passwordHash, ...rest } = row;
  return rest;
}

const selection = { user: schema.users, orgUnitName: schema.orgUnits.name, orgUnitPath: schema.orgUnits.path };

export async function findUserWithUnit(db: Database, id: string) {
  const [row] = await db
    .select(selection)
    .from(schema.users)
    .innerJoin(schema.orgUnits, eq(schema.orgUnits.id, schema.users.orgUnitId))
    .where(eq(schema.users.id, id));
  return row;
}

export async function listUsers(db: Database, principal: Principal, query: UserQuery): Promise<UserPage> {
  const limit = query.limit ?? 50;
  const after = decodeCursor(query.cursor, 1);
  const conditions: SQL[] = [inAreaSql(principal.orgUnitPath, schema.orgUnits.path)];
  if (query.q) {
    const pattern = `%${escapeLike(query.q)}%`;
    conditions.push(or(ilike(schema.users.username, pattern), ilike(schema.users.displayName, pattern))!);
  }
  if (query.role) conditions.push(eq(schema.users.role, query.role));
  if (query.orgUnitId) conditions.push(eq(schema.users.orgUnitId, query.orgUnitId));
  if (after) conditions.push(gt(schema.users.username, after[0]!));
  const rows = await db
    .select(selection)
    .from(schema.users)
    .innerJoin(schema.orgUnits, eq(schema.orgUnits.id, schema.users.orgUnitId))
    .where(and(...conditions))
    .orderBy(asc(schema.users.username))
    .limit(limit + 1);
  return toPage(rows, limit, (row) => toUserDto(row.user, row.orgUnitName), (row) => [row.user.username]);
}

async function getVisibleUser(db: Database, principal: Principal, id: string) {
  const row = await findUserWithUnit(db, id);
  if (!row || !inArea(principal.orgUnitPath, row.orgUnitPath)) throw notFound('User');
  return row;
}

export async function getUser(db: Database, principal: Principal, id: string): Promise<User> {
  const row = await getVisibleUser(db, principal, id);
  return toUserDto(row.user, row.orgUnitName);
}

export async function createUser(db: Database, principal: Principal, actor: Actor, input: CreateUser): Promise<User> {
  const unit = await getVisibleOrgUnit(db, principal, input.orgUnitId, 'orgUnitId');
  const username = input.username.toLowerCase();
  assertPasswordStrongEnough(input.password, username);
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const [taken] = await tx.select({ id: schema.users.id }).from(schema.users).where(eq(schema.users.username, username));
    if (taken) throw new AppError('username_taken', 'This username is taken', { field: 'username' });
    const [row] = await tx
      .insert(schema.users)
      .values({
        username,
        displayName: input.displayName.trim(),
        passwordHash,
        role: input.role,
        orgUnitId: unit.id,
        phone: input.phone ?? null,
        locale: input.locale ?? 'zh-CN',
      })
      .returning();
    await recordAudit(tx, actor, { action: 'user.create', entity: 'user', entityId: row!.id, after: withoutSecrets(row!) });
    return toUserDto(row!, unit.name);
  });
}

export async function updateUser(db: Database, sessions: SessionCache, principal: Principal, actor: Actor, id: string, input: UpdateUser): Promise<User> {
  const current = await getVisibleUser(db, principal, id);
  const unit = input.orgUnitId ? await getVisibleOrgUnit(db, principal, input.orgUnitId, 'orgUnitId') : undefined;
  if (input.password) assertPasswordStrongEnough(input.password, current.user.username);
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  const updated = await db.transaction(async (tx) => {
    const { password: _password, ...fields } = input;
    const [row] = await tx
      .update(schema.users)
      .set({
        ...fields,
        ...(passwordHash ? { passwordHash, passwordChangedAt: new Date() } : {}),
        updatedAt: new Date(),
      })
      .where(eq(schema.users.id, id))
      .returning();
    // A reset password or a disabled account ends the user's open sessions.
    if (passwordHash || input.active === false) await tx.delete(schema.authSessions).where(eq(schema.authSessions.userId, id));
    await recordAudit(tx, actor, {
      action: passwordHash ? 'user.update_with_password' : 'user.update',
      entity: 'user',
      entityId: id,
      before: withoutSecrets(current.user),
      after: withoutSecrets(row!),
    });
    return toUserDto(row!, unit?.name ?? current.orgUnitName);
  });
  // Role, unit or status may have changed: the next request reads the user afresh.
  sessions.forgetUser(id);
  return updated;
}

/** Lifts the waits that failed sign-ins put on a user, from every address, at once. */
export async function unlockUser(db: Database, principal: Principal, actor: Actor, id: string): Promise<void> {
  const { user } = await getVisibleUser(db, principal, id);
  await db.transaction(async (tx) => {
    const cleared = await unlockSignIn(tx, user.username);
    await recordAudit(tx, actor, { action: 'user.unlock_sign_in', entity: 'user', entityId: id, after: { username: user.username, cleared } });
  });
}

/** A user changes their own name, phone or language; role, unit and status stay the admins'. */
export async function updateOwnProfile(db: Database, principal: Principal, actor: Actor, input: UpdateOwnProfile): Promise<User> {
  const current = await findUserWithUnit(db, principal.id);
  if (!current) throw notFound('User');
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(schema.users)
      .set({ ...input, ...(input.displayName ? { displayName: input.displayName.trim() } : {}), updatedAt: new Date() })
      .where(eq(schema.users.id, principal.id))
      .returning();
    await recordAudit(tx, actor, { action: 'user.update_own_profile', entity: 'user', entityId: principal.id, before: withoutSecrets(current.user), after: withoutSecrets(row!) });
    return toUserDto(row!, current.orgUnitName);
  });
}
