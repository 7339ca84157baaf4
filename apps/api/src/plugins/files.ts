import fp from 'fastify-plugin';
import multipart from '@fastify/multipart';
import type { FileStore } from '../services/file-store.ts';

declare module 'fastify' {
  interface FastifyInstance {
    files: FileStore;
  }
}

/** Uploaded originals: multipart parsing and the content-addressed store behind `app.files`. */
export default fp<{ files: FileStore }>(async (app, { files }) => {
  await app.register(multipart, { throwFileSizeLimit: true });
  app.decorate('files', files);
});
