import fp from 'fastify-plugin';
import helmet from '@fastify/helmet';

/**
 * Standard security headers (@fastify/helmet). The policy allows only our own scripts;
 * styles may be inline because naive-ui injects its CSS at run time.
 */
export default fp(async (app) => {
  await app.register(helmet, {
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
});
