import { Type, type Static } from 'typebox';
import { Timestamp, Uuid } from './common.ts';
import { evaluationCriteria } from './constants.ts';
import { textLimits } from './limits.ts';
import { YearMonth } from './secretaries.ts';

/** 督导考评: each secretary's quarter (or year) in an admin's area, scored by the published rules. */

const Year = Type.Integer({ minimum: 2000, maximum: 2100 });
const Quarter = Type.Integer({ minimum: 1, maximum: 4 });

export const SupervisionQuery = Type.Object(
  {
    year: Year,
    /** Absent: the whole year (comments are per quarter, so none are shown). */
    quarter: Type.Optional(Quarter),
    orgUnitId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);
export type SupervisionQuery = Static<typeof SupervisionQuery>;

export const SupervisionMonth = Type.Object({ month: YearMonth, days: Type.Integer(), entries: Type.Integer(), onLeave: Type.Boolean(), shortfall: Type.Boolean() });
export type SupervisionMonth = Static<typeof SupervisionMonth>;

export const SupervisionRow = Type.Object({
  secretaryId: Uuid,
  secretaryName: Type.String(),
  villageId: Uuid,
  villageName: Type.String(),
  townshipName: Type.String(),
  months: Type.Array(SupervisionMonth),
  logEntries: Type.Integer(),
  mattersDone: Type.Integer(),
  sessionsHeld: Type.Integer(),
  /** Out of 100, from the published weights and targets. */
  score: Type.Number(),
  comment: Type.Union([Type.String(), Type.Null()]),
});
export type SupervisionRow = Static<typeof SupervisionRow>;

export const Supervision = Type.Object({ year: Type.Integer(), quarter: Type.Union([Type.Integer(), Type.Null()]), rows: Type.Array(SupervisionRow) });
export type Supervision = Static<typeof Supervision>;

const Criterion = Type.Enum(evaluationCriteria);
/** The rules the score follows, as published to admins: each criterion's weight and what meets it. */
export const EvaluationRules = Type.Object({
  requiredDays: Type.Integer(),
  reminderDay: Type.Integer(),
  maxDaysBack: Type.Integer(),
  criteria: Type.Array(Type.Object({ criterion: Criterion, weight: Type.Number(), target: Type.String() })),
});
export type EvaluationRules = Static<typeof EvaluationRules>;

export const SaveSupervisionComment = Type.Object({ year: Year, quarter: Quarter, comment: Type.String(textLimits.supervisionComment) }, { additionalProperties: false });
export type SaveSupervisionComment = Static<typeof SaveSupervisionComment>;

export const SupervisionComment = Type.Object({ secretaryId: Uuid, year: Type.Integer(), quarter: Type.Integer(), comment: Type.String(), authorId: Uuid, updatedAt: Timestamp });
export type SupervisionComment = Static<typeof SupervisionComment>;
