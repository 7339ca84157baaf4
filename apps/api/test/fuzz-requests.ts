import fc from 'fast-check';
import type { JsonSchema, Operation } from './openapi-operations.ts';

/** One generated request, before it is signed. */
export interface FuzzRequest {
  method: string;
  url: string;
  /** A JSON value, or raw text sent as-is (broken JSON). */
  payload?: unknown;
  raw?: string;
  contentType?: string;
  /** Breaks the body's own schema: the api must refuse it (4xx) and change nothing. */
  invalid: boolean;
}

/** Text that has broken servers before: empty, huge, marks, bidi controls, lone surrogates, Tibetan, NUL, injection. */
export const hostileStrings = [
  '',
  ' ',
  'x'.repeat(10_000),
  'e\u0301\u0302\u0303'.repeat(200),
  '\u202Eevil\u202C',
  '\u200F\u200E\u200B\uFEFF',
  '\uD800',
  '\uDFFFx\uD83D',
  'བཀྲ་ཤིས་བདེ་ལེགས།',
  'ཚེ་རིང་ལྷ་མོ',
  '泽仁拉姆\u0000',
  '\u0000',
  'a\u0007\u001b[31m',
  '🧑‍🌾👨‍👩‍👧‍👦',
  "'; DROP TABLE farmers; --",
  '%00%2e%2e%2f',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  '鄉(xiāng),,',
  '1e999',
  '-0',
  'null',
] as const;

/** Numbers at and past every limit a schema can name. */
export const hostileNumbers = [0, -1, 1, -0, 0.5, 2 ** 31, -(2 ** 31) - 1, 2 ** 53, Number.MAX_SAFE_INTEGER + 2, 1e308, -1e308, 1e-300] as const;

/** Path ids and cursors as an attacker would send them (encoded into the path or query). */
export const hostileIds = [
  'not-a-uuid',
  '00000000-0000-0000-0000-000000000000',
  'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF',
  '..',
  '%2e%2e%2f',
  ' ',
  '1 OR 1=1',
  'z'.repeat(2_000),
  Buffer.from('{"after":"x","id":1}').toString('base64url'),
  Buffer.from('\u0000\uffff').toString('base64'),
  'eyJ9',
  '😀',
  'ཀ',
] as const;

const typesOf = (schema: JsonSchema): string[] => {
  if (schema.anyOf) return schema.anyOf.flatMap(typesOf);
  if (schema.enum) return [...new Set(schema.enum.map((value) => (value === null ? 'null' : typeof value)))];
  if ('const' in schema) return [typeof schema.const];
  return Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type === 'integer' ? 'number' : schema.type] : [];
};

