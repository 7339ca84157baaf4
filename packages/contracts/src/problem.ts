import { Type, type Static } from 'typebox';

/**
 * Stable error codes. The web app shows a translated message per code, so a code never
 * changes meaning once shipped; add new ones instead.
 */
export const errorCodes = [
  'validation_failed',
  'invalid_json',
  'unsupported_media_type',
  'payload_too_large',
  'unauthenticated',
  'invalid_credentials',
  'account_locked',
  'account_disabled',
  'rate_limited',
  'csrf_invalid',
  'forbidden',
  'not_found',
  'conflict',
  'username_taken',
  'id_number_invalid',
  'id_number_taken',
  'password_too_weak',
  'password_incorrect',
  'org_unit_invalid',
  'doc_number_invalid',
  'file_empty',
  'file_type_unsupported',
  'file_corrupt',
  'search_unavailable',
  'query_invalid',
  'internal_error',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

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
