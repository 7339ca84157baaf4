import { Type, type Static } from 'typebox';
import { Cursor, Page, Timestamp, Uuid } from './common.ts';
import { qualityRules, reportUnitLevels } from './constants.ts';
import { AttendanceStatus } from './checkins.ts';
import { OrgLevel } from './org-units.ts';
import { CourseTopic } from './courses.ts';
import { SessionStatus } from './sessions.ts';

/** A day of the county's calendar (Asia/Shanghai), as reports filter by. */
export const ReportDate = Type.String({ format: 'date' });

/**
 * The filters every figure takes. A session belongs to the day (and month) it starts on in
 * Asia/Shanghai, so one that crosses midnight counts once, on its first day; `to` includes its day.
 */
export const ReportQuery = Type.Object(
  {
    from: Type.Optional(ReportDate),
    to: Type.Optional(ReportDate),
    /** A township or village inside your area; your whole area when absent. */
    orgUnitId: Type.Optional(Uuid),
    topic: Type.Optional(CourseTopic),
    courseId: Type.Optional(Uuid),
    trainerId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);
export type ReportQuery = Static<typeof ReportQuery>;

const Count = Type.Integer({ minimum: 0 });
const Share = Type.Union([Type.Number(), Type.Null()]);

export const HouseholdCategoryFigures = Type.Object({ dibao: Count, wubao: Count, monitored: Count });

/** The key figures of a scope: 人次 (`attendances`, present + late) and 人 (`farmers`, distinct) side by side. */
export const ReportFigures = Type.Object({
  sessionsHeld: Count,
  sessionsPlanned: Count,
  sessionsCancelled: Count,
  attendances: Count,
  farmers: Count,
  materials: Count,
  villagesReached: Count,
  villagesTotal: Count,
  /** Attendances of held sessions per held session; null with none held. */
  averageAttendance: Share,
  /** Women among the attendances (0..1); null with none. */
  womenShare: Share,
  partyMemberAttendances: Count,
  /** Attendances by household category; null for those who may not see the category (trainers). */
  householdCategories: Type.Union([HouseholdCategoryFigures, Type.Null()]),
  /** Hours of held sessions times the trainers who ran them (only the named trainer's with trainerId). */
  trainerHours: Type.Number(),
});
export type ReportFigures = Static<typeof ReportFigures>;

export const ReportScope = Type.Object({ id: Uuid, name: Type.String(), level: OrgLevel });
export type ReportScope = Static<typeof ReportScope>;

export const ReportSummary = Type.Object({ scope: ReportScope, figures: ReportFigures });
export type ReportSummary = Static<typeof ReportSummary>;

const RowFigures = {
  sessionsHeld: Count,
  attendances: Count,
  farmers: Count,
  materials: Count,
};

export const ReportMonthRow = Type.Object({ month: Type.String({ pattern: '^[0-9]{4}-[0-9]{2}$' }), ...RowFigures });
export type ReportMonthRow = Static<typeof ReportMonthRow>;
export const ReportByMonth = Type.Object({ items: Type.Array(ReportMonthRow) });
export type ReportByMonth = Static<typeof ReportByMonth>;

export const ReportTopicRow = Type.Object({ topic: CourseTopic, ...RowFigures });
export type ReportTopicRow = Static<typeof ReportTopicRow>;
export const ReportByTopic = Type.Object({ items: Type.Array(ReportTopicRow) });
export type ReportByTopic = Static<typeof ReportByTopic>;

export const ReportUnitLevel = Type.Enum(reportUnitLevels);
export const ReportByUnitQuery = Type.Object(
  { ...ReportQuery.properties, level: Type.Optional(ReportUnitLevel) },
  { additionalProperties: false },
);
export type ReportByUnitQuery = Static<typeof ReportByUnitQuery>;

export const ReportUnitRow = Type.Object({
  id: Uuid,
  name: Type.String(),
  level: OrgLevel,
  ...RowFigures,
  villagesReached: Count,
  villagesTotal: Count,
  /** Start of the newest held session there; null when none in the period. */
  lastSessionAt: Type.Union([Timestamp, Type.Null()]),
});
export type ReportUnitRow = Static<typeof ReportUnitRow>;
/** The child units of the scope (or every village of it with level=village), each with its own figures. */
export const ReportByUnit = Type.Object({ items: Type.Array(ReportUnitRow) });
export type ReportByUnit = Static<typeof ReportByUnit>;

export const ReportPageQuery = Type.Object(
  {
    ...ReportQuery.properties,
    cursor: Type.Optional(Cursor),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);
export type ReportPageQuery = Static<typeof ReportPageQuery>;

/** A session with its figures: attendance against capacity and against the farmers it invited. */
export const ReportSessionRow = Type.Object({
  id: Uuid,
  startsAt: Timestamp,
  endsAt: Timestamp,
  status: SessionStatus,
  courseTitle: Type.String(),
  topic: CourseTopic,
  villageId: Uuid,
  villageName: Type.String(),
  capacity: Count,
  /** Registered farmers of the session's village and its invited villages. */
  invited: Count,
  attendances: Count,
  excused: Count,
  absent: Count,
  materials: Count,
});
export type ReportSessionRow = Static<typeof ReportSessionRow>;
export const ReportSessionPage = Page(ReportSessionRow);
export type ReportSessionPage = Static<typeof ReportSessionPage>;

export const ReportRosterRow = Type.Object({
  attendanceId: Uuid,
  farmerId: Uuid,
  farmerName: Type.String(),
  villageName: Type.String(),
  status: AttendanceStatus,
  checkedInAt: Timestamp,
});
export const ReportRoster = Type.Object({ session: ReportSessionRow, items: Type.Array(ReportRosterRow) });
export type ReportRoster = Static<typeof ReportRoster>;

/** One farmer's record: every session they were checked in at, and what they received. */
export const ReportFarmerHistory = Type.Object({
  farmer: Type.Object({ id: Uuid, name: Type.String(), villageId: Uuid, villageName: Type.String(), townshipName: Type.String() }),
  sessions: Type.Array(
    Type.Object({ sessionId: Uuid, startsAt: Timestamp, courseTitle: Type.String(), topic: CourseTopic, villageName: Type.String(), status: AttendanceStatus }),
  ),
  materials: Type.Array(
    Type.Object({ sessionId: Uuid, materialTitle: Type.String(), quantity: Count, distributedAt: Timestamp }),
  ),
});
export type ReportFarmerHistory = Static<typeof ReportFarmerHistory>;

export const ReportUntrainedQuery = Type.Object(
  { orgUnitId: Type.Optional(Uuid), cursor: Type.Optional(Cursor), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })) },
  { additionalProperties: false },
);
export type ReportUntrainedQuery = Static<typeof ReportUntrainedQuery>;
/** Farmers of the area never counted present or late at any session. */
export const ReportUntrainedPage = Page(Type.Object({ id: Uuid, name: Type.String(), villageName: Type.String(), householdNo: Type.Union([Type.String(), Type.Null()]) }));
export type ReportUntrainedPage = Static<typeof ReportUntrainedPage>;

