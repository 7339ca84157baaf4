import fp from 'fastify-plugin';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { roles as allRoles, type Role } from '@fieldschool/contracts';

/** Who may call an operation, as its route's config says (plugins/auth.ts enforces it). */
interface Access {
  public: boolean;
  roles: readonly Role[];
}

/** "/api/v1/farmers/:id" → "/api/v1/farmers/{id}", the OpenAPI spelling of the same path. */
const openapiPath = (url: string) => url.replace(/:(\w+)/g, '{$1}');

/**
 * The OpenAPI document is built from the same schemas that validate and serialise. Each
 * operation also says who may call it: `x-roles` lists the roles the route admits and a
 * public one has `security: []`, so the document (and the access-matrix test) reads the
 * routes' own config rather than a copy of it.
 */
export default fp(async (app) => {
  const access = new Map<string, Access>();
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      access.set(`${method.toLowerCase()} ${openapiPath(route.url)}`, { public: route.config?.public === true, roles: route.config?.roles ?? allRoles });
    }
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'FieldSchool API', version: '1.0.0', description: 'Farmer training and policy library for Baiyu County' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'fs_session' },
          csrf: { type: 'apiKey', in: 'header', name: 'x-csrf-token' },
        },
      },
      security: [{ session: [], csrf: [] }],
    },
    transformObject: (document) => {
      if (!('openapiObject' in document)) return document.swaggerObject;
      const { openapiObject } = document;
      for (const [path, operations] of Object.entries(openapiObject.paths ?? {})) {
        for (const [method, operation] of Object.entries(operations as Record<string, Record<string, unknown>>)) {
          const rule = access.get(`${method} ${path}`);
          if (!rule) continue;
          if (rule.public) operation.security = [];
          else operation['x-roles'] = [...rule.roles];
        }
      }
      return openapiObject;
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'list' } });
});
