import { existsSync } from 'node:fs';
import path from 'node:path';
import fp from 'fastify-plugin';
import staticFiles from '@fastify/static';
import { sendProblem } from './problem.ts';

/** Where Vite writes the files whose names carry a content hash (its `build.assetsDir`). */
const HASHED_DIR = 'assets';

/** A hashed file never changes under its name: a browser may keep it for a year without asking. */
export const HASHED_CACHE_CONTROL = 'public, max-age=31536000, immutable';
/** index.html (and the few unhashed files) names the current hashed files: always revalidate. */
export const PAGE_CACHE_CONTROL = 'no-cache';

/**
 * Serves the built web app. The build writes a brotli (.br) and a gzip (.gz) copy beside each
 * file, and the one the browser accepts is sent: over a weak mobile link the bytes are the
 * page's load time. Unknown paths under /api (and stale hashed files after a new build) are
 * problem+json 404s; any other unknown GET gets index.html so the browser's router can take it.
 */
export default fp<{ root: string | undefined }>(async (app, { root }) => {
  const hasApp = root !== undefined && existsSync(path.join(root, 'index.html'));
  if (hasApp) {
    const hashedPrefix = path.join(root, HASHED_DIR) + path.sep;
    await app.register(staticFiles, {
      root,
      wildcard: false,
      preCompressed: true,
      cacheControl: false,
      setHeaders: (reply, filePath) => {
        reply.header('cache-control', filePath.startsWith(hashedPrefix) ? HASHED_CACHE_CONTROL : PAGE_CACHE_CONTROL);
      },
    });
  }
  app.setNotFoundHandler((request, reply) => {
    const pathname = request.url.split('?')[0]!;
    const wantsPage = request.method === 'GET' && !pathname.startsWith('/api') && !pathname.startsWith(`/${HASHED_DIR}/`);
    if (hasApp && wantsPage) return reply.type('text/html').sendFile('index.html');
    return sendProblem(reply, request, 404, 'not_found', `No route ${request.method} ${pathname}`);
  });
});