export const QualityRule = Type.Enum(qualityRules);
export type QualityRule = Static<typeof QualityRule>;

export const QualityQuery = Type.Object(
  {
    orgUnitId: Type.Optional(Uuid),
    rule: Type.Optional(QualityRule),
    cursor: Type.Optional(Cursor),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);
export type QualityQuery = Static<typeof QualityQuery>;

/** One finding of a data-quality rule, with the page where it is put right. */
export const QualityItem = Type.Object({
  rule: QualityRule,
  entity: Type.Enum(['session', 'farmer', 'village'] as const),
  entityId: Uuid,
  /** What it is about, in the data's own words (course and village, a farmer's name, a village). */
  label: Type.String(),
  /** The figure at fault and the limit it breaks, where the rule has them. */
  value: Type.Union([Type.Number(), Type.Null()]),
  limit: Type.Union([Type.Number(), Type.Null()]),
  at: Type.Union([Timestamp, Type.Null()]),
  /** The web app's page where it is fixed. */
  link: Type.String(),
});
export type QualityItem = Static<typeof QualityItem>;
export const QualityPage = Type.Object({
  items: Type.Array(QualityItem),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
  /** Findings per rule over the whole scope, whatever page this is. */
  counts: Type.Record(Type.String(), Count),
});
export type QualityPage = Static<typeof QualityPage>;
