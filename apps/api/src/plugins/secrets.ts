import fp from 'fastify-plugin';

export interface Secrets {
  /** HMAC key for ID numbers: without it a leaked database does not give the numbers back. */
  idNumberKey: Buffer;
}

declare module 'fastify' {
  interface FastifyInstance {
    secrets: Secrets;
  }
}

export default fp<{ secrets: Secrets }>(async (app, { secrets }) => {
  app.decorate('secrets', secrets);
});