/** A value the schema accepts, as plain as possible (the base a mutation starts from). */
export function sampleValid(schema: JsonSchema): fc.Arbitrary<unknown> {
  if (schema.anyOf) return sampleValid(schema.anyOf.find((option) => option.type !== 'null') ?? schema.anyOf[0]!);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if ('const' in schema) return fc.constant(schema.const);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'object': {
      const properties = schema.properties ?? {};
      const required = new Set(schema.required ?? []);
      const shape = Object.fromEntries(Object.entries(properties).map(([name, property]) => [name, sampleValid(property)]));
      return fc.record(shape, { requiredKeys: [...required].filter((name) => name in shape) });
    }
    case 'array': {
      const minItems = Number(schema.minItems ?? 0);
      return fc.array(schema.items ? sampleValid(schema.items) : fc.constant(null), { minLength: minItems, maxLength: Math.max(minItems, Math.min(3, Number(schema.maxItems ?? 3))) });
    }
    case 'integer':
      return fc.integer({ min: Number(schema.minimum ?? 0), max: Number(schema.maximum ?? (schema.minimum !== undefined ? Number(schema.minimum) + 100 : 100)) });
    case 'number':
      return fc.double({ min: Number(schema.minimum ?? 0), max: Number(schema.maximum ?? 100), noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'string':
      return sampleString(schema);
    case 'null':
      return fc.constant(null);
    default:
      return fc.constant({});
  }
}

function sampleString(schema: JsonSchema): fc.Arbitrary<string> {
  switch (schema.format) {
    case 'uuid':
      return fc.uuid();
    case 'date':
      return fc.constantFrom('2026-11-02', '2031-03-04', '1970-01-01');
    case 'date-time':
      return fc.constantFrom('2031-03-04T01:00:00.000Z', '2026-11-02T08:30:00+08:00');
  }
  if (typeof schema.pattern === 'string') {
    const maxLength = Number(schema.maxLength ?? 200);
    return fc.stringMatching(new RegExp(schema.pattern)).filter((text) => text.length >= Number(schema.minLength ?? 0) && text.length <= maxLength);
  }
  return fc.string({ minLength: Number(schema.minLength ?? 0), maxLength: Math.min(Number(schema.maxLength ?? 20), 20) });
}

/** A value of a type the schema does not allow. */
function wrongType(schema: JsonSchema): fc.Arbitrary<unknown> {
  const allowed = new Set(typesOf(schema));
  const candidates: unknown[] = [42, -1.5, 'text', true, null, [], {}, [1, 'a'], { nested: { deeper: [] } }];
  const wrong = candidates.filter((value) => !allowed.has(value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value));
  return fc.constantFrom(...(wrong.length ? wrong : [Symbol.for('unsendable')]));
}

/** A value of the right type just past a limit the schema sets, or null when it sets none. */
function pastLimit(schema: JsonSchema): unknown[] {
  const out: unknown[] = [];
  if (typeof schema.maxLength === 'number') out.push('字'.repeat(schema.maxLength + 1));
  if (typeof schema.minLength === 'number' && schema.minLength > 0) out.push('');
  if (typeof schema.maximum === 'number') out.push(schema.maximum + 1, 1e308);
  if (typeof schema.minimum === 'number') out.push(schema.minimum - 1, -1e308);
  if (typeof schema.maxItems === 'number') out.push(Array.from({ length: schema.maxItems + 1 }, () => null));
  if (schema.enum) out.push('not-in-the-list');
  if (schema.format === 'uuid') out.push('not-a-uuid');
  if (schema.format === 'date') out.push('2026-02-30', '2026-13-01');
  return out;
}

/** The properties a path names inside a schema, one level deep (where most limits live). */
const fieldsOf = (schema: JsonSchema): [string, JsonSchema][] => Object.entries(schema.properties ?? {});

/** A body the schema refuses: one field wrong, a required one gone, an unknown one added, or not an object at all. */
function invalidBody(schema: JsonSchema): fc.Arbitrary<{ payload?: unknown; raw?: string; contentType?: string }> {
  const base = sampleValid(schema) as fc.Arbitrary<Record<string, unknown>>;
  const fields = fieldsOf(schema);
  const options: fc.Arbitrary<{ payload?: unknown; raw?: string; contentType?: string }>[] = [
    fc.constantFrom(null, 'text', 7, [], [{}], true).map((payload) => ({ payload })),
    fc.constantFrom('{', '{"a":', '[1,]', '\u0000', '{"__proto__":{"polluted":1}}', '{"a":1}{"b":2}').map((raw) => ({ raw })),
    fc.constantFrom('text/plain', 'application/xml', 'application/x-www-form-urlencoded').map((contentType) => ({ raw: 'a=1', contentType })),
  ];
  if (schema.additionalProperties === false) options.push(base.map((body) => ({ payload: { ...body, unknownField: 'x' } })));
  const required = schema.required ?? [];
  if (required.length) options.push(fc.tuple(base, fc.constantFrom(...required)).map(([body, name]) => ({ payload: Object.fromEntries(Object.entries(body).filter(([key]) => key !== name)) })));
  const typed = fields.filter(([, property]) => !(wrongTypeImpossible(property)));
  if (typed.length) options.push(fc.tuple(base, fc.constantFrom(...typed)).chain(([body, [name, property]]) => wrongType(property).map((value) => ({ payload: { ...body, [name]: value } }))));
  const limited = fields.flatMap(([name, property]) => pastLimit(property).map((value) => [name, value] as const));
  if (limited.length) options.push(fc.tuple(base, fc.constantFrom(...limited)).map(([body, [name, value]]) => ({ payload: { ...body, [name]: value } })));
  return fc.oneof(...options);
}

const wrongTypeImpossible = (schema: JsonSchema) => Object.keys(schema).length === 0;

/** A body of the right shape whose text fields carry hostile but well-typed strings and numbers: may be accepted. */
function hostileBody(schema: JsonSchema): fc.Arbitrary<unknown> {
  const base = sampleValid(schema) as fc.Arbitrary<Record<string, unknown>>;
  const strings = fieldsOf(schema).filter(([, property]) => typesOf(property).includes('string')).map(([name]) => name);
  const numbers = fieldsOf(schema).filter(([, property]) => typesOf(property).includes('number')).map(([name]) => name);
  const options: fc.Arbitrary<unknown>[] = [];
  if (strings.length) options.push(fc.tuple(base, fc.constantFrom(...strings), fc.constantFrom(...hostileStrings)).map(([body, name, text]) => ({ ...body, [name]: text })));
  if (numbers.length) options.push(fc.tuple(base, fc.constantFrom(...numbers), fc.constantFrom(...hostileNumbers)).map(([body, name, n]) => ({ ...body, [name]: n })));
  return options.length ? fc.oneof(...options) : base;
}

const anyHostile = fc.oneof(fc.constantFrom<string>(...hostileStrings), fc.constantFrom<string>(...hostileIds), fc.constantFrom(...hostileNumbers).map(String));

/** A query string: each documented parameter left out, plain, hostile, repeated; sometimes an unknown one. */
function queryString(operation: Operation): fc.Arbitrary<string> {
  const params = operation.parameters.filter((parameter) => parameter.in === 'query');
  const value = (schema: JsonSchema) => fc.oneof(sampleValid(schema).map(String), anyHostile, fc.constantFrom(...pastLimit(schema).map(String), ''));
  const pairs = params.map((parameter) =>
    fc.option(fc.oneof(value(parameter.schema).map((v) => [[parameter.name, v]]), fc.tuple(value(parameter.schema), anyHostile).map(([a, b]) => [[parameter.name, a], [parameter.name, b]])), { nil: undefined }),
  );
  return fc.tuple(fc.tuple(...pairs), fc.option(anyHostile.map((v) => [['unknownParam', v]]), { nil: undefined })).map(([chosen, extra]) => {
    const search = new URLSearchParams();
    for (const group of [...chosen, extra]) for (const [name, v] of group ?? []) search.append(name!, v!);
    const text = search.toString();
    return text ? `?${text}` : '';
  });
}

/** Percent-encoded; a lone surrogate has no UTF-8, so it goes as the bytes a broken client sends (invalid UTF-8). */
function encodeSegment(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return '%ED%A0%80';
  }
}

