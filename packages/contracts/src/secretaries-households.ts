import { Type, type Static } from 'typebox';
import { Timestamp, Uuid } from './common.ts';
import { incomeBands, livelihoods } from './constants.ts';
import { HouseholdCategory, Gender } from './farmers.ts';
import { textLimits } from './limits.ts';

/**
 * 民情: a household's record, by village and household number (户号). Its members are the
 * village's farmers with that number; its category and party-member flag come from them.
 * Only admins of the area and the village's own secretary see these (404 otherwise), and
 * every read is in the audit log.
 */

export const IncomeBand = Type.Enum(incomeBands);
export type IncomeBand = Static<typeof IncomeBand>;
export const Livelihood = Type.Enum(livelihoods);
export type Livelihood = Static<typeof Livelihood>;

export const HouseholdParams = Type.Object({ villageId: Uuid, householdNo: Type.String({ ...textLimits.householdNo, minLength: 1 }) }, { additionalProperties: false });
export type HouseholdParams = Static<typeof HouseholdParams>;

export const HouseholdMember = Type.Object({
  farmerId: Uuid,
  name: Type.String(),
  gender: Type.Union([Gender, Type.Null()]),
  birthYear: Type.Union([Type.Integer(), Type.Null()]),
  partyMember: Type.Boolean(),
  householdCategory: Type.Union([HouseholdCategory, Type.Null()]),
});
export type HouseholdMember = Static<typeof HouseholdMember>;

export const HouseholdNeed = Type.Object({ id: Uuid, notedOn: Type.String({ format: 'date' }), need: Type.String(), recordedByName: Type.Union([Type.String(), Type.Null()]), createdAt: Timestamp });
export type HouseholdNeed = Static<typeof HouseholdNeed>;

const householdFields = {
  villageId: Uuid,
  villageName: Type.String(),
  householdNo: Type.String(),
  incomeBand: Type.Union([IncomeBand, Type.Null()]),
  livelihoods: Type.Array(Livelihood),
  /** From the members: the first of 五保, 低保, 监测户 any member has. */
  householdCategory: Type.Union([HouseholdCategory, Type.Null()]),
  /** A member is a party member. */
  partyMemberHousehold: Type.Boolean(),
  memberCount: Type.Integer(),
  needCount: Type.Integer(),
};

export const HouseholdSummary = Type.Object(householdFields);
export type HouseholdSummary = Static<typeof HouseholdSummary>;

export const Household = Type.Object({ ...householdFields, members: Type.Array(HouseholdMember), needs: Type.Array(HouseholdNeed), updatedAt: Type.Union([Timestamp, Type.Null()]) });
export type Household = Static<typeof Household>;

export const HouseholdQuery = Type.Object({ villageId: Uuid }, { additionalProperties: false });
export type HouseholdQuery = Static<typeof HouseholdQuery>;

export const HouseholdList = Type.Object({ items: Type.Array(HouseholdSummary) });
export type HouseholdList = Static<typeof HouseholdList>;

export const UpdateHousehold = Type.Object(
  { incomeBand: Type.Optional(Type.Union([IncomeBand, Type.Null()])), livelihoods: Type.Optional(Type.Array(Livelihood, { uniqueItems: true, maxItems: livelihoods.length })) },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateHousehold = Static<typeof UpdateHousehold>;

export const AddHouseholdNeed = Type.Object({ notedOn: Type.String({ format: 'date' }), need: Type.String(textLimits.householdNeed) }, { additionalProperties: false });
export type AddHouseholdNeed = Static<typeof AddHouseholdNeed>;
