// The search package imports no contracts (DESIGN §3), so it spells these lists itself;
// apps/api/src/services/search.test.ts holds them equal to contracts/constants.ts.
export const TOPICS = ['healthcare', 'poverty_relief', 'agri_tech', 'law', 'party_building', 'other'] as const;
export type Topic = (typeof TOPICS)[number];
export const VALIDITIES = ['valid', 'revised', 'repealed'] as const;
export type Validity = (typeof VALIDITIES)[number];

export interface SearchFilters {
  topics?: readonly string[];
  issuingBody?: readonly string[];
  validity?: readonly string[];
  region?: readonly string[];
  yearFrom?: number;
  yearTo?: number;
  /** Only published (true) or only unpublished (false) documents; both when absent. */
  published?: boolean;
}

/** A filter value the index cannot hold: the caller's fault (the api answers 400). */
export class FilterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FilterError';
  }
}

const MAX_VALUES = 50;
const MAX_VALUE_LENGTH = 200;

/** Quotes a value for a Meilisearch filter expression, escaping backslash and double quote. */
export function filterValue(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function oneOf(attribute: string, values: readonly string[] | undefined, allowed?: readonly string[]): string | undefined {
  if (!values || values.length === 0) return undefined;
  if (values.length > MAX_VALUES) throw new FilterError(`too many values for ${attribute}`);
  for (const value of values) {
    if (typeof value !== 'string' || value.length === 0 || value.length > MAX_VALUE_LENGTH) {
      throw new FilterError(`invalid value for ${attribute}`);
    }
    if (allowed && !allowed.includes(value)) throw new FilterError(`unknown ${attribute}: ${value}`);
  }
  return `${attribute} IN [${values.map(filterValue).join(', ')}]`;
}

function year(name: string, value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 1949 || value > 2100) throw new FilterError(`invalid ${name}`);
  return value;
}

/**
 * Builds a Meilisearch filter from known attributes only; every value is checked or
 * quoted, never pasted in raw. Returns undefined when nothing is filtered.
 */
export function buildFilter(filters: SearchFilters = {}): string | undefined {
  const from = year('yearFrom', filters.yearFrom);
  const to = year('yearTo', filters.yearTo);
  if (from !== undefined && to !== undefined && from > to) throw new FilterError('yearFrom is after yearTo');
  const clauses = [
    oneOf('topics', filters.topics, TOPICS),
    oneOf('issuing_body', filters.issuingBody),
    oneOf('validity', filters.validity, VALIDITIES),
    oneOf('region', filters.region),
    from !== undefined ? `year >= ${from}` : undefined,
    to !== undefined ? `year <= ${to}` : undefined,
    filters.published === undefined ? undefined : `published = ${filters.published ? 'true' : 'false'}`,
  ].filter((c): c is string => c !== undefined);
  return clauses.length > 0 ? clauses.map((c) => `(${c})`).join(' AND ') : undefined;
}
