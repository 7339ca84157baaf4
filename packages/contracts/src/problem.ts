import { Type, type Static } from 'typebox';
export { errorCodes, type ErrorCode } from './constants.ts';

export const FieldError = Type.Object({
  /** Where the fault is, as a dotted path into the request part ("idNumber", "query.limit"). */
  field: Type.String(),
  code: Type.String(),
  message: Type.String(),
});
export type FieldError = Static<typeof FieldError>;

/** RFC 9457 problem details, with our stable `code` and the fields at fault. */
export const Problem = Type.Object({
  type: Type.String(),
  title: Type.String(),
  status: Type.Integer(),
  code: Type.String(),
  detail: Type.Optional(Type.String()),
  instance: Type.Optional(Type.String()),
  field: Type.Optional(Type.String()),
  errors: Type.Optional(Type.Array(FieldError)),
});
export type Problem = Static<typeof Problem>;
