// The reference for `first-load`: the same built web app served the way the api served it
// before precompression (a bare @fastify/static, no encodings, max-age=3600), with /api
// forwarded to the real api so the page signs in and searches exactly as it does there —
// asking it for plain JSON, as its answers were before they were compressed.
import Fastify from 'fastify';
import proxy from '@fastify/http-proxy';
import staticFiles from '@fastify/static';
import { findFreePort as freePort } from '@fieldschool/db';

export interface WebServer {
  url: string;
  close(): Promise<void>;
}

export async function startUncompressedWebServer(dist: string, apiUrl: string): Promise<WebServer> {
  const app = Fastify({ logger: false });
  await app.register(staticFiles, { root: dist, wildcard: false, maxAge: '1h', immutable: false });
  await app.register(proxy, {
    upstream: apiUrl,
    prefix: '/api',
    rewritePrefix: '/api',
    replyOptions: { rewriteRequestHeaders: (_request, headers) => ({ ...headers, 'accept-encoding': 'identity' }) },
  });
  app.setNotFoundHandler((_request, reply) => reply.type('text/html').sendFile('index.html', { maxAge: 0 }));
  const port = await freePort();
  await app.listen({ port, host: '127.0.0.1' });
  return { url: `http://127.0.0.1:${port}`, close: () => app.close() };
}
