import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { FilterError, searchPassages, suggestTitles, type SearchFilters } from '@fieldschool/search';
import { SearchQuery, SearchResult, SuggestQuery, Suggestions, type DocumentTopic, type SearchResult as SearchResultDto, type Validity } from '@fieldschool/contracts';
import { AppError } from '../errors.ts';
import type { Principal } from '../services/principal.ts';
import { problemResponses } from './responses.ts';

const tags = ['search'];

/** Meilisearch being down is a 503 the page can explain; a bad filter is the caller's 400. */
async function callSearch<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof FilterError) throw new AppError(400, 'query_invalid', error.message, 'query');
    throw new AppError(503, 'search_unavailable', 'The search engine is not reachable right now; documents are safe and will be searchable again when it is back');
  }
}

/** Non-admins search published documents only: the filter is ours, not the caller's. */
const publishedFor = (principal: Principal) => (principal.role === 'admin' ? {} : { published: true });

const searchRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/search',
    {
      schema: {
        tags,
        summary: 'Search the policy library (simplified or traditional script, pinyin, synonyms) with facets and highlighted passages',
        querystring: SearchQuery,
        response: { 200: SearchResult, ...problemResponses },
      },
    },
    async (request): Promise<SearchResultDto> => {
      const query = request.query;
      const filters: SearchFilters = {
        topics: query.topic,
        issuingBody: query.issuingBody,
        validity: query.validity,
        region: query.region,
        yearFrom: query.yearFrom,
        yearTo: query.yearTo,
        ...publishedFor(request.principal!),
      };
      const result = await callSearch(() =>
        searchPassages(app.searchEngine.client, app.searchEngine.indexUid, {
          q: query.q,
          filters,
          sort: query.sort ?? 'relevance',
          page: query.page ?? 1,
          hitsPerPage: query.pageSize ?? 10,
        }),
      );
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
    },
  );
  app.get(
    '/search/suggest',
    { schema: { tags, summary: 'Document titles as you type', querystring: SuggestQuery, response: { 200: Suggestions, ...problemResponses } } },
    async (request) => {
      const items = await callSearch(() =>
        suggestTitles(app.searchEngine.client, app.searchEngine.indexUid, request.query.q, { filters: publishedFor(request.principal!) }),
      );
      return { items };
    },
  );
};

export default searchRoutes;
