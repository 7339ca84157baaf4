import { Type, type Static } from 'typebox';
import { Cursor, Page, Timestamp, Uuid } from './common.ts';
import { IsoDate } from './documents.ts';
import { CourseTopic } from './courses.ts';
import { MAX_SERIES_OCCURRENCES, recurrenceFrequencies, seriesScopes, sessionStatuses, weekdays } from './constants.ts';

export const SessionStatus = Type.Enum(sessionStatuses);
export type SessionStatus = Static<typeof SessionStatus>;

export const Weekday = Type.Enum(weekdays);
export type Weekday = Static<typeof Weekday>;

export const SeriesScope = Type.Enum(seriesScopes);
export type SeriesScope = Static<typeof SeriesScope>;

/**
 * How a series repeats, in RFC 5545 terms: daily, weekly (every `interval` weeks, on
 * `weekdays`), or monthly on a day (`monthDay`, -1 = the last) or on a weekday
 * (`weekdays` + `setPos`: the 2nd Tuesday, the last Friday). It ends on `until`
 * (a date in Asia/Shanghai, inclusive) or after `count` sessions: exactly one of them.
 * The first session's start time of day is every session's.
 */
export const Recurrence = Type.Object(
  {
    freq: Type.Enum(recurrenceFrequencies),
    interval: Type.Optional(Type.Integer({ minimum: 1, maximum: 12 })),
    weekdays: Type.Optional(Type.Array(Weekday, { minItems: 1, maxItems: 7, uniqueItems: true })),
    monthDay: Type.Optional(Type.Integer({ minimum: -1, maximum: 31, not: { const: 0 } })),
    setPos: Type.Optional(Type.Integer({ minimum: -1, maximum: 5, not: { const: 0 } })),
    until: Type.Optional(IsoDate),
    count: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_SERIES_OCCURRENCES })),
  },
  { additionalProperties: false },
);
export type Recurrence = Static<typeof Recurrence>;

/** An admin saving despite conflicts says why; the reason and the conflicts go to the audit log. */
export const ConflictOverride = Type.Object({ reason: Type.String({ minLength: 2, maxLength: 500 }) }, { additionalProperties: false });
export type ConflictOverride = Static<typeof ConflictOverride>;

const Venue = Type.String({ maxLength: 100 });
const Notes = Type.String({ maxLength: 2000 });
const Capacity = Type.Integer({ minimum: 1, maximum: 5000 });
const TrainerIds = Type.Array(Uuid, { minItems: 1, maxItems: 10, uniqueItems: true });
const TargetVillageIds = Type.Array(Uuid, { maxItems: 50, uniqueItems: true });

/** What a session is, as a form sends it; the same for a check without saving. */
const sessionFields = {
  courseId: Uuid,
  villageId: Uuid,
  venue: Type.Optional(Venue),
  trainerIds: TrainerIds,
  capacity: Capacity,
  /** Villages whose farmers are invited; the session's own village when left out. */
  targetVillageIds: Type.Optional(TargetVillageIds),
  notes: Type.Optional(Notes),
  startsAt: Timestamp,
  endsAt: Timestamp,
  /** Repeat as a series; a single session when left out. */
  recurrence: Type.Optional(Recurrence),
};

export const CreateSession = Type.Object(
  {
    ...sessionFields,
    /** An admin back-filling the past records sessions as they went. */
    status: Type.Optional(Type.Enum(['scheduled', 'completed'])),
    override: Type.Optional(ConflictOverride),
  },
  { additionalProperties: false },
);
export type CreateSession = Static<typeof CreateSession>;

/** A draft to check for conflicts; `ignoreSessionIds` are the sessions the draft would replace. */
export const SessionDraft = Type.Object(
  { ...sessionFields, ignoreSessionIds: Type.Optional(Type.Array(Uuid, { maxItems: MAX_SERIES_OCCURRENCES, uniqueItems: true })) },
  { additionalProperties: false },
);
export type SessionDraft = Static<typeof SessionDraft>;

/**
 * A change to one session, or to it and every later scheduled session of its series
 * (`scope: 'following'`: a new start moves each by the same amount). Moving a session
 * may say why.
 */
