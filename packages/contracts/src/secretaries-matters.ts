import { Type, type Static } from 'typebox';
import { Cursor, Limit, Page, Timestamp, Uuid } from './common.ts';
import { matterCategories, matterStatuses } from './constants.ts';
import { textLimits } from './limits.ts';

/** 实事: practical matters a secretary coordinates for the village. */

export const MatterCategory = Type.Enum(matterCategories);
export type MatterCategory = Static<typeof MatterCategory>;
export const MatterStatus = Type.Enum(matterStatuses);
export type MatterStatus = Static<typeof MatterStatus>;

const LocalDate = Type.String({ format: 'date' });
/** Funds coordinated, in fen (1/100 yuan): whole numbers add up exactly. Up to 10 billion yuan. */
const Fen = Type.Integer({ minimum: 0, maximum: 1_000_000_000_000 });
const Households = Type.Integer({ minimum: 0, maximum: 100_000 });

export const MatterFile = Type.Object({ id: Uuid, fileName: Type.String(), mediaType: Type.String(), sizeBytes: Type.Integer(), createdAt: Timestamp });
export type MatterFile = Static<typeof MatterFile>;

export const Matter = Type.Object({
  id: Uuid,
  villageId: Uuid,
  villageName: Type.String(),
  townshipName: Type.String(),
  title: Type.String(),
  category: MatterCategory,
  fundsFen: Type.Integer(),
  beneficiaryHouseholds: Type.Integer(),
  status: MatterStatus,
  startedOn: Type.Union([LocalDate, Type.Null()]),
  doneOn: Type.Union([LocalDate, Type.Null()]),
  files: Type.Array(MatterFile),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Matter = Static<typeof Matter>;

const matterFields = {
  title: Type.String(textLimits.matterTitle),
  category: MatterCategory,
  fundsFen: Fen,
  beneficiaryHouseholds: Households,
  status: MatterStatus,
  startedOn: Type.Union([LocalDate, Type.Null()]),
  doneOn: Type.Union([LocalDate, Type.Null()]),
};

export const CreateMatter = Type.Object(
  {
    villageId: Uuid,
    title: matterFields.title,
    category: matterFields.category,
    fundsFen: Type.Optional(Fen),
    beneficiaryHouseholds: Type.Optional(Households),
    status: Type.Optional(MatterStatus),
    startedOn: Type.Optional(matterFields.startedOn),
    doneOn: Type.Optional(matterFields.doneOn),
  },
  { additionalProperties: false },
);
export type CreateMatter = Static<typeof CreateMatter>;

export const UpdateMatter = Type.Partial(Type.Object(matterFields), { additionalProperties: false, minProperties: 1 });
export type UpdateMatter = Static<typeof UpdateMatter>;

export const MatterQuery = Type.Object(
  {
    /** A village, a township or the county; your own area when absent. */
    orgUnitId: Type.Optional(Uuid),
    status: Type.Optional(MatterStatus),
    category: Type.Optional(MatterCategory),
    cursor: Type.Optional(Cursor),
    limit: Type.Optional(Limit),
  },
  { additionalProperties: false },
);
export type MatterQuery = Static<typeof MatterQuery>;

/** A file attached to a matter. */
export const MatterFileParams = Type.Object({ id: Uuid, fileId: Uuid }, { additionalProperties: false });
export type MatterFileParams = Static<typeof MatterFileParams>;

export const MatterPage = Page(Matter);
export type MatterPage = Static<typeof MatterPage>;

/** One category's totals over an area: "roads: 32 villages". Villages count those with a matter of the kind done. */
export const MatterTotal = Type.Object({
  category: MatterCategory,
  villagesDone: Type.Integer(),
  done: Type.Integer(),
  underWay: Type.Integer(),
  proposed: Type.Integer(),
  /** Of the matters done. */
  fundsFen: Type.Integer(),
  beneficiaryHouseholds: Type.Integer(),
});
export type MatterTotal = Static<typeof MatterTotal>;

export const MatterTotalsQuery = Type.Object({ orgUnitId: Type.Optional(Uuid) }, { additionalProperties: false });
export type MatterTotalsQuery = Static<typeof MatterTotalsQuery>;

export const MatterTotals = Type.Object({ orgUnitId: Uuid, orgUnitName: Type.String(), categories: Type.Array(MatterTotal) });
export type MatterTotals = Static<typeof MatterTotals>;
