import { MeilisearchApiError, type Hit, type Meilisearch, type MultiSearchResult, type SearchParams } from 'meilisearch';
import { buildFilter, type SearchFilters } from './filter.ts';
import { CROP_MARKER, highlightOriginal, MARK_END, MARK_START } from './highlight.ts';
import type { PassageDocument, PolicyDocumentInput } from './indexer.ts';
import { hasSearchableText, normalizeText } from './normalize.ts';
import { FACET_ATTRIBUTES, TITLE_ATTRIBUTES } from './settings.ts';

export type FacetName = (typeof FACET_ATTRIBUTES)[number];

/** By relevance, or newest first (see filter.ts for why this list is spelled here). */
export const SORTS = ['relevance', 'newest'] as const;
export type Sort = (typeof SORTS)[number];

export interface SearchRequest {
  q?: string;
  filters?: SearchFilters;
  sort?: Sort;
  /** 1-based. */
  page?: number;
  hitsPerPage?: number;
  /** Facets to count; all of them when absent. */
  facets?: readonly FacetName[];
}

/** One document found: its metadata as indexed, and where and how it matched. */
export interface SearchHit extends Omit<PolicyDocumentInput, 'id' | 'text'> {
  documentId: string;
  /** The passage that matched best (its position in the document). */
  passageIndex: number;
  heading: string | null;
  /** HTML: the title as written, escaped, with <mark> around matched words. */
  titleHighlighted: string;
  /** HTML: a cut of the matching passage as written (line breaks kept), escaped, with <mark> around matches. */
  snippet: string;
}

export interface SearchResult {
  /** The query as searched, after normalisation ('' for a browse). */
  query: string;
  hits: SearchHit[];
  total: number;
  page: number;
  hitsPerPage: number;
  totalPages: number;
  facets: Partial<Record<FacetName, Record<string, number>>>;
  processingTimeMs: number;
}

export interface TitleSuggestion {
  documentId: string;
  title: string;
  titleHighlighted: string;
  docNumber: string | null;
}

export const MAX_QUERY_CHARS = 200;
const MAX_HITS_PER_PAGE = 100;

/** Normalises a query as text is normalised at index time, capped in length; '' when nothing is left to search. */
export function normalizeQuery(q: string | undefined): string {
  // Cut before and after normalising: the first bounds the work, the second the query.
  const normalised = normalizeText(Array.from(q ?? '').slice(0, MAX_QUERY_CHARS * 4).join(''));
  if (!hasSearchableText(normalised)) return '';
  return Array.from(normalised).slice(0, MAX_QUERY_CHARS).join('').trim();
}

const markedTitle = (doc: Hit<Pick<PassageDocument, 'title' | 'title_norm'>>) =>
  highlightOriginal(doc.title, doc.title_norm, doc._formatted?.title_norm ?? doc.title_norm);

function toHit(doc: Hit<PassageDocument>): SearchHit {
  return {
    documentId: doc.document_id,
    passageIndex: doc.passage_index,
    heading: doc.heading,
    title: doc.title,
    titleHighlighted: markedTitle(doc),
    snippet: highlightOriginal(doc.text, doc.text_norm, doc._formatted?.text_norm ?? ''),
    docNumber: doc.doc_number,
    issuingBody: doc.issuing_body,
    issuedOn: doc.issued_on,
    validity: doc.validity,
    topics: doc.topics,
    region: doc.region,
    tags: doc.tags,
    summary: doc.summary,
    published: doc.published,
  };
}

const RETRIEVED: (keyof PassageDocument)[] = [
  'document_id', 'passage_index', 'heading', 'title', 'title_norm', 'text', 'text_norm', 'doc_number', 'issuing_body',
  'issued_on', 'validity', 'topics', 'region', 'tags', 'summary', 'published',
];

/**
 * Searches the passages index; each document appears once (distinct), with the
 * snippet of its best passage. Meilisearch crops and highlights the normalised fields,
 * the ones that were matched, so a simplified query marks the words of a traditional
 * document too; the snippet and title are then shown as written (see highlightOriginal).
 */
