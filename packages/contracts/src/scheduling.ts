import { Type, type Static } from 'typebox';
import { Timestamp, Uuid } from './common.ts';
import { conflictRules, feedKinds, MAX_TRAVEL_MINUTES } from './constants.ts';
import { Problem } from './problem.ts';

export const ConflictRule = Type.Enum(conflictRules);
export type ConflictRule = Static<typeof ConflictRule>;

/** One reason a planned session cannot happen as planned. */
export const ScheduleConflict = Type.Object({
  rule: ConflictRule,
  /** The start of the planned session (of a series: the occurrence) that clashes. */
  plannedStartsAt: Timestamp,
  /** The session already scheduled that it clashes with (null: another occurrence of the same draft). */
  sessionId: Type.Union([Uuid, Type.Null()]),
  sessionStartsAt: Timestamp,
  sessionEndsAt: Timestamp,
  sessionVillageName: Type.String(),
  /** The trainer booked twice, or who must travel between the two villages. */
  trainerId: Type.Union([Uuid, Type.Null()]),
  /** travel_time: the driving time needed (with the buffer) and how much of it is missing. */
  travelMinutes: Type.Union([Type.Integer(), Type.Null()]),
  minutesMissing: Type.Union([Type.Integer(), Type.Null()]),
});
export type ScheduleConflict = Static<typeof ScheduleConflict>;

export const ConflictReport = Type.Object({
  /** How many sessions the draft would make (1, or a series' occurrences). */
  occurrences: Type.Integer(),
  conflicts: Type.Array(ScheduleConflict),
});
export type ConflictReport = Static<typeof ConflictReport>;

/** The 409 a save answers when the schedule clashes: problem+json with each conflict. */
export const ScheduleConflictProblem = Type.Object({ ...Problem.properties, conflicts: Type.Optional(Type.Array(ScheduleConflict)) });
export type ScheduleConflictProblem = Static<typeof ScheduleConflictProblem>;

export const TravelTimeOverride = Type.Object({
  townshipAId: Uuid,
  townshipAName: Type.String(),
  townshipBId: Uuid,
  townshipBName: Type.String(),
  minutes: Type.Integer(),
  updatedAt: Timestamp,
});
export type TravelTimeOverride = Static<typeof TravelTimeOverride>;

export const TravelSettings = Type.Object({
  countyId: Uuid,
  /** Added to every drive between two villages. */
  bufferMinutes: Type.Integer(),
  overrides: Type.Array(TravelTimeOverride),
});
export type TravelSettings = Static<typeof TravelSettings>;

const Minutes = Type.Integer({ minimum: 0, maximum: MAX_TRAVEL_MINUTES });

export const UpdateTravelBuffer = Type.Object({ bufferMinutes: Minutes }, { additionalProperties: false });
export type UpdateTravelBuffer = Static<typeof UpdateTravelBuffer>;

export const SetTravelTimeOverride = Type.Object({ townshipAId: Uuid, townshipBId: Uuid, minutes: Minutes }, { additionalProperties: false });
export type SetTravelTimeOverride = Static<typeof SetTravelTimeOverride>;

export const TownshipPair = Type.Object({ townshipAId: Uuid, townshipBId: Uuid }, { additionalProperties: false });
export type TownshipPair = Static<typeof TownshipPair>;

export const TravelEstimateQuery = Type.Object({ fromVillageId: Uuid, toVillageId: Uuid }, { additionalProperties: false });
export type TravelEstimateQuery = Static<typeof TravelEstimateQuery>;

export const TravelEstimate = Type.Object({
  /** Driving minutes plus the buffer; null when a village has no known location. */
  minutes: Type.Union([Type.Integer(), Type.Null()]),
  source: Type.Enum(['same_village', 'override', 'estimate', 'unknown']),
  distanceKm: Type.Union([Type.Number(), Type.Null()]),
});
export type TravelEstimate = Static<typeof TravelEstimate>;

export const FeedKind = Type.Enum(feedKinds);
export type FeedKind = Static<typeof FeedKind>;

export const CreateFeedToken = Type.Object(
  {
    kind: FeedKind,
    /** The trainer (a user id) or the village (an org unit id) whose sessions the feed lists. */
    subjectId: Uuid,
  },
  { additionalProperties: false },
);
export type CreateFeedToken = Static<typeof CreateFeedToken>;

export const FeedToken = Type.Object({
  id: Uuid,
  kind: FeedKind,
  subjectId: Uuid,
  subjectName: Type.String(),
  createdAt: Timestamp,
  revokedAt: Type.Union([Timestamp, Type.Null()]),
});
export type FeedToken = Static<typeof FeedToken>;

/** Answered once, at creation: the URL holds the secret, which is not kept. */
export const CreatedFeedToken = Type.Object({ ...FeedToken.properties, url: Type.String() });
export type CreatedFeedToken = Static<typeof CreatedFeedToken>;

export const FeedTokenList = Type.Object({ items: Type.Array(FeedToken) });
export type FeedTokenList = Static<typeof FeedTokenList>;

export const FeedParams = Type.Object({ token: Type.String({ pattern: '^[A-Za-z0-9_-]{20,100}\\.ics$' }) }, { additionalProperties: false });
export type FeedParams = Static<typeof FeedParams>;