/** The path with each parameter a plausible id or a hostile one, percent-encoded as a client would. */
function pathOf(operation: Operation, ids: readonly string[]): fc.Arbitrary<string> {
  const names = [...operation.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);
  if (!names.length) return fc.constant(operation.path);
  const segment = fc.oneof(fc.constantFrom(...ids), fc.uuid(), anyHostile).map((text) => encodeSegment(text) || '%20');
  return fc.tuple(...names.map(() => segment)).map((values) => {
    let index = 0;
    return operation.path.replace(/\{(\w+)\}/g, () => values[index++]!);
  });
}

/**
 * Requests for one operation, from its own schemas: a bad body (refused by construction),
 * a hostile but well-typed body (may pass), or junk in the query and path. `ids` are real
 * rows, so some requests get past the lookup and reach the service.
 */
export function requestsFor(operation: Operation, ids: readonly string[]): fc.Arbitrary<FuzzRequest> {
  const url = fc.tuple(pathOf(operation, ids), queryString(operation)).map(([path, query]) => path + query);
  const options: fc.Arbitrary<FuzzRequest>[] = [url.map((u) => ({ method: operation.method, url: u, invalid: false }))];
  if (operation.body) {
    const body = operation.body;
    options.push(fc.tuple(url, invalidBody(body)).map(([u, sent]) => ({ method: operation.method, url: u, ...sent, invalid: true })));
    options.push(fc.tuple(url, hostileBody(body)).map(([u, payload]) => ({ method: operation.method, url: u, payload, invalid: false })));
  } else if (operation.method !== 'GET') {
    // An upload or a body-less action: junk bodies of every kind the api might try to parse.
    options.push(fc.tuple(url, fc.constantFrom('text/plain', 'application/json', 'multipart/form-data; boundary=x', 'application/octet-stream'), fc.constantFrom<string>(...hostileStrings)).map(([u, contentType, raw]) => ({ method: operation.method, url: u, raw: raw.slice(0, 2_000), contentType, invalid: false })));
  }
  return fc.oneof(...options);
}
