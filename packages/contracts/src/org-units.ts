import { Type, type Static } from 'typebox';
import { Timestamp, Uuid } from './common.ts';

export const OrgLevel = Type.Union([Type.Literal('county'), Type.Literal('township'), Type.Literal('village')]);
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

const Name = Type.String({ minLength: 1, maxLength: 60 });
const Code = Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9_-]+$' });

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
    q: Type.Optional(Type.String({ maxLength: 60 })),
  },
  { additionalProperties: false },
);
export type OrgUnitQuery = Static<typeof OrgUnitQuery>;

export const OrgUnitList = Type.Object({ items: Type.Array(OrgUnit) });
export type OrgUnitList = Static<typeof OrgUnitList>;
