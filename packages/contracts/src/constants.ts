// Plain values the browser needs at run time. Kept free of TypeBox so that importing
// them (from '@fieldschool/contracts/constants') does not bundle the schema library.

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
  'sign_in_throttled',
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

export const roles = ['admin', 'trainer', 'secretary'] as const;

export const locales = ['zh-CN', 'en'] as const;

export const orgLevels = ['county', 'township', 'village'] as const;

export const genders = ['female', 'male'] as const;

export const documentTopics = ['healthcare', 'poverty_relief', 'agri_tech', 'law', 'party_building', 'other'] as const;

/** 有效 / 已修订 / 已废止 */
export const validities = ['valid', 'revised', 'repealed'] as const;

export const searchSorts = ['relevance', 'newest'] as const;

/** The header that carries the CSRF token on unsafe requests. */
export const CSRF_HEADER = 'x-csrf-token';

/** Largest document upload accepted. */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;
