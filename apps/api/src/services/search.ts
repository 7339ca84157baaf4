import type { FastifyBaseLogger } from 'fastify';
import type { DocumentTopic, SearchQuery, SearchResult as SearchResultDto, Suggestions, Validity } from '@fieldschool/contracts';
import {
  FilterError,
  isEngineUnreachable,
  searchPassages,
  suggestTitles,
  type SearchFilters,
  type SearchRequest,
  type SearchResult,
} from '@fieldschool/search';
import { AppError } from '../errors.ts';
import type { SearchEngine } from '../plugins/search.ts';
import type { Principal } from './principal.ts';

/** Who searches: what they may find depends on their role only. */
export type Searcher = Pick<Principal, 'role'>;

/** Non-admins search published documents only: the filter is ours, not the caller's. */
const publishedFor = (searcher: Searcher): Pick<SearchFilters, 'published'> => (searcher.role === 'admin' ? {} : { published: true });

/** The search an api query asks for, in the search package's terms (the defaults are the contract's). */
export function librarySearchRequest(searcher: Searcher, query: SearchQuery): SearchRequest {
  return {
    q: query.q,
    filters: {
      topics: query.topic,
      issuingBody: query.issuingBody,
      validity: query.validity,
      region: query.region,
      yearFrom: query.yearFrom,
      yearTo: query.yearTo,
      ...publishedFor(searcher),
    },
    sort: query.sort ?? 'relevance',
    page: query.page ?? 1,
    hitsPerPage: query.pageSize ?? 10,
  };
}

/** The search package's result as the contract shows it. */
export function toSearchResultDto(result: SearchResult): SearchResultDto {
  return {
    hits: result.hits.map((hit) => ({
      documentId: hit.documentId,
      title: hit.title,
      titleHighlighted: hit.titleHighlighted,
      snippet: hit.snippet,
      heading: hit.heading,
      docNumber: hit.docNumber,
      issuingBody: hit.issuingBody ?? '',
      issuedOn: hit.issuedOn,
      validity: hit.validity,
      topics: hit.topics as DocumentTopic[],
      region: hit.region ?? '',
      tags: hit.tags,
      published: hit.published,
    })),
    total: result.total,
    page: result.page,
    pageSize: result.hitsPerPage,
    totalPages: result.totalPages,
    facets: {
      topic: result.facets.topics ?? {},
      issuingBody: result.facets.issuing_body ?? {},
      validity: (result.facets.validity ?? {}) as Record<Validity, number>,
      region: result.facets.region ?? {},
      year: result.facets.year ?? {},
    },
    normalizedQuery: result.query,
    processingTimeMs: result.processingTimeMs,
  };
}

export type SearchLog = Pick<FastifyBaseLogger, 'warn'>;

/**
 * A bad filter is the caller's 400. Meilisearch unreachable (refused, timed out, 5xx)
 * is a 503 the page can explain, its cause logged. Anything else is our bug: it goes
 * on to the error handler, which logs it and answers 500.
 */
async function callSearch<T>(log: SearchLog, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof FilterError) throw new AppError('query_invalid', error.message, { field: 'query' });
    if (!isEngineUnreachable(error)) throw error;
    log.warn({ err: error }, 'search engine unreachable');
    throw new AppError('search_unavailable', 'The search engine is not reachable right now; documents are safe and will be searchable again when it is back');
  }
}

/** The policy library search: GET /search, and the search benchmark's in-process path. */
export async function searchLibrary(engine: SearchEngine, searcher: Searcher, query: SearchQuery, log: SearchLog): Promise<SearchResultDto> {
  const result = await callSearch(log, () => searchPassages(engine.client, engine.indexUid, librarySearchRequest(searcher, query)));
  return toSearchResultDto(result);
}

/** Document titles as the user types. */
export async function suggestLibraryTitles(engine: SearchEngine, searcher: Searcher, q: string, log: SearchLog): Promise<Suggestions> {
  const items = await callSearch(log, () => suggestTitles(engine.client, engine.indexUid, q, { filters: publishedFor(searcher) }));
  return { items };
}
