import type { OfflineSession, SelfCheckinRequest, SelfCheckinResponse, SyncResponse } from '@fieldschool/contracts';
import type { SyncBody } from '@/offline/sync.ts';
import { request } from './client.ts';

/** Everything check-in needs with no network: the session, its roster, the card tokens, the code's secret. */
export function getOfflineSession(sessionId: string): Promise<OfflineSession> {
  return request('GET', `/sessions/${encodeURIComponent(sessionId)}/offline`);
}

/**
 * One batch of the queue. A 401 is the queue's to handle (the cookie expired while offline:
 * the check-ins wait for the next sign-in), so it does not send the page to sign-in.
 */
export function syncCheckins(body: SyncBody): Promise<SyncResponse> {
  return request('POST', '/checkins/sync', { body, expectUnauthenticated: true });
}

/** The farmer's own phone, with no account: the code on the trainer's screen, name and last 4 ID digits. */
export function selfCheckin(body: SelfCheckinRequest): Promise<SelfCheckinResponse> {
  return request('POST', '/self-checkin', { body, expectUnauthenticated: true });
}
