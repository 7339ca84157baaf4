import { Type, type Static } from 'typebox';
import { Timestamp, Uuid } from './common.ts';
import { textLimits } from './limits.ts';
import { MatterCategory } from './secretaries-matters.ts';

/** What a secretary chooses to publish on the village's public page; each item is off until chosen. */
export const SecretaryProfile = Type.Object({
  post: Type.String(),
  hasPhoto: Type.Boolean(),
  publishName: Type.Boolean(),
  publishPhoto: Type.Boolean(),
  publishPost: Type.Boolean(),
  publishPhone: Type.Boolean(),
  /** The village's public page, to share. */
  villageId: Uuid,
  updatedAt: Type.Union([Timestamp, Type.Null()]),
});
export type SecretaryProfile = Static<typeof SecretaryProfile>;

export const UpdateSecretaryProfile = Type.Object(
  {
    post: Type.Optional(Type.String(textLimits.secretaryPost)),
    publishName: Type.Optional(Type.Boolean()),
    publishPhoto: Type.Optional(Type.Boolean()),
    publishPost: Type.Optional(Type.Boolean()),
    publishPhone: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateSecretaryProfile = Static<typeof UpdateSecretaryProfile>;

export const VillageParams = Type.Object({ villageId: Uuid }, { additionalProperties: false });
export type VillageParams = Static<typeof VillageParams>;

/** A secretary on the public page: each field present only when published. */
export const PublicSecretary = Type.Object({
  name: Type.Optional(Type.String()),
  post: Type.Optional(Type.String()),
  phone: Type.Optional(Type.String()),
  /** Address of the published photo. */
  photoUrl: Type.Optional(Type.String()),
});
export type PublicSecretary = Static<typeof PublicSecretary>;

export const PublicMatter = Type.Object({ title: Type.String(), category: MatterCategory, doneOn: Type.Union([Type.String({ format: 'date' }), Type.Null()]), beneficiaryHouseholds: Type.Integer(), fundsFen: Type.Integer() });
export type PublicMatter = Static<typeof PublicMatter>;

/** The village's public page (no sign-in): the secretaries' published items and the matters done. Nothing else. */
export const PublicVillage = Type.Object({
  villageName: Type.String(),
  townshipName: Type.String(),
  secretaries: Type.Array(PublicSecretary),
  mattersDone: Type.Array(PublicMatter),
});
export type PublicVillage = Static<typeof PublicVillage>;
