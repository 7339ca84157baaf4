import type { TSchema } from 'typebox';
import type { Role } from '@fieldschool/contracts';
import type { Database } from '@fieldschool/db';
import type { Principal } from '../principal.ts';
import type { Actor } from '../audit.ts';

/*
 * The offline sync contract (DESIGN.md §6) takes several kinds of item in one request:
 * check-ins, materials handed out, secretaries' work days. Each kind has one handler; the
 * batch runs every handler inside one transaction and puts the answers back in the
 * order the items came in.
 */

export type SyncTransaction = Parameters<Parameters<Database['transaction']>[0]>[0];
/** Where a handler's statements go: the batch's transaction, or the database for a `singleStatement` handler alone. */
export type SyncDb = SyncTransaction | Database;

export interface SyncContext {
  /** The batch's transaction; the database itself for a handler that runs alone in one statement (`singleStatement`). */
  tx: SyncDb;
  principal: Principal;
  /** The phone that sent the batch, as it named itself. */
  deviceId: string;
  /** When the server took the batch: the clock that windows and limits are checked against. */
  receivedAt: Date;
  /** Who is acting, for the audit log (request id and address); the principal alone when absent. */
  actor?: Actor;
}

export type SyncResultKind = 'created' | 'duplicate' | 'merged' | 'rejected';

/** The answer for one item: `reason` (a stable code) only when rejected. */
export interface SyncOutcome {
  id: string;
  result: SyncResultKind;
  /** The attendance a check-in became (created, duplicate or merged). */
  attendanceId?: string;
  /** The row any other kind of item became. */
  recordId?: string;
  reason?: string;
}

/**
 * One kind of item. `handle` gets every item of its kind from the batch, already checked
 * against `schema`, and answers one outcome per item in the same order. It never throws
 * for one item's fault: a bad item is `rejected`, and a statement that would fail the
 * transaction (a unique violation) is avoided with ON CONFLICT, never caught afterwards.
 */
export interface SyncHandler<Item = unknown> {
  /** The item's `kind` field; check-ins may leave it out. */
  kind: string;
  schema: TSchema;
  /** Who may send this kind at all; an item of a kind the caller's role may not send fails the whole request with 403. */
  roles: readonly Role[];
  /**
   * `handle` sends exactly one statement, atomic by itself: a batch of this kind alone then runs
   * it without a transaction of its own (no BEGIN and COMMIT round trips).
   */
  singleStatement?: boolean;
  handle(ctx: SyncContext, items: readonly Item[]): Promise<SyncOutcome[]>;
}
