import type { CheckinSettings, SecretarySettings } from '../../config.ts';
import { checkinItems } from './checkin-items.ts';
import { workDayItems } from './work-day-items.ts';
import { distributionItems } from './distribution-items.ts';
import type { SyncHandler } from './sync-handler.ts';

export interface SyncSettings {
  checkin: Pick<CheckinSettings, 'windowMarginMinutes'>;
  secretaries: Pick<SecretarySettings, 'maxDaysBack'>;
}

/** Every kind of item the sync endpoint takes; a new kind adds its handler here. */
export function syncHandlers(settings: SyncSettings): SyncHandler[] {
  return [
    checkinItems({ windowMarginMinutes: settings.checkin.windowMarginMinutes }) as SyncHandler,
    workDayItems(settings.secretaries) as SyncHandler,
    distributionItems as SyncHandler,
  ];
}
