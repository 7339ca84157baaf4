import fp from 'fastify-plugin';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorCode, FieldError, Problem } from '@fieldschool/contracts';
import { AppError } from '../errors.ts';

const titles: Partial<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  423: 'Locked',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function sendProblem(
  reply: FastifyReply,
  request: FastifyRequest,
  status: number,
  code: ErrorCode,
  detail: string,
  extra: { field?: string; errors?: FieldError[]; extensions?: Record<string, unknown> } = {},
) {
  const body: Problem = {
    ...extra.extensions,
    type: `https://fieldschool.local/problems/${code}`,
    title: titles[status] ?? 'Error',
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

/** Every error leaves as application/problem+json (RFC 9457) with a stable code. */
export default fp(async (app) => {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      if (error.headers) reply.headers(error.headers);
      return sendProblem(reply, request, error.status, error.code, error.message, { field: error.field, errors: error.errors, extensions: error.extensions });
    }
    if (error.validation) {
      const errors = fieldErrors(error.validation as AjvError[], error.validationContext);
      return sendProblem(reply, request, 400, 'validation_failed', 'The request has invalid fields', { field: errors[0]?.field, errors });
    }
    // Drizzle wraps driver errors; a unique constraint caught what a service's own check raced past.
    if ((error.cause as { code?: string } | undefined)?.code === '23505') {
      return sendProblem(reply, request, 409, 'conflict', 'This conflicts with an existing record');
    }
    switch (error.code) {
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return sendProblem(reply, request, 400, 'invalid_json', 'The body is not valid JSON');
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return sendProblem(reply, request, 413, 'payload_too_large', 'The body is larger than this endpoint accepts');
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
        return sendProblem(reply, request, 415, 'unsupported_media_type', 'This content type is not accepted here');
      case 'FST_REQ_FILE_TOO_LARGE':
        return sendProblem(reply, request, 413, 'payload_too_large', 'The file is larger than 50 MB', { field: 'file' });
      case 'FST_FILES_LIMIT':
      case 'FST_FIELDS_LIMIT':
      case 'FST_PARTS_LIMIT':
        return sendProblem(reply, request, 400, 'validation_failed', 'Send one file and at most one metadata field', { field: 'file' });

    }
    if (error.statusCode === 429) {
      return sendProblem(reply, request, 429, 'rate_limited', 'Too many requests, try again later');
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return sendProblem(reply, request, error.statusCode, 'validation_failed', error.message);
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(reply, request, 500, 'internal_error', 'Something went wrong on the server');
  });
});
