import { WorkDaySyncItem } from '@fieldschool/contracts';
import type { SecretarySettings } from '../../config.ts';
import { recordWorkDay } from '../secretaries/work-days.ts';
import type { SyncHandler } from './sync-handler.ts';

/**
 * Secretaries' work days in the offline sync request: each item is recorded as
 * POST /work-days records one (services/secretaries/work-days.ts), inside the batch's
 * transaction. A rejected item answers its stable code as `reason`; nothing here throws
 * for one item. Made per app, as the window of days back is a setting.
 */
export function workDayItems(settings: Pick<SecretarySettings, 'maxDaysBack'>): SyncHandler<WorkDaySyncItem> {
  return {
    kind: 'work_day',
    schema: WorkDaySyncItem,
    roles: ['secretary'],
    async handle(ctx, items) {
      const outcomes = [];
      for (const { kind: _kind, ...item } of items) {
        const outcome = await recordWorkDay(ctx.tx, ctx.principal, settings, item, { deviceId: ctx.deviceId, receivedAt: ctx.receivedAt });
        outcomes.push(outcome.result === 'rejected' ? { id: outcome.id, result: outcome.result, reason: outcome.reason } : { id: outcome.id, result: outcome.result, recordId: outcome.id });
      }
      return outcomes;
    },
  };
}
