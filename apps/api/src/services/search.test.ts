import { describe, expect, it } from 'vitest';
import { documentTopics, searchSorts, validities } from '@fieldschool/contracts/constants';
import { SORTS, TOPICS, VALIDITIES } from '@fieldschool/search';
import { librarySearchRequest } from './search.ts';

describe('the search package', () => {
  // It may not import contracts (DESIGN §3), so it keeps its own lists: they must not drift.
  it('knows the topics, validities and sorts of the contracts, in their order', () => {
    expect(TOPICS).toEqual(documentTopics);
    expect(VALIDITIES).toEqual(validities);
    expect(SORTS).toEqual(searchSorts);
  });
});

describe('librarySearchRequest', () => {
  it('passes the filters on, with the contract defaults', () => {
    const request = librarySearchRequest({ role: 'admin' }, { q: '医保', topic: ['healthcare'], validity: ['valid'], region: ['白玉县'], yearFrom: 2020 });
    expect(request).toEqual({
      q: '医保',
      filters: { topics: ['healthcare'], issuingBody: undefined, validity: ['valid'], region: ['白玉县'], yearFrom: 2020, yearTo: undefined },
      sort: 'relevance',
      page: 1,
      hitsPerPage: 10,
    });
  });

  it('shows only published documents to anyone but an admin', () => {
    expect(librarySearchRequest({ role: 'secretary' }, {}).filters?.published).toBe(true);
    expect(librarySearchRequest({ role: 'trainer' }, { sort: 'newest' }).filters?.published).toBe(true);
    expect(librarySearchRequest({ role: 'admin' }, {}).filters).not.toHaveProperty('published');
  });
});
