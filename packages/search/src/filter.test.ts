import { describe, expect, it } from 'vitest';
import { buildFilter, FilterError, filterValue } from './filter.ts';

describe('filterValue', () => {
  it('quotes and escapes backslash and double quote', () => {
    expect(filterValue('白玉县')).toBe('"白玉县"');
    expect(filterValue('a"b')).toBe('"a\\"b"');
    expect(filterValue('a\\')).toBe('"a\\\\"');
    expect(filterValue('\\" OR 1=1')).toBe('"\\\\\\" OR 1=1"');
  });
});

describe('buildFilter', () => {
  it('is undefined when nothing is filtered', () => {
    expect(buildFilter()).toBeUndefined();
    expect(buildFilter({ topics: [], region: [] })).toBeUndefined();
  });

  it('combines known attributes with AND', () => {
    expect(buildFilter({ topics: ['healthcare', 'law'], validity: ['valid'], yearFrom: 2020, yearTo: 2024, published: true })).toBe(
      '(topics IN ["healthcare", "law"]) AND (validity IN ["valid"]) AND (year >= 2020) AND (year <= 2024) AND (published = true)',
    );
  });

  it('keeps hostile free-text values inside their quotes', () => {
    const filter = buildFilter({ issuingBody: ['x" OR published = false OR "'], region: [') OR (', 'a\\'] });
    expect(filter).toBe('(issuing_body IN ["x\\" OR published = false OR \\""]) AND (region IN [") OR (", "a\\\\"])');
  });

  it('rejects values outside the known sets', () => {
    expect(() => buildFilter({ topics: ['healthcare" OR "1'] })).toThrow(FilterError);
    expect(() => buildFilter({ validity: ['VALID'] })).toThrow(FilterError);
  });

  it('rejects years that are not plausible integers, or a reversed range', () => {
    for (const yearFrom of [2020.5, Number.NaN, 1800, 3000]) expect(() => buildFilter({ yearFrom })).toThrow(FilterError);
    expect(() => buildFilter({ yearFrom: 2024, yearTo: 2020 })).toThrow(FilterError);
  });

  it('rejects empty, overlong or too many values', () => {
    expect(() => buildFilter({ region: [''] })).toThrow(FilterError);
    expect(() => buildFilter({ region: ['x'.repeat(201)] })).toThrow(FilterError);
    expect(() => buildFilter({ region: Array.from({ length: 51 }, (_, i) => `r${i}`) })).toThrow(FilterError);
  });
});
