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
  'file_missing',
  'search_unavailable',
  'database_unavailable',
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
  'session_not_ended',
  // First secretaries (issue 11).
  'work_day_in_future',
  'work_day_too_old',
  'work_day_session_invalid',
  'secretary_invalid',
  'month_not_over',
  'photo_too_large',
  'photo_invalid',
  // Check-in (issue 8).
  'checkin_code_invalid',
  'checkin_closed',
  'checkin_farmer_unknown',
  'checkin_device_limit',
  'merge_invalid',
  // Paper and Excel (issue 9).
  'roster_file_invalid',
  'roster_columns_invalid',
  'roster_rows_invalid',
  'roster_too_large',
  'sheet_not_found',
  'sheet_unreadable',
  'sheet_other_session',
  'sheet_unknown',
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
/** A drive or a buffer an admin sets, in minutes: a day at most. */
export const MAX_TRAVEL_MINUTES = 24 * 60;

/** How an attendance was taken; `paper` is a signed sign-in sheet read back or ticked in. */
export const checkInMethods = ['qr_card', 'session_qr', 'roster', 'walk_in', 'paper'] as const;

/** present and late count as attendances (人次); excused and absent never do. */
export const attendanceStatuses = ['present', 'late', 'excused', 'absent'] as const;

/** What the sync endpoint answers per item (DESIGN.md §6). */
export const syncResults = ['created', 'duplicate', 'merged', 'rejected'] as const;

/** The most items one sync request may carry. */
export const MAX_SYNC_ITEMS = 500;

/**
 * Why a check-in item was rejected: stable codes, translated on the phone. `invalid_item`
 * is an item that does not match its kind's schema; `kind_unknown` a kind no handler takes.
 */
export const checkinRejectReasons = [
  'invalid_item',
  'kind_unknown',
  'session_not_found',
  'session_cancelled',
  'not_your_session',
  'farmer_not_found',
  'farmer_not_invited',
  'outside_session_window',
] as const;

/** The session's check-in QR code changes every this many seconds. */
export const CHECKIN_CODE_STEP_SECONDS = 30;


// First secretaries (issue 11).

/** What a day in the village was spent on. */
export const workDayActivities = ['household_visit', 'meeting', 'matter', 'training'] as const;

/** 实事: the kinds of practical matter the county counts ("roads: 32 villages"). */
export const matterCategories = ['road', 'water', 'electricity', 'venue', 'industry_project', 'training', 'other'] as const;

export const matterStatuses = ['proposed', 'under_way', 'done'] as const;

/** Yearly income per person, in yuan. */
export const incomeBands = ['under_5k', '5k_10k', '10k_20k', 'over_20k'] as const;

/** Ways a household earns (虫草: caterpillar fungus gathered in the mountains each spring). */
export const livelihoods = ['farming', 'herding', 'cordyceps', 'migrant_work', 'business', 'wages', 'subsidy', 'other'] as const;

/** What the evaluation score weighs, each against its target (settings; GET /secretaries/evaluation-rules publishes them). */
export const evaluationCriteria = ['days', 'logEntries', 'mattersDone', 'sessionsHeld'] as const;

/** Largest document or photo attached to a practical matter. */
export const MAX_MATTER_FILE_BYTES = 20 * 1024 * 1024;

/** Largest secretary photo accepted before resizing. */
export const MAX_PHOTO_BYTES = 8 * 1024 * 1024;
/** How many farmers one phone may check in by the session's code at one session (the farmer and one family member). */
export const SELF_CHECKIN_PER_DEVICE = 2;


// Paper and Excel (issue 9).

/** 传单 / 手册 / 挂图 */
export const materialFormats = ['leaflet', 'booklet', 'poster'] as const;

/** Why one handed-out item of a sync batch is refused (the item's `reason`). */
export const distributionRejections = ['session_invalid', 'session_cancelled', 'material_invalid', 'farmer_invalid'] as const;

/** Why one roster row cannot be imported; the report names the row and the column. */
export const rosterRowProblems = ['required', 'too_long', 'id_number_invalid', 'id_number_repeated', 'id_number_taken', 'birth_year_invalid', 'gender_invalid', 'phone_invalid'] as const;

/** Most farmers one roster file may hold, and its largest size. */
export const MAX_ROSTER_ROWS = 20_000;
export const MAX_ROSTER_BYTES = 10 * 1024 * 1024;
/** Problems and possible duplicates a roster report lists, each; the rest are counted. */
export const MAX_ROSTER_LISTED = 1000;

// Reports (issue 10).

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
