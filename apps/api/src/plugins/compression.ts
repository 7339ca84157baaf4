import { constants } from 'node:zlib';
import fp from 'fastify-plugin';
import compress from '@fastify/compress';

/** Only what the api answers is compressed on the fly; the web app's files were compressed at build time. */
const API_PREFIX = '/api';

/**
 * gzip or brotli for /api answers (JSON, problem+json) to a client that accepts one: over a weak
 * mobile link the search page's answer shrinks from ~8 kB to ~2.2 kB. Brotli at quality 5: on
 * our search answers it packs 15 % tighter than gzip's default (quality 4 did not beat gzip) for
 * the same CPU, ~75 µs for 6 kB, where brotli's maximum (11), which the built files can afford
 * once, takes ~3.5 ms. Answers under 1 kB go as they are (little to gain for the CPU), and so
 * does text/event-stream (@fastify/compress's default types leave it out: a compressor would
 * hold events back until its buffer fills).
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
    brotliOptions: { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } },
    // Our clients never send compressed bodies, so no request is decompressed: one way fewer
    // for a small request to grow large.
    globalDecompression: false,
  });
});
