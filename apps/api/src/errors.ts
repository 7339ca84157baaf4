import type { ErrorCode, FieldError } from '@fieldschool/contracts';

/** The one table of which HTTP status each of our error codes answers with. */
export const statusOfCode: Record<ErrorCode, number> = {
  validation_failed: 400,
  invalid_json: 400,
  query_invalid: 400,
  id_number_invalid: 400,
  password_too_weak: 400,
  password_incorrect: 400,
  org_unit_invalid: 400,
  doc_number_invalid: 400,
  file_empty: 400,
  file_type_unsupported: 400,
  file_corrupt: 400,
  course_invalid: 400,
  trainer_invalid: 400,
  session_ends_before_start: 400,
  session_too_long: 400,
  session_in_past: 400,
  series_too_long: 400,
  series_empty: 400,
  recurrence_invalid: 400,
  session_not_ended: 400,
  work_day_in_future: 400,
  work_day_too_old: 400,
  work_day_session_invalid: 400,
  secretary_invalid: 400,
  month_not_over: 400,
  photo_invalid: 400,
  photo_too_large: 413,
  roster_file_invalid: 400,
  roster_columns_invalid: 400,
  roster_rows_invalid: 400,
  sheet_not_found: 400,
  sheet_unreadable: 400,
  sheet_other_session: 400,
  sheet_unknown: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  account_disabled: 403,
  csrf_invalid: 403,
  forbidden: 403,
  override_not_allowed: 403,
  not_found: 404,
  conflict: 409,
  username_taken: 409,
  id_number_taken: 409,
  session_not_editable: 409,
  status_transition_invalid: 409,
  schedule_conflict: 409,
  payload_too_large: 413,
  roster_too_large: 413,
  unsupported_media_type: 415,
  sign_in_throttled: 429,
  rate_limited: 429,
  internal_error: 500,
  file_missing: 500,
  search_unavailable: 503,
  database_unavailable: 503,
  checkin_code_invalid: 400,
  checkin_closed: 409,
  checkin_farmer_unknown: 400,
  checkin_device_limit: 429,
  merge_invalid: 400,
};

export interface AppErrorOptions {
  /** The request field at fault ("idNumber", "query.cursor"). */
  field?: string;
  /** Every field at fault, when there are several. */
  errors?: FieldError[];
  /** Extra reply headers, such as Retry-After. */
  headers?: Record<string, string>;
  /** RFC 9457 extension members of the reply (the conflicts of a refused schedule). */
  extensions?: Record<string, unknown>;
  cause?: unknown;
}

/** An error we mean to show: becomes a problem+json reply with a stable code and the status the table gives. */
export class AppError extends Error {
  readonly status: number;
  readonly field?: string;
  readonly errors?: FieldError[];
  readonly headers?: Record<string, string>;
  readonly extensions?: Record<string, unknown>;

  constructor(
    readonly code: ErrorCode,
    detail: string,
    options: AppErrorOptions = {},
  ) {
    super(detail, { cause: options.cause });
    this.status = statusOfCode[code];
    this.field = options.field;
    this.errors = options.errors;
    this.headers = options.headers;
    this.extensions = options.extensions;
  }
}

export const notFound = (what: string) => new AppError('not_found', `${what} not found`);
export const forbidden = (detail = 'You may not do this') => new AppError('forbidden', detail);
