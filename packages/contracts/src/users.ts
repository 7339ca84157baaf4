import { Type, type Static } from 'typebox';
import { Cursor, Limit, Page, Timestamp, Uuid } from './common.ts';

export const Role = Type.Union([Type.Literal('admin'), Type.Literal('trainer'), Type.Literal('secretary')]);
export type Role = Static<typeof Role>;

export const Locale = Type.Union([Type.Literal('zh-CN'), Type.Literal('en')]);
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

export const Username = Type.String({ minLength: 3, maxLength: 40, pattern: '^[a-zA-Z0-9._-]+$' });
/** At least 10 characters; checked further on the server (not all one character, not the username). */
export const NewPassword = Type.String({ minLength: 10, maxLength: 200 });
const DisplayName = Type.String({ minLength: 1, maxLength: 60 });
const Phone = Type.String({ pattern: '^1[3-9][0-9]{9}$' });

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
    q: Type.Optional(Type.String({ maxLength: 60 })),
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
