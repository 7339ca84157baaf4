import fp from 'fastify-plugin';
import type { Database } from '@fieldschool/db';

declare module 'fastify' {
  interface FastifyInstance {
    db: Database;
  }
}

/** Makes the Drizzle database available as `app.db`; the caller owns the pool. */
export default fp<{ db: Database }>(async (app, { db }) => {
  app.decorate('db', db);
});
