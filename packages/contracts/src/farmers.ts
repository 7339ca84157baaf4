import { Type, type Static } from 'typebox';
import { Cursor, Limit, Page, Phone, Timestamp, Uuid } from './common.ts';
import { genders, householdCategories } from './constants.ts';
import { birthYearRange, textLimits } from './limits.ts';

export const Gender = Type.Enum(genders);
export type Gender = Static<typeof Gender>;

/** A farmer as lists show them: the phone is masked (138****5678), the ID number never leaves. */
export const Farmer = Type.Object({
  id: Uuid,
  villageId: Uuid,
  villageName: Type.String(),
  townshipName: Type.String(),
  householdNo: Type.Union([Type.String(), Type.Null()]),
  name: Type.String(),
  gender: Type.Union([Gender, Type.Null()]),
  birthYear: Type.Union([Type.Integer(), Type.Null()]),
  phoneMasked: Type.Union([Type.String(), Type.Null()]),
  idNumberLast4: Type.Union([Type.String(), Type.Null()]),
  provisional: Type.Boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Farmer = Static<typeof Farmer>;

export const HouseholdCategory = Type.Enum(householdCategories);
export type HouseholdCategory = Static<typeof HouseholdCategory>;

/**
 * One farmer opened for editing: the full phone is shown to those allowed to edit. Party
 * membership and the household category are present only for admins whose area holds the
 * farmer and the secretary of the farmer's village; everyone else gets the farmer without them.
 */
export const FarmerDetail = Type.Object({
  ...Farmer.properties,
  phone: Type.Union([Type.String(), Type.Null()]),
  partyMember: Type.Optional(Type.Boolean()),
  householdCategory: Type.Optional(Type.Union([HouseholdCategory, Type.Null()])),
  /** Only on a farmer an admin merged into another: where their attendances went. */
  mergedIntoId: Type.Optional(Uuid),
});
export type FarmerDetail = Static<typeof FarmerDetail>;

const Name = Type.String(textLimits.farmerName);
/** Mainland resident ID (GB 11643); the api checks the check character with isValidIdNumber. */
export const IdNumber = Type.String(textLimits.idNumber);
const BirthYear = Type.Integer(birthYearRange);
const HouseholdNo = Type.String(textLimits.householdNo);

export const CreateFarmer = Type.Object(
  {
    villageId: Uuid,
    name: Name,
    householdNo: Type.Optional(Type.Union([HouseholdNo, Type.Null()])),
    gender: Type.Optional(Type.Union([Gender, Type.Null()])),
    birthYear: Type.Optional(Type.Union([BirthYear, Type.Null()])),
    phone: Type.Optional(Type.Union([Phone, Type.Null()])),
    idNumber: Type.Optional(Type.Union([IdNumber, Type.Null()])),
    /** Only those who see these fields may set them (403 otherwise). */
    partyMember: Type.Optional(Type.Boolean()),
    householdCategory: Type.Optional(Type.Union([HouseholdCategory, Type.Null()])),
  },
  { additionalProperties: false },
);
export type CreateFarmer = Static<typeof CreateFarmer>;

export const UpdateFarmer = Type.Object(
  {
    villageId: Type.Optional(Uuid),
    name: Type.Optional(Name),
    householdNo: Type.Optional(Type.Union([HouseholdNo, Type.Null()])),
    gender: Type.Optional(Type.Union([Gender, Type.Null()])),
    birthYear: Type.Optional(Type.Union([BirthYear, Type.Null()])),
    phone: Type.Optional(Type.Union([Phone, Type.Null()])),
    idNumber: Type.Optional(Type.Union([IdNumber, Type.Null()])),
    partyMember: Type.Optional(Type.Boolean()),
    householdCategory: Type.Optional(Type.Union([HouseholdCategory, Type.Null()])),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateFarmer = Static<typeof UpdateFarmer>;

export const FarmerQuery = Type.Object(
  {
    /** Name, pinyin initials (zrlm), phone digits, or the last 4 digits of the ID number. */
    q: Type.Optional(Type.String(textLimits.listQuery)),
    /** Any org unit: a township lists its villages' farmers. */
    orgUnitId: Type.Optional(Uuid),
    cursor: Type.Optional(Cursor),
    limit: Type.Optional(Limit),
  },
  { additionalProperties: false },
);
export type FarmerQuery = Static<typeof FarmerQuery>;

export const FarmerPage = Page(Farmer);
export type FarmerPage = Static<typeof FarmerPage>;
