import { sql } from 'drizzle-orm';
import { CheckinItem } from '@fieldschool/contracts';
import { newCardToken, nameColumns } from '../farmers.ts';
import { array, type ArrayType } from '../sql-arrays.ts';
import { preparedRows } from '../prepared-sql.ts';
import type { SyncContext, SyncHandler, SyncOutcome } from './sync-handler.ts';

/** How far outside its session a check-in may be; set by the api (CHECKIN_WINDOW_MARGIN_MINUTES). */
export interface CheckinRules {
  windowMarginMinutes: number;
}

/** What the database answers for one item (checkin_sync in migration 0012), in the items' order. */
interface Answer {
  item_id: string;
  result: 'created' | 'duplicate' | 'merged' | 'rejected';
  attendance_id: string | null;
  reason: string | null;
}

/** Walk-ins become provisional farmers under the phone's id, with the names and card the farmers page would give them. */
function walkInRows(items: readonly CheckinItem[]) {
  const walkIns = new Map<string, Record<string, unknown>>();
  for (const item of items) {
    const p = item.provisionalFarmer;
    if (!p || walkIns.has(p.id)) continue;
    const names = nameColumns(p.name);
    walkIns.set(p.id, {
      id: p.id,
      village_id: p.villageId,
      name: names.name,
      initials: names.namePinyinInitials,
      pinyin: names.namePinyin,
      gender: p.gender,
      birth_year: p.birthYear,
      phone: p.phone ?? null,
      card_token: newCardToken(),
    });
  }
  return [...walkIns.values()];
}

/**
 * The check-in handler. The rules and the writes are the database's (`checkin_sync`): one call
 * judges and writes the whole batch, so a batch of check-ins alone is one round trip, and the
 * unique keys decide duplicates, also against a concurrent batch. What needs no database stays
 * here: an item with both or neither of farmerId and provisionalFarmer, and an id twice in one
 * batch (answered once, as a re-send would be).
 */
export function checkinItems(rules: CheckinRules): SyncHandler<CheckinItem> {
  return {
    kind: 'checkin',
    schema: CheckinItem,
    roles: ['admin', 'trainer'],
    singleStatement: true,
    async handle(ctx, items) {
      const outcomes: SyncOutcome[] = new Array(items.length);
      const firstOf = new Map<string, number>();
      const candidates: number[] = [];
      items.forEach((item, ord) => {
        if ((item.farmerId === undefined) === (item.provisionalFarmer === undefined)) {
          outcomes[ord] = { id: item.id, result: 'rejected', reason: 'invalid_item' };
        } else if (!firstOf.has(item.id)) {
          firstOf.set(item.id, ord);
          candidates.push(ord);
        }
      });
      if (candidates.length) {
        const answers = await judgeAndWrite(ctx, rules, candidates.map((ord) => items[ord]!));
        answers.forEach((answer, index) => {
          outcomes[candidates[index]!] = {
            id: answer.item_id,
            result: answer.result,
            ...(answer.attendance_id ? { attendanceId: answer.attendance_id } : {}),
            ...(answer.reason ? { reason: answer.reason } : {}),
          };
        });
      }
      // Later copies of an id in the same batch get the first copy's answer, as a re-send would.
      items.forEach((item, ord) => {
        const first = firstOf.get(item.id);
        if (outcomes[ord] === undefined && first !== undefined) {
          const earlier = outcomes[first]!;
          outcomes[ord] = earlier.result === 'rejected' ? earlier : { id: item.id, result: 'duplicate', attendanceId: earlier.attendanceId };
        }
      });
      return outcomes;
    },
  };
}

function judgeAndWrite(ctx: SyncContext, rules: CheckinRules, items: readonly CheckinItem[]): Promise<Answer[]> {
  const { principal } = ctx;
  const actor = ctx.actor ?? { userId: principal.id };
  const column = (type: ArrayType, pick: (item: CheckinItem) => unknown) => array(items.map(pick), type);
  return preparedRows<Answer>(
    ctx.tx,
    sql`SELECT item_id, result, attendance_id, reason FROM checkin_sync(
      ${column('uuid', (item) => item.id)}, ${column('uuid', (item) => item.sessionId)},
      ${column('uuid', (item) => item.farmerId ?? item.provisionalFarmer!.id)}, ${column('uuid', (item) => item.provisionalFarmer?.villageId ?? null)},
      ${column('text', (item) => item.status)}, ${column('text', (item) => item.method)}, ${column('timestamptz', (item) => item.checkedInAt)},
      ${JSON.stringify(walkInRows(items))}::jsonb,
      ${principal.id}::uuid, ${principal.role === 'admin'}::boolean, ${principal.orgUnitPath}::text, ${ctx.deviceId}::text, ${rules.windowMarginMinutes}::int,
      ${actor.userId}::uuid, ${actor.requestId ?? null}::text, ${actor.ip ?? null}::text)`,
  );
}
