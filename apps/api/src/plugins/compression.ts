import { constants } from 'node:zlib';
import fp from 'fastify-plugin';
import compress from '@fastify/compress';

/** Only what the api answers is compressed on the fly; the web app's files were compressed at build time. */
const API_PREFIX = '/api';

/**
 * gzip or brotli for /api answers (JSON, problem+json) to a client that accepts one. Over a weak
 * mobile link a search answer shrinks from ~9 kB to ~2 kB. Brotli at quality 4 compresses about
 * as well as gzip's default at a fraction of the CPU of brotli's maximum, which the built files
 * can afford once but an answer cannot. Answers under 1 kB are sent as they are (the headers
 * would cost more than they save), and so is text/event-stream (@fastify/compress's default
 * types leave it out: a compressor would hold events back until its buffer fills).
 */
export default fp(async (app) => {
  // Runs before @fastify/compress's own onRoute hook (hooks run in the order added), so the web
  // app's routes never get its hooks: web-app.ts sends their precompressed copies itself.
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith(API_PREFIX)) route.compress = false;
  });
  await app.register(compress, {
    encodings: ['br', 'gzip'],
    threshold: 1024,
    brotliOptions: { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } },
    // Our clients never send compressed bodies, so no request is decompressed: one way fewer
    // for a small request to grow large.
    globalDecompression: false,
  });
});
