import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { SetTravelTimeOverride, TownshipPair, TravelEstimate, TravelEstimateQuery, TravelSettings, UpdateTravelBuffer } from '@fieldschool/contracts';
import { deleteTravelTimeOverride, estimateTravel, getTravelSettings, setTravelBuffer, setTravelTimeOverride } from '../services/travel-time.ts';
import { problemResponses } from './responses.ts';

const tags = ['travel times'];
const adminOnly = { roles: ['admin' as const] };

const travelTimeRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/travel-times',
    { schema: { tags, summary: 'The county’s travel buffer and the township-to-township times admins have set', response: { 200: TravelSettings, ...problemResponses } } },
    async (request) => getTravelSettings(app.db, request.principal!),
  );
  app.get(
    '/travel-times/estimate',
    { schema: { tags, summary: 'Minutes a trainer needs between two villages (drive and buffer)', querystring: TravelEstimateQuery, response: { 200: TravelEstimate, ...problemResponses } } },
    async (request) => estimateTravel(app.db, request.principal!, request.query.fromVillageId, request.query.toVillageId),
  );
  app.put(
    '/travel-times/buffer',
    { config: adminOnly, schema: { tags, summary: 'Set the minutes added to every drive (county admins)', body: UpdateTravelBuffer, response: { 200: TravelSettings, ...problemResponses } } },
    async (request) => setTravelBuffer(app.db, request.principal!, request.actor(), request.body.bufferMinutes),
  );
  app.put(
    '/travel-times/overrides',
    { config: adminOnly, schema: { tags, summary: 'Set the real driving minutes between two townships; they win over the estimate', body: SetTravelTimeOverride, response: { 200: TravelSettings, ...problemResponses } } },
    async (request) => setTravelTimeOverride(app.db, request.principal!, request.actor(), request.body),
  );
  app.delete(
    '/travel-times/overrides',
    { config: adminOnly, schema: { tags, summary: 'Go back to the estimate between two townships', querystring: TownshipPair, response: { 200: TravelSettings, ...problemResponses } } },
    async (request) => deleteTravelTimeOverride(app.db, request.principal!, request.actor(), request.query),
  );
};

export default travelTimeRoutes;
