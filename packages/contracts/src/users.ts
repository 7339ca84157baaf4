import { Type, type Static } from 'typebox';
import { Cursor, Limit, Page, Phone, Timestamp, Uuid } from './common.ts';
import { locales, roles } from './constants.ts';
import { textLimits } from './limits.ts';

export const Role = Type.Enum(roles);
export type Role = Static<typeof Role>;

export const Locale = Type.Enum(locales);
export type Locale = Static<typeof Locale>;

export const User = Type.Object({
  id: Uuid,
  username: Type.String(),
  displayName: Type.String(),
  role: Role,
  orgUnitId: Uuid,
  orgUnitName: Type.String(),
  phone: Type.Union([Type.String(), Type.Null()]),
  locale: Locale,
  active: Type.Boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type User = Static<typeof User>;

export const Username = Type.String(textLimits.username);
export const NewPassword = Type.String(textLimits.newPassword);
const DisplayName = Type.String(textLimits.displayName);

export const CreateUser = Type.Object(
  {
    username: Username,
    displayName: DisplayName,
    password: NewPassword,
    role: Role,
    orgUnitId: Uuid,
    phone: Type.Optional(Type.Union([Phone, Type.Null()])),
    locale: Type.Optional(Locale),
  },
  { additionalProperties: false },
);
export type CreateUser = Static<typeof CreateUser>;

export const UpdateUser = Type.Object(
  {
    displayName: Type.Optional(DisplayName),
    role: Type.Optional(Role),
    orgUnitId: Type.Optional(Uuid),
    phone: Type.Optional(Type.Union([Phone, Type.Null()])),
    locale: Type.Optional(Locale),
    active: Type.Optional(Type.Boolean()),
    /** An admin may set a new password for a user who forgot theirs. */
    password: Type.Optional(NewPassword),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateUser = Static<typeof UpdateUser>;

export const UserQuery = Type.Object(
  {
    q: Type.Optional(Type.String(textLimits.listQuery)),
    role: Type.Optional(Role),
    orgUnitId: Type.Optional(Uuid),
    cursor: Type.Optional(Cursor),
    limit: Type.Optional(Limit),
  },
  { additionalProperties: false },
);
export type UserQuery = Static<typeof UserQuery>;

export const UserPage = Page(User);
export type UserPage = Static<typeof UserPage>;

/** What users may change about themselves. */
export const UpdateOwnProfile = Type.Object(
  {
    displayName: Type.Optional(DisplayName),
    phone: Type.Optional(Type.Union([Phone, Type.Null()])),
    locale: Type.Optional(Locale),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateOwnProfile = Static<typeof UpdateOwnProfile>;
