import { Type, type Static } from 'typebox';
import { Timestamp, Uuid } from './common.ts';
import { workDayActivities } from './constants.ts';
import { CreatedOrDuplicate } from './checkins.ts';
import { MAX_HOUSEHOLDS_PER_WORK_DAY, textLimits } from './limits.ts';

/** A local date (Asia/Shanghai), YYYY-MM-DD. */
const LocalDate = Type.String({ format: 'date' });
/** A calendar month, YYYY-MM. */
export const YearMonth = Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$' });

export const WorkDayActivity = Type.Enum(workDayActivities);
export type WorkDayActivity = Static<typeof WorkDayActivity>;

const workDayFields = {
  /** Made on the phone: sending the same entry again is a no-op. */
  id: Uuid,
  /** The secretary's own village; any other answers 404. */
  villageId: Uuid,
  workDate: LocalDate,
  activities: Type.Array(WorkDayActivity, { minItems: 1, maxItems: workDayActivities.length, uniqueItems: true }),
  note: Type.String(textLimits.workDayNote),
  householdNos: Type.Array(Type.String({ ...textLimits.householdNo, minLength: 1 }), { maxItems: MAX_HOUSEHOLDS_PER_WORK_DAY, uniqueItems: true }),
  /** The training session held or attended that day, when there was one. */
  sessionId: Type.Union([Uuid, Type.Null()]),
};

/** One work-day entry as POST /work-days takes it. */
export const CreateWorkDay = Type.Object(workDayFields, { additionalProperties: false });
export type CreateWorkDay = Static<typeof CreateWorkDay>;

/** The same entry as an item of the offline sync request (kind 'work_day'). */
export const WorkDaySyncItem = Type.Object({ kind: Type.Literal('work_day'), ...workDayFields }, { additionalProperties: false });
export type WorkDaySyncItem = Static<typeof WorkDaySyncItem>;

export const WorkDay = Type.Object({
  id: Uuid,
  secretaryId: Uuid,
  villageId: Uuid,
  workDate: LocalDate,
  activities: Type.Array(WorkDayActivity),
  note: Type.String(),
  householdNos: Type.Array(Type.String()),
  sessionId: Type.Union([Uuid, Type.Null()]),
  sessionTitle: Type.Union([Type.String(), Type.Null()]),
  createdAt: Timestamp,
});
export type WorkDay = Static<typeof WorkDay>;

/** POST /work-days: `created` the first time, `duplicate` when the id was seen before. */
export const WorkDayResult = Type.Object({ result: CreatedOrDuplicate, workDay: WorkDay });
export type WorkDayResult = Static<typeof WorkDayResult>;

/** A month of a secretary against the rule of N days in the village. */
export const MonthProgress = Type.Object({
  secretaryId: Uuid,
  month: YearMonth,
  /** Distinct dates worked: two entries on one date are one day. */
  days: Type.Integer(),
  entries: Type.Integer(),
  required: Type.Integer(),
  /** Leave approved for the month, with its reason; a shortfall is then excused. */
  leaveReason: Type.Union([Type.String(), Type.Null()]),
  /** The days still needed to meet the rule (0 when met or on leave). */
  missing: Type.Integer(),
});
export type MonthProgress = Static<typeof MonthProgress>;

export const WorkDayQuery = Type.Object(
  {
    month: YearMonth,
    /** An admin names the secretary; a secretary reads their own. */
    secretaryId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);
export type WorkDayQuery = Static<typeof WorkDayQuery>;

export const WorkDayMonth = Type.Object({ progress: MonthProgress, items: Type.Array(WorkDay) });
export type WorkDayMonth = Static<typeof WorkDayMonth>;

export const SecretaryParams = Type.Object({ secretaryId: Uuid }, { additionalProperties: false });
export type SecretaryParams = Static<typeof SecretaryParams>;

export const RecordLeave = Type.Object({ month: YearMonth, reason: Type.String(textLimits.leaveReason) }, { additionalProperties: false });
export type RecordLeave = Static<typeof RecordLeave>;

export const Leave = Type.Object({ secretaryId: Uuid, month: YearMonth, reason: Type.String(), approvedBy: Uuid, createdAt: Timestamp });
export type Leave = Static<typeof Leave>;

/** A secretary who finished a month short of the rule, without leave: the township admin's list. */
export const Shortfall = Type.Object({
  secretaryId: Uuid,
  secretaryName: Type.String(),
  villageId: Uuid,
  villageName: Type.String(),
  townshipName: Type.String(),
  month: YearMonth,
  days: Type.Integer(),
  required: Type.Integer(),
});
export type Shortfall = Static<typeof Shortfall>;

export const ShortfallQuery = Type.Object({ month: YearMonth }, { additionalProperties: false });
export type ShortfallQuery = Static<typeof ShortfallQuery>;

export const ShortfallList = Type.Object({ month: YearMonth, items: Type.Array(Shortfall) });
export type ShortfallList = Static<typeof ShortfallList>;
