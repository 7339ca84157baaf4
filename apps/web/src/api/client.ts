// The one place that talks HTTP to the api. Components and stores call the typed
// resource modules beside this file, never fetch.
import type { FieldError, ScheduleConflict } from '@fieldschool/contracts';
import { CSRF_HEADER } from '@fieldschool/contracts/constants';

export const API_BASE = '/api/v1';

/** Codes the browser makes up itself, for failures that never reached the api. */
export type ClientErrorCode = 'network_error';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field: string | undefined;
  readonly errors: FieldError[];
  /** Seconds from a Retry-After header (429), when the api sent one. */
  readonly retryAfter: number | undefined;
  /** A 409 schedule_conflict lists what clashes, for the form to show each one. */
  readonly conflicts: ScheduleConflict[];

  constructor(init: {
    status: number;
    code: string;
    message?: string;
    field?: string | undefined;
    errors?: FieldError[];
    retryAfter?: number | undefined;
    conflicts?: ScheduleConflict[];
  }) {
    super(init.message ?? init.code);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.field = init.field;
    this.errors = init.errors ?? [];
    this.retryAfter = init.retryAfter;
    this.conflicts = init.conflicts ?? [];
  }
}

// When a proxy or the server fails before our error handler runs there is no problem body:
// fall back to a code from the status so the UI still has something to translate.
function codeForStatus(status: number): string {
  switch (status) {
    case 400:
      return 'validation_failed';
    case 401:
      return 'unauthenticated';
    case 403:
      return 'forbidden';
    case 404:
      return 'not_found';
    case 409:
      return 'conflict';
    case 413:
      return 'payload_too_large';
    case 415:
      return 'unsupported_media_type';
    case 429:
      return 'rate_limited';
    default:
      return 'internal_error';
  }
}

function isFieldError(value: unknown): value is FieldError {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.field === 'string' && typeof v.code === 'string' && typeof v.message === 'string';
}

function parseRetryAfter(header: string | null): number | undefined {
  if (header === null) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

/** Turns a failed response (problem+json or not) into an ApiError. */
export async function parseError(response: Response): Promise<ApiError> {
  const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
  let body: unknown = null;
  if (/json/i.test(response.headers.get('content-type') ?? '')) {
    body = await response.json().catch(() => null);
  }
  const problem = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const errors = Array.isArray(problem.errors) ? problem.errors.filter(isFieldError) : [];
  return new ApiError({
    status: response.status,
    code: typeof problem.code === 'string' && problem.code !== '' ? problem.code : codeForStatus(response.status),
    message: typeof problem.detail === 'string' ? problem.detail : typeof problem.title === 'string' ? problem.title : undefined,
    field: typeof problem.field === 'string' ? problem.field : undefined,
    errors,
    retryAfter,
    // The api's own contract shapes each conflict; only the list itself is checked here.
    conflicts: Array.isArray(problem.conflicts) ? (problem.conflicts as ScheduleConflict[]) : [],
  });
}

let csrfToken: string | null = null;
let onUnauthenticated: (() => void) | null = null;

/** The session store hands over the token it got at sign-in; cleared on sign-out. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when a request fails with 401 because the session ended (expired, signed out elsewhere). */
export function setUnauthenticatedHandler(handler: (() => void) | null): void {
  onUnauthenticated = handler;
}

type QueryScalar = string | number | boolean | null | undefined;
/** An array repeats the key (topic=a&topic=b), as the api's array filters expect. */
type QueryValue = QueryScalar | readonly QueryScalar[];

export interface RequestOptions {
  query?: Record<string, QueryValue> | undefined;
  /** JSON, or FormData for a multipart upload (the browser then sets the content-type and boundary). */
  body?: unknown;
  /** Skip the session-ended handler: sign-in and session restore expect 401s. */
  expectUnauthenticated?: boolean;
  signal?: AbortSignal | undefined;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function buildUrl(path: string, query: RequestOptions['query']): string {
  const params = new URLSearchParams();
  const add = (key: string, value: QueryScalar) => {
    if (value !== undefined && value !== null && value !== '') params.append(key, String(value));
  };
  for (const [key, value] of Object.entries(query ?? {})) {
    if (Array.isArray(value)) for (const item of value as readonly QueryScalar[]) add(key, item);
    else add(key, value as QueryScalar);
  }
  const qs = params.toString();
  return `${API_BASE}${path}${qs ? `?${qs}` : ''}`;
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  const multipart = typeof FormData !== 'undefined' && options.body instanceof FormData;
  if (options.body !== undefined && !multipart) headers['content-type'] = 'application/json';
  if (UNSAFE.has(method) && csrfToken) headers[CSRF_HEADER] = csrfToken;

  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : multipart ? (options.body as FormData) : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError({ status: 0, code: 'network_error' satisfies ClientErrorCode });
  }

  if (!response.ok) {
    const error = await parseError(response);
    if (error.status === 401 && !options.expectUnauthenticated) onUnauthenticated?.();
    throw error;
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text === '' ? undefined : JSON.parse(text)) as T;
}

/** A file the api makes on request (a printed sheet): the same headers and errors as `request`, the body as a Blob. */
export async function requestBlob(method: string, path: string, options: Pick<RequestOptions, 'query' | 'signal'> = {}): Promise<Blob> {
  const headers: Record<string, string> = { accept: '*/*' };
  if (UNSAFE.has(method) && csrfToken) headers[CSRF_HEADER] = csrfToken;
  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), { method, headers, credentials: 'same-origin', signal: options.signal });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError({ status: 0, code: 'network_error' satisfies ClientErrorCode });
  }
  if (!response.ok) {
    const error = await parseError(response);
    if (error.status === 401) onUnauthenticated?.();
    throw error;
  }
  return response.blob();
}

/** The address of a file the browser fetches itself (a link to an .xlsx or a .pdf), with the same query rules. */
export function fileUrl(path: string, query?: RequestOptions['query']): string {
  return buildUrl(path, query);
}
