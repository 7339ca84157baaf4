import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { SearchQuery, SearchResult, SuggestQuery, Suggestions } from '@fieldschool/contracts';
import { searchLibrary, suggestLibraryTitles } from '../services/search.ts';
import { problemResponses } from './responses.ts';

const tags = ['search'];

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
    async (request) => searchLibrary(app.searchEngine, request.principal!, request.query, request.log),
  );
  app.get(
    '/search/suggest',
    { schema: { tags, summary: 'Document titles as you type', querystring: SuggestQuery, response: { 200: Suggestions, ...problemResponses } } },
    async (request) => suggestLibraryTitles(app.searchEngine, request.principal!, request.query.q, request.log),
  );
};

export default searchRoutes;
