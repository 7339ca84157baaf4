import { Type, type Static } from 'typebox';
import { Cursor, Limit, Page, Timestamp, Uuid } from './common.ts';
import { distributionRejections, materialFormats } from './constants.ts';
import { CourseTopic } from './courses.ts';

export const MaterialFormat = Type.Enum(materialFormats);
export type MaterialFormat = Static<typeof MaterialFormat>;

/** Copies in one township's store. */
export const MaterialStock = Type.Object({ townshipId: Uuid, townshipName: Type.String(), quantity: Type.Integer({ minimum: 0 }) });
export type MaterialStock = Static<typeof MaterialStock>;

export const Material = Type.Object({
  id: Uuid,
  title: Type.String(),
  topic: CourseTopic,
  format: MaterialFormat,
  /** The policy document of the library it was printed from. */
  document: Type.Union([Type.Object({ id: Uuid, title: Type.String(), docNumber: Type.Union([Type.String(), Type.Null()]) }), Type.Null()]),
  orgUnitId: Uuid,
  orgUnitName: Type.String(),
  stock: Type.Array(MaterialStock),
  /** The courses that hand it out. */
  courses: Type.Array(Type.Object({ id: Uuid, title: Type.String() })),
  /** Copies handed out so far, and how many of them went beyond the recorded stock (for the admin to check). */
  distributed: Type.Integer(),
  beyondStock: Type.Integer(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Material = Static<typeof Material>;

const Title = Type.String({ minLength: 1, maxLength: 200 });
const StockInput = Type.Array(Type.Object({ townshipId: Uuid, quantity: Type.Integer({ minimum: 0, maximum: 10_000_000 }) }, { additionalProperties: false }), {
  maxItems: 100,
});
const CourseIds = Type.Array(Uuid, { maxItems: 100, uniqueItems: true });

export const CreateMaterial = Type.Object(
  {
    title: Title,
    topic: CourseTopic,
    format: MaterialFormat,
    documentId: Type.Optional(Type.Union([Uuid, Type.Null()])),
    /** Defaults to the creator's own unit. */
    orgUnitId: Type.Optional(Uuid),
    /** Printed copies per township store. */
    stock: Type.Optional(StockInput),
    courseIds: Type.Optional(CourseIds),
  },
  { additionalProperties: false },
);
export type CreateMaterial = Static<typeof CreateMaterial>;

export const UpdateMaterial = Type.Object(
  {
    title: Type.Optional(Title),
    topic: Type.Optional(CourseTopic),
    format: Type.Optional(MaterialFormat),
    documentId: Type.Optional(Type.Union([Uuid, Type.Null()])),
    /** Sets the listed stores' counts (a new print run, a recount); stores not listed keep theirs. */
    stock: Type.Optional(StockInput),
    /** Replaces the whole list. */
    courseIds: Type.Optional(CourseIds),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateMaterial = Static<typeof UpdateMaterial>;

export const MaterialQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 60 })),
    topic: Type.Optional(CourseTopic),
    format: Type.Optional(MaterialFormat),
    /** Only materials handed out beyond their stock. */
    flagged: Type.Optional(Type.Boolean()),
    cursor: Type.Optional(Cursor),
    limit: Type.Optional(Limit),
  },
  { additionalProperties: false },
);
export type MaterialQuery = Static<typeof MaterialQuery>;

export const MaterialPage = Page(Material);
export type MaterialPage = Static<typeof MaterialPage>;

// Distributions: what a trainer handed out at a session, per farmer or as a count.

const distributionFields = {
  /** Made on the phone: sending it again is a no-op. */
  id: Uuid,
  materialId: Uuid,
  /** The farmer who got it; null or left out for a count handed to the room. */
  farmerId: Type.Optional(Type.Union([Uuid, Type.Null()])),
  /** Zero or less is refused: nothing was handed out. */
  quantity: Type.Integer({ minimum: 1, maximum: 10_000 }),
  distributedAt: Timestamp,
};

/** One item of kind `distribution` in the shared sync request (DESIGN.md §6). */
export const DistributionSyncItem = Type.Object(
  { kind: Type.Literal('distribution'), sessionId: Uuid, ...distributionFields },
  { additionalProperties: false },
);
export type DistributionSyncItem = Static<typeof DistributionSyncItem>;

export const DistributionRejection = Type.Enum(distributionRejections);
export type DistributionRejection = Static<typeof DistributionRejection>;

/** POST /sessions/:id/distributions: the same items for one session, outside the sync request. */
export const RecordDistributions = Type.Object(
  {
    deviceId: Type.String({ minLength: 1, maxLength: 100 }),
    items: Type.Array(Type.Object(distributionFields, { additionalProperties: false }), { minItems: 1, maxItems: 500 }),
  },
  { additionalProperties: false },
);
export type RecordDistributions = Static<typeof RecordDistributions>;

/** The answer per item, in the order sent: as the sync request answers. */
export const DistributionOutcome = Type.Object({
  id: Uuid,
  result: Type.Enum(['created', 'duplicate', 'rejected']),
  recordId: Type.Optional(Uuid),
  reason: Type.Optional(DistributionRejection),
});
export type DistributionOutcome = Static<typeof DistributionOutcome>;

export const DistributionResults = Type.Object({ results: Type.Array(DistributionOutcome) });
export type DistributionResults = Static<typeof DistributionResults>;

export const Distribution = Type.Object({
  id: Uuid,
  materialId: Uuid,
  materialTitle: Type.String(),
  farmerId: Type.Union([Uuid, Type.Null()]),
  farmerName: Type.Union([Type.String(), Type.Null()]),
  quantity: Type.Integer(),
  beyondStock: Type.Integer(),
  distributedAt: Timestamp,
});
export type Distribution = Static<typeof Distribution>;

export const SessionDistributions = Type.Object({
  items: Type.Array(Distribution),
  /** Copies per material at this session. */
  totals: Type.Array(Type.Object({ materialId: Uuid, materialTitle: Type.String(), quantity: Type.Integer() })),
});
export type SessionDistributions = Static<typeof SessionDistributions>;
