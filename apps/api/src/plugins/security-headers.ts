import fp from 'fastify-plugin';
import helmet from 'helmet';

/**
 * Security headers by what a response is (OWASP's HTTP Headers and REST Security cheat
 * sheets), so a JSON answer does not carry a page's ~0.9 kB of policy:
 * - a document (HTML, and a worker script: a service worker takes its policy from its own
 *   response) gets helmet's full set;
 * - an api answer gets the short set that keeps it from being run, framed, sniffed or read
 *   by another site, and `no-store` when it answers a signed-in user;
 * - a static file (hashed scripts and styles, icons) gets nosniff and CORP only.
 */
export type HeaderSet = 'document' | 'api' | 'static';

/** Unhashed scripts at the root (sw.js, registerSW.js): worker scripts, whose own response sets their policy. */
const ROOT_SCRIPT = /^\/[^/]+\.m?js$/;

export function headerSetOf(url: string, contentType: unknown): HeaderSet {
  const type = typeof contentType === 'string' ? contentType : '';
  if (type.startsWith('text/html')) return 'document';
  if (url.startsWith('/api/')) return 'api';
  const pathname = url.split('?', 1)[0]!;
  if (ROOT_SCRIPT.test(pathname)) return 'document';
  // A problem+json 404 for a missing file is an api answer too.
  return type.includes('json') ? 'api' : 'static';
}

const NO_REFERRER = 'no-referrer';
const STATIC_HEADERS = {
  'x-content-type-options': 'nosniff',
  'cross-origin-resource-policy': 'same-origin',
};
const API_HEADERS = {
  ...STATIC_HEADERS,
  // Nothing in an answer may load or run, and no page may frame it.
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'referrer-policy': NO_REFERRER,
};

/**
 * The document policy allows only our own scripts; styles may be inline because naive-ui
 * injects its CSS at run time. Built once: @fastify/helmet built it, parsing the whole
 * policy, on every request (bench/RESULTS.md).
 */
const setDocumentHeaders = helmet({
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      frameAncestors: ["'none'"],
      // What a browser blocked reaches the log and /metrics (routes/csp-reports.ts).
      reportUri: ['/api/csp-reports'],
      // Township offices reach the portal over plain HTTP on their LAN: no forced upgrade.
      upgradeInsecureRequests: null,
    },
  },
  // The api serves its own pages only; cross-origin isolation headers would add nothing.
  crossOriginEmbedderPolicy: false,
  // Set below by the request's protocol: helmet would send it on plain HTTP too.
  strictTransportSecurity: false,
  referrerPolicy: { policy: NO_REFERRER },
});

/**
 * HSTS only where the browser reached us over HTTPS (the api's own TLS, or a proxy named in
 * TRUST_PROXY saying X-Forwarded-Proto: https): on plain HTTP, the demo at
 * http://localhost and the township LANs, it would be a promise we cannot keep.
 */
const HSTS = { 'strict-transport-security': 'max-age=31536000; includeSubDomains' };

export default fp(async (app) => {
  // On send, not on request: only then is it known whether an unknown path got the page.
  app.addHook('onSend', (request, reply, payload, done) => {
    const set = headerSetOf(request.url, reply.getHeader('content-type'));
    if (set === 'api') {
      reply.headers(API_HEADERS);
      // A signed-in user's answer must not stay in a shared or a browser cache.
      if (request.principal && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    } else if (set === 'static') {
      reply.headers(STATIC_HEADERS);
    } else {
      // helmet 8 throws its errors instead of passing them on, so it calls next() bare.
      setDocumentHeaders(request.raw, reply.raw, () => undefined);
    }
    if (request.protocol === 'https') reply.headers(HSTS);
    done(null, payload);
  });
});
