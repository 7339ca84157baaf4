import { describe, expect, it } from 'vitest';
import { MAX_QUERY_CHARS, normalizeQuery } from './search.ts';

describe('normalizeQuery', () => {
  it('normalises like the index', () => {
    expect(normalizeQuery(' 醫療保險(yī liáo),,報銷 ')).toBe('医疗保险,报销');
  });

  it('caps the length', () => {
    expect(Array.from(normalizeQuery('医保'.repeat(1000)))).toHaveLength(MAX_QUERY_CHARS);
  });

  it('gives an empty query for punctuation and emoji only', () => {
    expect(normalizeQuery('。。！！🙂🐮')).toBe('');
    expect(normalizeQuery(undefined)).toBe('');
  });
});
