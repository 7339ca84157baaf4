import { existsSync } from 'node:fs';
import path from 'node:path';
import fp from 'fastify-plugin';
import staticFiles from '@fastify/static';
import { sendProblem } from './problem.ts';

/**
 * Serves the built web app. Unknown paths under /api are problem+json 404s; any other
 * unknown GET gets index.html so the browser's router can take it.
 */
export default fp<{ root: string | undefined }>(async (app, { root }) => {
  const hasApp = root !== undefined && existsSync(path.join(root, 'index.html'));
  if (hasApp) {
    await app.register(staticFiles, { root, wildcard: false, maxAge: '1h', immutable: false });
  }
  app.setNotFoundHandler((request, reply) => {
    const wantsPage = request.method === 'GET' && !request.url.startsWith('/api');
    if (hasApp && wantsPage) return reply.type('text/html').sendFile('index.html', { maxAge: 0 });
    return sendProblem(reply, request, 'not_found', `No route ${request.method} ${request.url.split('?')[0]}`);
  });
});
