import fp from 'fastify-plugin';
import helmet from 'helmet';

/**
 * Standard security headers (helmet). The policy allows only our own scripts; styles may
 * be inline because naive-ui injects its CSS at run time. helmet's middleware is built
 * once here: @fastify/helmet built it, parsing the whole policy, on every request
 * (measured: 4–6 % of the api's CPU on cheap endpoints; bench/RESULTS.md).
 */
export default fp(async (app) => {
  const setSecurityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        // Township offices reach the portal over plain HTTP on their LAN: no forced upgrade.
        upgradeInsecureRequests: null,
      },
    },
    // The api serves its own pages only; cross-origin isolation headers would add nothing.
    crossOriginEmbedderPolicy: false,
  });
  // helmet 8 throws its errors instead of passing them on, so it calls next() bare.
  app.addHook('onRequest', (request, reply, done) => setSecurityHeaders(request.raw, reply.raw, () => done()));
});