export const UpdateSession = Type.Object(
  {
    courseId: Type.Optional(Uuid),
    villageId: Type.Optional(Uuid),
    venue: Type.Optional(Venue),
    trainerIds: Type.Optional(TrainerIds),
    capacity: Type.Optional(Capacity),
    targetVillageIds: Type.Optional(TargetVillageIds),
    notes: Type.Optional(Notes),
    startsAt: Type.Optional(Timestamp),
    endsAt: Type.Optional(Timestamp),
    scope: Type.Optional(SeriesScope),
    reason: Type.Optional(Type.String({ maxLength: 500 })),
    override: Type.Optional(ConflictOverride),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateSession = Static<typeof UpdateSession>;

export const CancelSession = Type.Object(
  { reason: Type.String({ minLength: 2, maxLength: 500 }), scope: Type.Optional(SeriesScope) },
  { additionalProperties: false },
);
export type CancelSession = Static<typeof CancelSession>;

/** Starting and finishing; cancelling has its own request because it needs a reason. */
export const ChangeSessionStatus = Type.Object(
  { status: Type.Enum(['in_progress', 'completed']) },
  { additionalProperties: false },
);
export type ChangeSessionStatus = Static<typeof ChangeSessionStatus>;

const Named = Type.Object({ id: Uuid, name: Type.String() });

export const Session = Type.Object({
  id: Uuid,
  courseId: Uuid,
  courseTitle: Type.String(),
  topic: CourseTopic,
  villageId: Uuid,
  villageName: Type.String(),
  townshipId: Uuid,
  townshipName: Type.String(),
  venue: Type.String(),
  trainers: Type.Array(Named),
  capacity: Type.Integer(),
  targetVillages: Type.Array(Named),
  notes: Type.String(),
  startsAt: Timestamp,
  endsAt: Timestamp,
  status: SessionStatus,
  cancelReason: Type.Union([Type.String(), Type.Null()]),
  seriesId: Type.Union([Uuid, Type.Null()]),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Session = Static<typeof Session>;

export const SessionSeries = Type.Object({
  id: Uuid,
  /** The RRULE value, as RFC 5545 writes it ("FREQ=WEEKLY;BYDAY=TU;COUNT=10"). */
  rrule: Type.String(),
  dtstart: Timestamp,
  tz: Type.String(),
});
export type SessionSeries = Static<typeof SessionSeries>;

/** What a create or a series edit made: the series (if any) and every session in it. */
export const SessionsSaved = Type.Object({ series: Type.Union([SessionSeries, Type.Null()]), sessions: Type.Array(Session) });
export type SessionsSaved = Static<typeof SessionsSaved>;

export const SeriesDetail = Type.Object({ ...SessionSeries.properties, sessions: Type.Array(Session) });
export type SeriesDetail = Static<typeof SeriesDetail>;

export const SessionQuery = Type.Object(
  {
    /** Sessions that end after `from` and start before `to`: what a calendar page shows. */
    from: Type.Optional(Timestamp),
    to: Type.Optional(Timestamp),
    villageId: Type.Optional(Uuid),
    townshipId: Type.Optional(Uuid),
    trainerId: Type.Optional(Uuid),
    topic: Type.Optional(CourseTopic),
    status: Type.Optional(SessionStatus),
    cursor: Type.Optional(Cursor),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  },
  { additionalProperties: false },
);
export type SessionQuery = Static<typeof SessionQuery>;

/** The longest span a printed schedule covers: a month as a calendar shows it (six weeks). */
export const MAX_SCHEDULE_PRINT_DAYS = 42;

/** A printable schedule (PDF): the sessions from `from` to `to`, filtered as a calendar is. */
export const SchedulePrintQuery = Type.Object(
  {
    from: Timestamp,
    to: Timestamp,
    villageId: Type.Optional(Uuid),
    townshipId: Type.Optional(Uuid),
    trainerId: Type.Optional(Uuid),
    topic: Type.Optional(CourseTopic),
  },
  { additionalProperties: false },
);
export type SchedulePrintQuery = Static<typeof SchedulePrintQuery>;

export const SessionPage = Page(Session);
export type SessionPage = Static<typeof SessionPage>;
