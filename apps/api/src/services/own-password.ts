import { and, eq, ne } from 'drizzle-orm';
import { schema, type Database } from '@fieldschool/db';
import type { ChangePasswordRequest } from '@fieldschool/contracts';
import { AppError } from '../errors.ts';
import { recordAudit, type Actor } from './audit.ts';
import { hashToken } from './login.ts';
import type { SessionCache } from './session-cache.ts';
import { assertPasswordStrongEnough, hashPassword, verifyPassword } from './passwords.ts';
import type { Principal } from './principal.ts';

/** Changes the signed-in user's password and signs out their other sessions. */
export async function changeOwnPassword(
  db: Database,
  sessions: SessionCache,
  principal: Principal,
  actor: Actor,
  input: ChangePasswordRequest,
  currentToken: string,
): Promise<void> {
  const [user] = await db.select().from(schema.users).where(eq(schema.users.id, principal.id));
  if (!user || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new AppError('password_incorrect', 'The current password is wrong', { field: 'currentPassword' });
  }
  assertPasswordStrongEnough(input.newPassword, user.username);
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction(async (tx) => {
    await tx.update(schema.users).set({ passwordHash, passwordChangedAt: new Date(), updatedAt: new Date() }).where(eq(schema.users.id, user.id));
    await tx
      .delete(schema.authSessions)
      .where(and(eq(schema.authSessions.userId, user.id), ne(schema.authSessions.tokenHash, hashToken(currentToken))));
    await recordAudit(tx, actor, { action: 'user.change_password', entity: 'user', entityId: user.id });
  });
  sessions.forgetUser(user.id);
}
