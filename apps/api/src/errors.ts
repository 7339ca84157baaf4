import type { ErrorCode, FieldError } from '@fieldschool/contracts';

/** An error we mean to show: becomes a problem+json reply with a stable code. */
export class AppError extends Error {
  /** RFC 9457 extension members a subclass adds to the reply (the conflicts of a refused schedule). */
  extensions?: Record<string, unknown>;

  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    readonly errors?: FieldError[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new AppError(404, 'not_found', `${what} not found`);
export const forbidden = (detail = 'You may not do this') => new AppError(403, 'forbidden', detail);
