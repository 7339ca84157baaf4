import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { IdParams, SynonymGroup, SynonymGroupInput, SynonymList } from '@fieldschool/contracts';
import { createSynonymGroup, deleteSynonymGroup, listSynonymGroups, updateSynonymGroup } from '../services/synonyms.ts';
import { problemResponses } from './responses.ts';

const tags = ['search'];
const config = { roles: ['admin' as const] };

/** Words search treats as one (医保 = 医疗保险); every change reaches the index through the outbox. */
const synonymRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/synonyms', { config, schema: { tags, summary: 'Synonym groups', response: { 200: SynonymList, ...problemResponses } } }, async () => ({
    items: await listSynonymGroups(app.db),
  }));
  app.post(
    '/synonyms',
    { config, schema: { tags, summary: 'Add a synonym group', body: SynonymGroupInput, response: { 201: SynonymGroup, ...problemResponses } } },
    async (request, reply) => reply.status(201).send(await createSynonymGroup(app.db, request.actor(), request.body)),
  );
  app.put(
    '/synonyms/:id',
    { config, schema: { tags, summary: 'Change a synonym group', params: IdParams, body: SynonymGroupInput, response: { 200: SynonymGroup, ...problemResponses } } },
    async (request) => updateSynonymGroup(app.db, request.actor(), request.params.id, request.body),
  );
  app.delete(
    '/synonyms/:id',
    { config, schema: { tags, summary: 'Remove a synonym group', params: IdParams, response: { 204: Type.Null(), ...problemResponses } } },
    async (request, reply) => {
      await deleteSynonymGroup(app.db, request.actor(), request.params.id);
      return reply.status(204).send(null);
    },
  );
};

export default synonymRoutes;
