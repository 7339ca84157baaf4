import type {
  CancelSession,
  ChangeSessionStatus,
  CourseTopic,
  CreateSession,
  Session,
  SessionDraft,
  SessionQuery,
  UpdateSession,
} from '@fieldschool/contracts';
import { defineStore } from 'pinia';
import { reactive } from 'vue';
import * as sessionsApi from '@/api/sessions.ts';

/** A month of the whole county is a few hundred sessions: pages of the api's largest size. */
const RANGE_PAGE = 500;

export interface CalendarFilters {
  townshipId: string | null;
  villageId: string | null;
  trainerId: string | null;
  topic: CourseTopic | null;
  /** A trainer's own sessions only. */
  mine: boolean;
}

const noFilters = (): CalendarFilters => ({ townshipId: null, villageId: null, trainerId: null, topic: null, mine: false });

export const useSessionsStore = defineStore('sessions', () => {
  // Kept here so the calendar shows the same filters when the user comes back from a session.
  const filters = reactive<CalendarFilters>(noFilters());

  /** Every session overlapping [from, to) under the filters; `me` is the signed-in user's id. */
  async function inRange(from: Date, to: Date, me: string | null, signal?: AbortSignal): Promise<Session[]> {
    const query: SessionQuery = {
      from: from.toISOString(),
      to: to.toISOString(),
      townshipId: filters.townshipId ?? undefined,
      villageId: filters.villageId ?? undefined,
      trainerId: (filters.mine ? me : filters.trainerId) ?? undefined,
      topic: filters.topic ?? undefined,
      limit: RANGE_PAGE,
    };
    const sessions: Session[] = [];
    let cursor: string | undefined;
    do {
      const page = await sessionsApi.listSessions({ ...query, cursor }, signal);
      sessions.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return sessions;
  }

  return {
    filters,
    inRange,
    get: (id: string, signal?: AbortSignal) => sessionsApi.getSession(id, signal),
    create: (body: CreateSession) => sessionsApi.createSessions(body),
    checkConflicts: (body: SessionDraft) => sessionsApi.checkConflicts(body),
    update: (id: string, body: UpdateSession) => sessionsApi.updateSession(id, body),
    cancel: (id: string, body: CancelSession) => sessionsApi.cancelSession(id, body),
    changeStatus: (id: string, body: ChangeSessionStatus) => sessionsApi.changeSessionStatus(id, body),
    $reset: () => Object.assign(filters, noFilters()),
  };
});
