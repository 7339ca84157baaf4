import { Type, type Static } from 'typebox';
import { NewPassword, User } from './users.ts';

export const LoginRequest = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 100 }),
    password: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);
export type LoginRequest = Static<typeof LoginRequest>;

/** The signed-in user, and the token to send back as `x-csrf-token` on every write. */
export const SessionInfo = Type.Object({
  user: User,
  csrfToken: Type.String(),
  orgUnitPath: Type.Array(Type.String()),
});
export type SessionInfo = Static<typeof SessionInfo>;

export const ChangePasswordRequest = Type.Object(
  {
    currentPassword: Type.String({ minLength: 1, maxLength: 200 }),
    newPassword: NewPassword,
  },
  { additionalProperties: false },
);
export type ChangePasswordRequest = Static<typeof ChangePasswordRequest>;

