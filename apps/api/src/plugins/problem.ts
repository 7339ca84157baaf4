import { STATUS_CODES } from 'node:http';
import fp from 'fastify-plugin';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorCode, FieldError, Problem } from '@fieldschool/contracts';
import { AppError, statusOfCode } from '../errors.ts';

/** Answers with our problem+json; the status comes from the code (errors.ts), the title from node's own table. */
export function sendProblem(
  reply: FastifyReply,
  request: FastifyRequest,
  code: ErrorCode,
  detail: string,
  extra: { field?: string; errors?: FieldError[]; extensions?: Record<string, unknown> } = {},
) {
  const status = statusOfCode[code];
  const body: Problem = {
    ...extra.extensions,
    type: `https://fieldschool.local/problems/${code}`,
    title: STATUS_CODES[status] ?? 'Error',
    status,
    code,
    detail,
    instance: request.url,
    ...(extra.field ? { field: extra.field } : {}),
    ...(extra.errors?.length ? { errors: extra.errors } : {}),
  };
  return reply.status(status).type('application/problem+json; charset=utf-8').send(body);
}

export interface AjvError {
  keyword: string;
  instancePath: string;
  message?: string;
  params: Record<string, unknown>;
}

/** "/idNumber" → "idNumber", "/items/0/name" → "items.0.name"; names the extra field for unknown ones. */
export function fieldErrors(validation: AjvError[], context: string | undefined): FieldError[] {
  return validation.map((error) => {
    let path = error.instancePath.replace(/^\//, '').replace(/\//g, '.');
    let code = error.keyword;
    if (error.keyword === 'required') path = [path, String(error.params.missingProperty)].filter(Boolean).join('.');
    if (error.keyword === 'additionalProperties') {
      path = [path, String(error.params.additionalProperty)].filter(Boolean).join('.');
      code = 'unknown_field';
    }
    // Body fields are named bare ("idNumber"); others by their part ("query.limit", "params.id").
    const part = context === 'querystring' ? 'query' : context;
    const prefix = part && part !== 'body' ? `${part}.` : '';
    return { field: prefix + (path || part || ''), code, message: error.message ?? 'is invalid' };
  });
}

/** Fastify's own errors for a request it could not take, as our codes. */
const fastifyErrors: Record<string, { code: ErrorCode; detail: string; field?: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'invalid_json', detail: 'The body is not valid JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'invalid_json', detail: 'The body is not valid JSON' },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'payload_too_large', detail: 'The body is larger than this endpoint accepts' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'unsupported_media_type', detail: 'This content type is not accepted here' },
  FST_INVALID_MULTIPART_CONTENT_TYPE: { code: 'unsupported_media_type', detail: 'This content type is not accepted here' },
  FST_REQ_FILE_TOO_LARGE: { code: 'payload_too_large', detail: 'The file is larger than 50 MB', field: 'file' },
  FST_FILES_LIMIT: { code: 'validation_failed', detail: 'Send one file and at most one metadata field', field: 'file' },
  FST_FIELDS_LIMIT: { code: 'validation_failed', detail: 'Send one file and at most one metadata field', field: 'file' },
  FST_PARTS_LIMIT: { code: 'validation_failed', detail: 'Send one file and at most one metadata field', field: 'file' },
};

/**
 * PostgreSQL out of reach (restarting, down, the network between us dropped): a passing outage,
 * not our fault, so 503 with Retry-After, and the phone's queue sends its check-ins again.
 * Known by the driver's and the server's codes (class 08 connection exceptions, 57P01–57P03
 * shutting down or starting up), or by pg's own messages, which carry no code; drizzle wraps
 * them as the cause of its "Failed query" error.
 */
const unreachable = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', '57P01', '57P02', '57P03']);
const unreachableMessages = [/^Connection terminated/, /timeout exceeded when trying to connect/, /not queryable/, /^Client was closed/];

function isDatabaseUnreachable(error: unknown): boolean {
  for (let cause = error, depth = 0; cause instanceof Error && depth < 5; cause = cause.cause, depth += 1) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string' && (unreachable.has(code) || code.startsWith('08'))) return true;
    if (unreachableMessages.some((pattern) => pattern.test(cause.message))) return true;
  }
  return false;
}

/** Seconds a client is asked to wait before trying again while the database is out of reach. */
const DATABASE_RETRY_AFTER_S = 5;

/**
 * What busboy (under @fastify/multipart) throws for a body that is not the multipart it
 * claims to be; it gives its errors no code, so they are known by their text.
 */
const malformedMultipart = [/unexpected end of (multipart data|form)/i, /boundary not found/i, /malformed part header/i];

/**
 * Fastify's answers for a URL it cannot route (a percent-escape that is not UTF-8, a path
 * parameter past the router's length limit): ours instead of Fastify's own JSON. Passed to
 * Fastify as `frameworkErrors` (app.ts), since these errors never reach the error handler.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error.code === 'FST_ERR_BAD_URL' || error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    return sendProblem(reply, request, 'validation_failed', 'A path parameter is not valid text or is too long', { field: 'params' });
  }
  request.log.error({ err: error }, 'unhandled framework error');
  return sendProblem(reply, request, 'internal_error', 'Something went wrong on the server');
}

/** Every error leaves as application/problem+json (RFC 9457) with a stable code. */
export default fp(async (app) => {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      // Ours to mend (a stored file gone): the operator needs the line.
      if (error.status === 500) request.log.error({ err: error }, error.message);
      if (error.headers) reply.headers(error.headers);
      return sendProblem(reply, request, error.code, error.message, { field: error.field, errors: error.errors, extensions: error.extensions });
    }
    if (error.validation) {
      const errors = fieldErrors(error.validation as AjvError[], error.validationContext);
      return sendProblem(reply, request, 'validation_failed', 'The request has invalid fields', { field: errors[0]?.field, errors });
    }
    // Drizzle wraps driver errors; a unique constraint caught what a service's own check raced past.
    if ((error.cause as { code?: string } | undefined)?.code === '23505') {
      return sendProblem(reply, request, 'conflict', 'This conflicts with an existing record');
    }
    if (request.isMultipart() && malformedMultipart.some((pattern) => pattern.test(error.message))) {
      return sendProblem(reply, request, 'validation_failed', 'The body is not well-formed multipart data', { field: 'file' });
    }
    const known = fastifyErrors[error.code];
    if (known) return sendProblem(reply, request, known.code, known.detail, { field: known.field });
    if (error.statusCode === 429) return sendProblem(reply, request, 'rate_limited', 'Too many requests, try again later');
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return sendProblem(reply, request, 'validation_failed', error.message);
    }
    if (isDatabaseUnreachable(error)) {
      request.log.warn({ err: error }, 'database unreachable');
      reply.header('retry-after', String(DATABASE_RETRY_AFTER_S));
      return sendProblem(reply, request, 'database_unavailable', 'The database cannot be reached right now; try again shortly');
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(reply, request, 'internal_error', 'Something went wrong on the server');
  });
});
