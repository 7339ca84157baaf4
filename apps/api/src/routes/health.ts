import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sql } from 'drizzle-orm';
import { Health } from '@fieldschool/contracts';
import { outboxState } from '../services/search-outbox.ts';

const healthRoutes: FastifyPluginAsyncTypebox<{ version: string }> = async (app, { version }) => {
  app.get(
    '/api/health',
    { config: { public: true }, schema: { tags: ['health'], summary: 'State of the database, the search engine and the index outbox', response: { 200: Health, 503: Health } } },
    async (_request, reply) => {
      const database = await app.db
        .execute(sql`SELECT 1`)
        .then(() => ({ ok: true }))
        .catch((error: Error) => ({ ok: false, detail: error.message }));
      const search = await app.searchEngine.client
        .health()
        .then(() => ({ ok: true }))
        .catch((error: Error) => ({ ok: false, detail: error.message }));
      const outbox = database.ok ? await outboxState(app.db) : { pending: 0, lagSeconds: 0, failing: 0 };
      // The portal works without search (documents still save), so only the database decides the status code.
      const status = database.ok && search.ok ? 'ok' : 'degraded';
      return reply.status(database.ok ? 200 : 503).send({ status, database, search, outbox, version });
    },
  );
};

export default healthRoutes;
