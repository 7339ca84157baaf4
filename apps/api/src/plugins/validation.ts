import { Ajv, type Options, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';

/**
 * Two validators: bodies are checked as sent (no type coercion, unknown fields rejected,
 * nothing silently removed); query strings and params arrive as text, so they coerce.
 */
function makeAjv(options: Options): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: false, removeAdditional: false, useDefaults: true, ...options });
  addFormats.default(ajv);
  return ajv;
}

const bodyAjv = makeAjv({ coerceTypes: false });
const textAjv = makeAjv({ coerceTypes: 'array' });

/** For JSON that does not arrive as a body (a multipart form's metadata field). */
export function compileBodySchema(schema: object): ValidateFunction {
  return bodyAjv.compile(schema);
}

/**
 * Text PostgreSQL cannot store: a NUL character (text refuses it) or a lone surrogate (jsonb
 * refuses its escape). With the `u` flag a surrogate pair is one code point, so \p{Cs} finds lone ones only.
 */
const LONE_SURROGATE = /\p{Cs}/u;
const storable = (text: string) => !text.includes('\u0000') && !LONE_SURROGATE.test(text);

/** The path to the first string inside `value` that PostgreSQL cannot store ([] for `value` itself), or null. */
function pathToUnstorable(value: unknown, path: string[] = []): string[] | null {
  if (typeof value === 'string') return storable(value) ? null : path;
  if (value === null || typeof value !== 'object') return null;
  for (const [key, item] of Object.entries(value)) {
    const found = pathToUnstorable(key, path) ?? pathToUnstorable(item, [...path, key]);
    if (found) return found;
  }
  return null;
}

/**
 * No schema can say for every string at once that it must be storable text: a request
 * carrying a NUL or a lone surrogate anywhere is refused here, with the field, before it
 * reaches a query. Both answered 500 before (a lone surrogate failed at the audit log's jsonb).
 */
function refuseUnstorableText(request: FastifyRequest): void {
  const parts: [string, unknown][] = [['', request.body], ['query.', request.query], ['params.', request.params]];
  for (const [prefix, value] of parts) {
    const path = pathToUnstorable(value);
    if (!path) continue;
    const field = prefix + path.join('.') || prefix.slice(0, -1) || 'body';
    throw new AppError('validation_failed', 'Text must be well-formed Unicode without NUL characters', {
      field,
      errors: [{ field, code: 'text_unstorable', message: 'must be well-formed Unicode without NUL characters' }],
    });
  }
}

export function installValidators(app: FastifyInstance): void {
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? bodyAjv : textAjv).compile(schema));
  app.addHook('preValidation', async (request) => refuseUnstorableText(request));
}
