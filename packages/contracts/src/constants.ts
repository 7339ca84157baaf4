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
  'course_invalid',
  'trainer_invalid',
  'session_ends_before_start',
  'session_too_long',
  'session_in_past',
  'series_too_long',
  'series_empty',
  'recurrence_invalid',
  'session_not_editable',
  'status_transition_invalid',
  'schedule_conflict',
  'override_not_allowed',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export const roles = ['admin', 'trainer', 'secretary'] as const;

export const locales = ['zh-CN', 'en'] as const;

export const orgLevels = ['county', 'township', 'village'] as const;

export const genders = ['female', 'male'] as const;

/** 低保, 五保, 监测户: farmer attributes that only admins and the village's own secretary see. */
export const householdCategories = ['dibao', 'wubao', 'monitored'] as const;

export const documentTopics = ['healthcare', 'poverty_relief', 'agri_tech', 'law', 'party_building', 'other'] as const;

/** 有效 / 已修订 / 已废止 */
export const validities = ['valid', 'revised', 'repealed'] as const;

export const searchSorts = ['relevance', 'newest'] as const;

/** The header that carries the CSRF token on unsafe requests. */
export const CSRF_HEADER = 'x-csrf-token';

/** Largest document upload accepted. */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

// Scheduling (issue 7).

export const courseTopics = ['agri_tech', 'healthcare', 'poverty_relief', 'law', 'party_building', 'other'] as const;

/** scheduled → in_progress → completed; scheduled or in_progress → cancelled. */
export const sessionStatuses = ['scheduled', 'in_progress', 'completed', 'cancelled'] as const;

/** RFC 5545 weekday codes, Monday first as weeks are read in China. */
export const weekdays = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;

export const recurrenceFrequencies = ['daily', 'weekly', 'monthly'] as const;

/** Which sessions of a series an edit or a cancellation applies to. */
export const seriesScopes = ['this', 'following'] as const;

/** Why two sessions cannot both happen: one trainer twice, one venue twice, or too little time to drive between villages. */
export const conflictRules = ['trainer_overlap', 'venue_overlap', 'travel_time'] as const;

export const feedKinds = ['trainer', 'village'] as const;

/** Sessions are shown, and series are expanded, in the county's zone. */
export const SCHEDULE_TIME_ZONE = 'Asia/Shanghai';
export const MAX_SESSION_HOURS = 12;
export const MAX_SERIES_OCCURRENCES = 200;

// Reports (issue 10).

/** Present and late count as attended (人次); excused and absent never do. */
export const reportAttendanceStatuses = ['present', 'late', 'excused', 'absent'] as const;

/** The data-quality rules, in the order the list shows them. */
export const qualityRules = [
  'no_attendance',
  'over_capacity',
  'over_population',
  'duplicate_farmer',
  'no_materials',
  'village_idle',
  'late_record',
] as const;

/** What a by-unit breakdown lists: the scope's townships or every one of its villages. */
export const reportUnitLevels = ['township', 'village'] as const;

/** A village with no held session for this long is idle. */
export const QUALITY_IDLE_MONTHS = 6;
/** A check-in that reached the server this long after its session ended was recorded late. */
export const QUALITY_LATE_RECORD_DAYS = 7;
