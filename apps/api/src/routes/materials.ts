import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CreateMaterial, DistributionResults, IdParams, Material, MaterialPage, MaterialQuery, RecordDistributions, SessionDistributions, UpdateMaterial } from '@fieldschool/contracts';
import { createMaterial, getMaterial, listMaterials, updateMaterial } from '../services/materials/catalogue.ts';
import { recordDistributions, sessionDistributions } from '../services/materials/distributions.ts';
import { problemResponses } from './responses.ts';

const tags = ['materials'];
const admins = { roles: ['admin' as const] };
const recorders = { roles: ['admin' as const, 'trainer' as const] };

const materialRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/materials',
    { schema: { tags, summary: 'Printed materials of the catalogue', querystring: MaterialQuery, response: { 200: MaterialPage, ...problemResponses } } },
    async (request) => listMaterials(app.db, request.principal!, request.query),
  );
  app.get(
    '/materials/:id',
    { schema: { tags, summary: 'One printed material with its stock and courses', params: IdParams, response: { 200: Material, ...problemResponses } } },
    async (request) => getMaterial(app.db, request.principal!, request.params.id),
  );
  app.post(
    '/materials',
    { config: admins, schema: { tags, summary: 'Add a printed material to the catalogue', body: CreateMaterial, response: { 201: Material, ...problemResponses } } },
    async (request, reply) => reply.status(201).send(await createMaterial(app.db, request.principal!, request.actor(), request.body)),
  );
  app.patch(
    '/materials/:id',
    { config: admins, schema: { tags, summary: 'Change a material, its store counts or its courses', params: IdParams, body: UpdateMaterial, response: { 200: Material, ...problemResponses } } },
    async (request) => updateMaterial(app.db, request.principal!, request.actor(), request.params.id, request.body),
  );
  app.get(
    '/sessions/:id/distributions',
    { schema: { tags, summary: 'Materials handed out at a session', params: IdParams, response: { 200: SessionDistributions, ...problemResponses } } },
    async (request) => sessionDistributions(app.db, request.principal!, request.params.id),
  );
  app.post(
    '/sessions/:id/distributions',
    {
      config: recorders,
      schema: { tags, summary: 'Record materials handed out (per farmer or as a count); a repeated id is a no-op', params: IdParams, body: RecordDistributions, response: { 200: DistributionResults, ...problemResponses } },
    },
    async (request) => ({ results: await recordDistributions(app.db, request.principal!, request.params.id, request.body) }),
  );
};

export default materialRoutes;
