import type { Session, SessionDraft, UpdateSession } from '@fieldschool/contracts';
import type { RepeatModel } from '@/utils/schedule-recurrence.ts';

/** What the session form edits; times as Beijing wall-clock text (see schedule-time.ts). */
export interface SessionFormModel {
  courseId: string | null;
  villageId: string | null;
  venue: string;
  trainerIds: string[];
  capacity: number | null;
  targetVillageIds: string[];
  notes: string;
  /** yyyy-MM-dd */
  date: string | null;
  /** HH:mm */
  startTime: string | null;
  endTime: string | null;
  repeat: RepeatModel;
  /** An admin saving despite conflicts says why. */
  reason: string;
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

/**
 * Only what changed, for PATCH: an unchanged field is left out, so "this and following"
 * does not overwrite what later sessions have of their own. Target villages left empty
 * mean the session's own village, as the api reads a missing list.
 */
export function sessionChanges(session: Session, draft: SessionDraft): UpdateSession {
  const body: UpdateSession = {};
  if (draft.courseId !== session.courseId) body.courseId = draft.courseId;
  if (draft.villageId !== session.villageId) body.villageId = draft.villageId;
  if ((draft.venue ?? '') !== session.venue) body.venue = draft.venue ?? '';
  if (!sameSet(draft.trainerIds, session.trainers.map((trainer) => trainer.id))) body.trainerIds = draft.trainerIds;
  if (draft.capacity !== session.capacity) body.capacity = draft.capacity;
  const targets = draft.targetVillageIds ?? [draft.villageId];
  if (!sameSet(targets, session.targetVillages.map((village) => village.id))) body.targetVillageIds = targets;
  if ((draft.notes ?? '') !== session.notes) body.notes = draft.notes ?? '';
  if (Date.parse(draft.startsAt) !== Date.parse(session.startsAt)) body.startsAt = draft.startsAt;
  if (Date.parse(draft.endsAt) !== Date.parse(session.endsAt)) body.endsAt = draft.endsAt;
  return body;
}
