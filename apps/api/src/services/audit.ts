import { schema, type Database } from '@fieldschool/db';

export interface Actor {
  userId: string | null;
  requestId?: string;
  ip?: string;
}

type Executor = Pick<Database, 'insert'>;

/** Appends one line to the audit log, inside the caller's transaction. */
export async function recordAudit(
  tx: Executor,
  actor: Actor,
  entry: { action: string; entity: string; entityId: string | null; before?: unknown; after?: unknown },
): Promise<void> {
  await tx.insert(schema.auditLog).values({
    actorId: actor.userId,
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entityId,
    before: entry.before ?? null,
    after: entry.after ?? null,
    requestId: actor.requestId ?? null,
    ip: actor.ip ?? null,
  });
}
