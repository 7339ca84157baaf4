import { Compile, type Validator } from 'typebox/compile';
import type { Database } from '@fieldschool/db';
import type { SyncRequest, SyncResponse } from '@fieldschool/contracts';
import { forbidden } from '../../errors.ts';
import type { Actor } from '../audit.ts';
import type { Principal } from '../principal.ts';
import type { SyncContext, SyncHandler, SyncOutcome } from './sync-handler.ts';

/** Items that leave out `kind` are check-ins (the first kind, and the phone's most common). */
export const DEFAULT_SYNC_KIND = 'checkin';

/** PostgreSQL's deadlock and serialization failures: the batch is run again from the start. */
const RETRYABLE = new Set(['40P01', '40001']);
const ATTEMPTS = 3;

/** The handlers a batch can reach, with each one's schema compiled once. */
export interface SyncRegistry {
  handlerOf(kind: string): SyncHandler | undefined;
  validatorOf(kind: string): Validator | undefined;
}

export function syncRegistry(handlers: readonly SyncHandler[]): SyncRegistry {
  const byKind = new Map(handlers.map((handler) => [handler.kind, { handler, validator: Compile(handler.schema) }]));
  return {
    handlerOf: (kind) => byKind.get(kind)?.handler,
    validatorOf: (kind) => byKind.get(kind)?.validator,
  };
}

export interface SyncCall {
  db: Database;
  registry: SyncRegistry;
  principal: Principal;
  actor: Actor;
  request: SyncRequest;
  receivedAt?: Date;
}

/**
 * One sync request: every item checked against its own kind's schema (a bad item is
 * rejected alone), every kind's items handed to its handler, all of it in one transaction,
 * and the answers put back in the order the items came in. A kind the caller's role may
 * not send fails the whole request, before anything is written.
 */
export async function runSyncBatch(call: SyncCall): Promise<SyncResponse> {
  const { registry, principal, request } = call;
  const results: (SyncOutcome | undefined)[] = new Array(request.items.length);
  const byKind = new Map<string, { positions: number[]; items: unknown[] }>();
  request.items.forEach((item: { id: string; kind?: string }, position) => {
    const { id } = item;
    const kind = item.kind ?? DEFAULT_SYNC_KIND;
    const handler = registry.handlerOf(kind);
    if (!handler) {
      results[position] = { id, result: 'rejected', reason: 'kind_unknown' };
      return;
    }
    if (!handler.roles.includes(principal.role)) throw forbidden(`Your role may not send ${kind} items`);
    if (!registry.validatorOf(kind)!.Check(item)) {
      results[position] = { id, result: 'rejected', reason: 'invalid_item' };
      return;
    }
    const group = byKind.get(kind) ?? { positions: [], items: [] };
    group.positions.push(position);
    group.items.push(item);
    byKind.set(kind, group);
  });
  if (byKind.size > 0) {
    const receivedAt = call.receivedAt ?? new Date();
    const handleAll = async (tx: SyncContext['tx']) => {
      const ctx = { tx, principal, deviceId: request.deviceId, receivedAt, actor: call.actor };
      const outcomes = new Map<string, SyncOutcome[]>();
      for (const [kind, group] of byKind) outcomes.set(kind, await registry.handlerOf(kind)!.handle(ctx, group.items));
      return outcomes;
    };
    const alone = byKind.size === 1 && registry.handlerOf([...byKind.keys()][0]!)!.singleStatement;
    for (let attempt = 1; ; attempt += 1) {
      try {
        const answered = alone ? await handleAll(call.db) : await call.db.transaction(handleAll);
        for (const [kind, outcomes] of answered) byKind.get(kind)!.positions.forEach((position, index) => (results[position] = outcomes[index]));
        break;
      } catch (error) {
        if (attempt >= ATTEMPTS || !RETRYABLE.has(sqlStateOf(error) ?? '')) throw error;
      }
    }
  }
  return { results: results.map((outcome) => toResult(outcome!)) };
}

function sqlStateOf(error: unknown): string | undefined {
  const own = (error as { code?: unknown }).code;
  if (typeof own === 'string') return own;
  const cause = (error as { cause?: { code?: unknown } }).cause?.code;
  return typeof cause === 'string' ? cause : undefined;
}

function toResult(outcome: SyncOutcome): SyncResponse['results'][number] {
  return {
    id: outcome.id,
    result: outcome.result,
    ...(outcome.attendanceId ? { attendanceId: outcome.attendanceId } : {}),
    ...(outcome.recordId ? { recordId: outcome.recordId } : {}),
    ...(outcome.reason ? { reason: outcome.reason } : {}),
  };
}
