import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AddHouseholdNeed, Household, HouseholdList, HouseholdParams, HouseholdQuery, UpdateHousehold } from '@fieldschool/contracts';
import { addHouseholdNeed, getHousehold, listHouseholds, updateHousehold } from '../services/secretaries/households.ts';
import { problemResponses } from './responses.ts';

const tags = ['secretaries'];
/** Trainers never see household records; others outside the village's keepers get 404 from the service. */
const keepers = { roles: ['admin' as const, 'secretary' as const] };

/** 民情: household records of a village, for admins of the area and the village's own secretary. */
const householdRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/households',
    { config: keepers, schema: { tags, summary: "A village's households (each read is audited)", querystring: HouseholdQuery, response: { 200: HouseholdList, ...problemResponses } } },
    async (request) => listHouseholds(app.db, request.principal!, request.actor(), request.query.villageId),
  );
  app.get(
    '/households/:villageId/:householdNo',
    { config: keepers, schema: { tags, summary: "One household's record (audited)", params: HouseholdParams, response: { 200: Household, ...problemResponses } } },
    async (request) => getHousehold(app.db, request.principal!, request.actor(), request.params.villageId, request.params.householdNo),
  );
  app.patch(
    '/households/:villageId/:householdNo',
    { config: keepers, schema: { tags, summary: 'Record income band and ways of earning', params: HouseholdParams, body: UpdateHousehold, response: { 200: Household, ...problemResponses } } },
    async (request) => updateHousehold(app.db, request.principal!, request.actor(), request.params.villageId, request.params.householdNo, request.body),
  );
  app.post(
    '/households/:villageId/:householdNo/needs',
    { config: keepers, schema: { tags, summary: 'Note a need heard on a visit', params: HouseholdParams, body: AddHouseholdNeed, response: { 201: Household, ...problemResponses } } },
    async (request, reply) => reply.status(201).send(await addHouseholdNeed(app.db, request.principal!, request.actor(), request.params.villageId, request.params.householdNo, request.body)),
  );
};

export default householdRoutes;
