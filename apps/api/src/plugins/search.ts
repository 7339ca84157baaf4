import fp from 'fastify-plugin';
import type { Meilisearch } from 'meilisearch';

export interface SearchEngine {
  client: Meilisearch;
  /** Uid of the live passages index (tests use one per file). */
  indexUid: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    searchEngine: SearchEngine;
  }
}

export default fp<{ search: SearchEngine }>(async (app, { search }) => {
  app.decorate('searchEngine', search);
});
