import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CreateOrgUnit, IdParams, OrgUnit, OrgUnitList, OrgUnitQuery, UpdateOrgUnit } from '@fieldschool/contracts';
import { createOrgUnit, listOrgUnits, updateOrgUnit } from '../services/org-units.ts';
import { problemResponses } from './responses.ts';

const tags = ['org-units'];

const orgUnitRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/org-units',
    { schema: { tags, summary: 'Org units in your area (and the units above it)', querystring: OrgUnitQuery, response: { 200: OrgUnitList, ...problemResponses } } },
    async (request) => ({ items: await listOrgUnits(app.db, request.principal!, request.query) }),
  );
  app.post(
    '/org-units',
    {
      config: { roles: ['admin'] },
      schema: { tags, summary: 'Create a township or village', body: CreateOrgUnit, response: { 201: OrgUnit, ...problemResponses } },
    },
    async (request, reply) => reply.status(201).send(await createOrgUnit(app.db, request.principal!, request.actor(), request.body)),
  );
  app.patch(
    '/org-units/:id',
    {
      config: { roles: ['admin'] },
      schema: { tags, summary: 'Rename an org unit or change its code', params: IdParams, body: UpdateOrgUnit, response: { 200: OrgUnit, ...problemResponses } },
    },
    async (request) => updateOrgUnit(app.db, request.principal!, request.actor(), request.params.id, request.body),
  );
};

export default orgUnitRoutes;