export async function searchPassages(client: Meilisearch, indexUid: string, request: SearchRequest = {}): Promise<SearchResult> {
  const query = normalizeQuery(request.q);
  const page = Math.max(1, Math.floor(request.page ?? 1));
  const hitsPerPage = Math.min(MAX_HITS_PER_PAGE, Math.max(1, Math.floor(request.hitsPerPage ?? 20)));
  const filters = request.filters ?? {};
  const facets = [...(request.facets ?? FACET_ATTRIBUTES)];
  // Newest first lists only documents that match the whole query, in date order; by
  // relevance, the most common words of a long query are the first to become optional.
  const ordering = request.sort === 'newest' ? { sort: ['issued_at:desc'], matchingStrategy: 'all' as const } : { matchingStrategy: 'frequency' as const };
  const main = {
    indexUid,
    q: query,
    page,
    hitsPerPage,
    facets,
    attributesToRetrieve: RETRIEVED,
    attributesToHighlight: ['title_norm', 'text_norm'],
    attributesToCrop: ['text_norm'],
    cropLength: 40,
    cropMarker: CROP_MARKER,
    highlightPreTag: MARK_START,
    highlightPostTag: MARK_END,
    ...withFilter(buildFilter(filters)),
    ...ordering,
  } satisfies SearchParams & { indexUid: string };
  // A facet that is filtered on is counted without its own filter, so the values not
  // ticked yet still show how many documents ticking them would add.
  const filteredFacets = facets.filter((facet) => ownFilter[facet](filters));
  const facetQueries = filteredFacets.map((facet) => ({
    indexUid,
    q: query,
    page: 1,
    hitsPerPage: 0,
    facets: [facet],
    ...withFilter(buildFilter({ ...filters, ...clearOwnFilter[facet] })),
    ...ordering,
  }));
  const { results } = await client.multiSearch({ queries: [main, ...facetQueries] });
  const [response, ...facetResponses] = results as unknown as [MultiSearchResult<PassageDocument>, ...MultiSearchResult<PassageDocument>[]];
  const facetDistribution: SearchResult['facets'] = { ...(response.facetDistribution ?? {}) };
  filteredFacets.forEach((facet, i) => {
    facetDistribution[facet] = facetResponses[i]?.facetDistribution?.[facet] ?? {};
  });
  return {
    query,
    hits: response.hits.map(toHit),
    total: response.totalHits ?? 0,
    page,
    hitsPerPage,
    totalPages: response.totalPages ?? 0,
    facets: facetDistribution,
    processingTimeMs: response.processingTimeMs,
  };
}

const withFilter = (filter: string | undefined) => (filter ? { filter } : {});

/** Whether a facet has a filter of its own in the request. */
const ownFilter: Record<FacetName, (filters: SearchFilters) => boolean> = {
  topics: (f) => Boolean(f.topics?.length),
  issuing_body: (f) => Boolean(f.issuingBody?.length),
  validity: (f) => Boolean(f.validity?.length),
  region: (f) => Boolean(f.region?.length),
  year: (f) => f.yearFrom !== undefined || f.yearTo !== undefined,
};

/** The filter fields to drop to count a facet without its own filter. */
const clearOwnFilter: Record<FacetName, Partial<SearchFilters>> = {
  topics: { topics: undefined },
  issuing_body: { issuingBody: undefined },
  validity: { validity: undefined },
  region: { region: undefined },
  year: { yearFrom: undefined, yearTo: undefined },
};

/**
 * Title suggestions as the user types: the same index, searched on the title fields
 * only (title, its pinyin and initials, 文号), one row per document. A separate titles
 * index would need keeping in step for no gain at this size.
 */
export async function suggestTitles(
  client: Meilisearch,
  indexUid: string,
  q: string,
  options: { limit?: number; filters?: SearchFilters } = {},
): Promise<TitleSuggestion[]> {
  const query = normalizeQuery(q);
  if (!query) return [];
  const filter = buildFilter(options.filters);
  const index = client.index<PassageDocument>(indexUid);
  const response = await index
    .search(query, {
      limit: Math.min(20, Math.max(1, options.limit ?? 8)),
      attributesToSearchOn: [...TITLE_ATTRIBUTES],
      attributesToRetrieve: ['document_id', 'title', 'title_norm', 'doc_number'],
      attributesToHighlight: ['title_norm'],
      highlightPreTag: MARK_START,
      highlightPostTag: MARK_END,
      ...(filter ? { filter } : {}),
    })
    .catch(async (error: unknown) => {
      // Meilisearch refuses to search on a field no document has yet: an empty library (a new install) suggests nothing.
      const unknownField = error instanceof MeilisearchApiError && error.cause?.code === 'invalid_search_attributes_to_search_on';
      if (unknownField && (await index.getStats()).numberOfDocuments === 0) return { hits: [] };
      throw error;
    });
  return response.hits.map((doc) => ({
    documentId: doc.document_id,
    title: doc.title,
    titleHighlighted: markedTitle(doc),
    docNumber: doc.doc_number,
  }));
}
