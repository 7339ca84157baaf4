import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CreateFarmer, FarmerDetail, FarmerPage, FarmerQuery, IdParams, MergeFarmerRequest, MergeFarmerResponse, UpdateFarmer } from '@fieldschool/contracts';
import { mergeFarmer } from '../services/checkins/farmer-merge.ts';
import { createFarmer, farmerRoster, getFarmer, listFarmers, updateFarmer } from '../services/farmers.ts';
import { problemResponses } from './responses.ts';

const tags = ['farmers'];

const farmerRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // Per app: its own database's prepared roster statements, and their connections.
  const roster = farmerRoster(app.db);
  app.addHook('onClose', () => roster.close());
  app.get(
    '/farmers',
    {
      schema: {
        tags,
        summary: 'Farmers in your area; q matches a name, pinyin initials, phone digits or the last 4 ID digits',
        querystring: FarmerQuery,
        response: { 200: FarmerPage, ...problemResponses },
      },
    },
    async (request) => listFarmers(app.db, roster, request.principal!, request.query),
  );
  app.get(
    '/farmers/:id',
    { schema: { tags, summary: 'One farmer', params: IdParams, response: { 200: FarmerDetail, ...problemResponses } } },
    async (request) => getFarmer(app.db, request.principal!, request.params.id),
  );
  app.post(
    '/farmers',
    { schema: { tags, summary: 'Register a farmer', body: CreateFarmer, response: { 201: FarmerDetail, ...problemResponses } } },
    async (request, reply) =>
      reply.status(201).send(await createFarmer(app.db, request.principal!, request.actor(), app.secrets.idNumberKey, request.body)),
  );
  app.patch(
    '/farmers/:id',
    { schema: { tags, summary: 'Change a farmer', params: IdParams, body: UpdateFarmer, response: { 200: FarmerDetail, ...problemResponses } } },
    async (request) => updateFarmer(app.db, request.principal!, request.actor(), app.secrets.idNumberKey, request.params.id, request.body),
  );
  app.post(
    '/farmers/:id/merge',
    {
      config: { roles: ['admin'] },
      schema: {
        tags,
        summary: 'Merge a (provisional) farmer into the farmer they are: attendances move, a session both attended keeps the earlier check-in',
        params: IdParams,
        body: MergeFarmerRequest,
        response: { 200: MergeFarmerResponse, ...problemResponses },
      },
    },
    async (request) => mergeFarmer(app.db, request.principal!, request.actor(), request.params.id, request.body.intoId),
  );
};

export default farmerRoutes;
