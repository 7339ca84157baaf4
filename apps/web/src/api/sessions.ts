import type {
  CancelSession,
  ChangeSessionStatus,
  ConflictReport,
  CreateSession,
  Session,
  SessionDraft,
  SessionPage,
  SessionQuery,
  SessionsSaved,
  UpdateSession,
} from '@fieldschool/contracts';
import { request } from './client.ts';

export function listSessions(query: SessionQuery, signal?: AbortSignal): Promise<SessionPage> {
  return request('GET', '/sessions', { query, signal });
}

export function getSession(id: string, signal?: AbortSignal): Promise<Session> {
  return request('GET', `/sessions/${encodeURIComponent(id)}`, { signal });
}

/** A 409 `schedule_conflict` carries the conflicts on the ApiError. */
export function createSessions(body: CreateSession): Promise<SessionsSaved> {
  return request('POST', '/sessions', { body });
}

export function checkConflicts(body: SessionDraft): Promise<ConflictReport> {
  return request('POST', '/sessions/conflicts', { body });
}

export function updateSession(id: string, body: UpdateSession): Promise<SessionsSaved> {
  return request('PATCH', `/sessions/${encodeURIComponent(id)}`, { body });
}

export function cancelSession(id: string, body: CancelSession): Promise<SessionsSaved> {
  return request('POST', `/sessions/${encodeURIComponent(id)}/cancel`, { body });
}

export function changeSessionStatus(id: string, body: ChangeSessionStatus): Promise<Session> {
  return request('POST', `/sessions/${encodeURIComponent(id)}/status`, { body });
}
