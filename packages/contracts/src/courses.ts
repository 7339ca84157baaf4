import { Type, type Static } from 'typebox';
import { Cursor, Limit, Page, Timestamp, Uuid } from './common.ts';
import { courseTopics } from './constants.ts';

export const CourseTopic = Type.Enum(courseTopics);
export type CourseTopic = Static<typeof CourseTopic>;

const LinkedDocument = Type.Object({ id: Uuid, title: Type.String(), docNumber: Type.Union([Type.String(), Type.Null()]) });
const LinkedMaterial = Type.Object({ id: Uuid, title: Type.String() });

export const Course = Type.Object({
  id: Uuid,
  title: Type.String(),
  topic: CourseTopic,
  description: Type.String(),
  objectives: Type.String(),
  /** The area the course belongs to. */
  orgUnitId: Uuid,
  orgUnitName: Type.String(),
  /** Policy documents the course teaches; the document page lists the course under "linked from". */
  documents: Type.Array(LinkedDocument),
  /** Printed materials it hands out. */
  materials: Type.Array(LinkedMaterial),
  /** Minutes after a session's start from which a check-in counts as late. */
  lateAfterMinutes: Type.Integer(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Course = Static<typeof Course>;

const Title = Type.String({ minLength: 1, maxLength: 200 });
const LongText = Type.String({ maxLength: 5000 });
const DocumentIds = Type.Array(Uuid, { maxItems: 50, uniqueItems: true });
const MaterialIds = Type.Array(Uuid, { maxItems: 50, uniqueItems: true });
/** The grace before a check-in counts as late: 15 minutes unless the course says otherwise. */
export const LATE_AFTER_MINUTES = { default: 15, max: 240 } as const;
const LateAfterMinutes = Type.Integer({ minimum: 0, maximum: LATE_AFTER_MINUTES.max });

export const CreateCourse = Type.Object(
  {
    title: Title,
    topic: CourseTopic,
    description: Type.Optional(LongText),
    objectives: Type.Optional(LongText),
    /** Defaults to the creator's own unit. */
    orgUnitId: Type.Optional(Uuid),
    documentIds: Type.Optional(DocumentIds),
    /** Printed materials the course hands out. */
    materialIds: Type.Optional(MaterialIds),
    lateAfterMinutes: Type.Optional(LateAfterMinutes),
  },
  { additionalProperties: false },
);
export type CreateCourse = Static<typeof CreateCourse>;

export const UpdateCourse = Type.Object(
  {
    title: Type.Optional(Title),
    topic: Type.Optional(CourseTopic),
    description: Type.Optional(LongText),
    objectives: Type.Optional(LongText),
    /** Replaces the whole list. */
    documentIds: Type.Optional(DocumentIds),
    /** Replaces the whole list. */
    materialIds: Type.Optional(MaterialIds),
    lateAfterMinutes: Type.Optional(LateAfterMinutes),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateCourse = Static<typeof UpdateCourse>;

export const CourseQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 60 })),
    topic: Type.Optional(CourseTopic),
    cursor: Type.Optional(Cursor),
    limit: Type.Optional(Limit),
  },
  { additionalProperties: false },
);
export type CourseQuery = Static<typeof CourseQuery>;

export const CoursePage = Page(Course);
export type CoursePage = Static<typeof CoursePage>;
