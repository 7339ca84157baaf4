import { existsSync } from 'node:fs';
import path from 'node:path';
import fp from 'fastify-plugin';
import staticFiles from '@fastify/static';
import { sendProblem } from './problem.ts';

/** Where Vite writes the files whose names carry a content hash (its `build.assetsDir`). */
const HASHED_DIR = 'assets';

/** index.html (and the few unhashed files) names the current hashed files: always revalidate. */
const PAGE_CACHE_CONTROL = 'no-cache';

/**
 * Serves the built web app. The build writes a brotli (.br) and a gzip (.gz) copy beside each
 * file, and the one the browser accepts is sent: over a weak mobile link the bytes are the
 * page's load time. Unknown paths under /api (and stale hashed files after a new build) are
 * problem+json 404s; any other unknown GET gets index.html so the browser's router can take it.
 */
export default fp<{ root: string | undefined }>(async (app, { root }) => {
  const hasApp = root !== undefined && existsSync(path.join(root, 'index.html'));
  if (hasApp) {
    // index.html and the few unhashed files: revalidated on every visit (a 304 when unchanged).
    await app.register(staticFiles, {
      root,
      wildcard: false,
      globIgnore: [`${HASHED_DIR}/**`],
      preCompressed: true,
      cacheControl: false,
      setHeaders: (reply) => reply.header('cache-control', PAGE_CACHE_CONTROL),
    });
    // A hashed file never changes under its name: kept for a year without asking (immutable),
    // so it needs no ETag or Last-Modified either; a dozen load on a cold start, and over a weak
    // link every header line counts.
    await app.register(staticFiles, {
      root: path.join(root, HASHED_DIR),
      prefix: `/${HASHED_DIR}/`,
      decorateReply: false,
      wildcard: false,
      preCompressed: true,
      maxAge: '365d',
      immutable: true,
      etag: false,
      lastModified: false,
      acceptRanges: false,
    });
  }
  app.setNotFoundHandler((request, reply) => {
    const pathname = request.url.split('?')[0]!;
    const wantsPage = request.method === 'GET' && !pathname.startsWith('/api') && !pathname.startsWith(`/${HASHED_DIR}/`);
    if (hasApp && wantsPage) return reply.type('text/html').sendFile('index.html');
    return sendProblem(reply, request, 'not_found', `No route ${request.method} ${pathname}`);
  });
});
