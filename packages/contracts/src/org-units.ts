import { Type, type Static } from 'typebox';
import { Timestamp, Uuid } from './common.ts';
import { orgLevels } from './constants.ts';
import { textLimits } from './limits.ts';

export const OrgLevel = Type.Enum(orgLevels);
export type OrgLevel = Static<typeof OrgLevel>;

export const OrgUnit = Type.Object({
  id: Uuid,
  parentId: Type.Union([Uuid, Type.Null()]),
  level: OrgLevel,
  name: Type.String(),
  code: Type.String(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type OrgUnit = Static<typeof OrgUnit>;

const Name = Type.String(textLimits.orgUnitName);
const Code = Type.String(textLimits.orgUnitCode);

export const CreateOrgUnit = Type.Object(
  { parentId: Uuid, name: Name, code: Code },
  { additionalProperties: false },
);
export type CreateOrgUnit = Static<typeof CreateOrgUnit>;

export const UpdateOrgUnit = Type.Object(
  { name: Type.Optional(Name), code: Type.Optional(Code) },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateOrgUnit = Static<typeof UpdateOrgUnit>;

export const OrgUnitQuery = Type.Object(
  {
    parentId: Type.Optional(Uuid),
    level: Type.Optional(OrgLevel),
    q: Type.Optional(Type.String(textLimits.listQuery)),
  },
  { additionalProperties: false },
);
export type OrgUnitQuery = Static<typeof OrgUnitQuery>;

export const OrgUnitList = Type.Object({ items: Type.Array(OrgUnit) });
export type OrgUnitList = Static<typeof OrgUnitList>;
