import type { CheckinSettings } from '../../config.ts';
import { checkinItems } from './checkin-items.ts';
import type { SyncHandler } from './sync-handler.ts';

/** Every kind of item the sync endpoint takes; a new kind adds its handler here. */
export function syncHandlers(settings: CheckinSettings): SyncHandler[] {
  return [checkinItems({ windowMarginMinutes: settings.windowMarginMinutes }) as SyncHandler];
}
