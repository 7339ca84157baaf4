import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CreateUser, IdParams, UpdateUser, User, UserPage, UserQuery } from '@fieldschool/contracts';
import { createUser, getUser, listUsers, unlockUser, updateUser } from '../services/users.ts';
import { problemResponses } from './responses.ts';

const tags = ['users'];
const config = { roles: ['admin' as const] };

const userRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/users',
    { config, schema: { tags, summary: 'Users in your area', querystring: UserQuery, response: { 200: UserPage, ...problemResponses } } },
    async (request) => listUsers(app.db, request.principal!, request.query),
  );
  app.get(
    '/users/:id',
    { config, schema: { tags, summary: 'One user', params: IdParams, response: { 200: User, ...problemResponses } } },
    async (request) => getUser(app.db, request.principal!, request.params.id),
  );
  app.post(
    '/users',
    { config, schema: { tags, summary: 'Create a user', body: CreateUser, response: { 201: User, ...problemResponses } } },
    async (request, reply) => reply.status(201).send(await createUser(app.db, request.principal!, request.actor(), request.body)),
  );
  app.patch(
    '/users/:id',
    { config, schema: { tags, summary: 'Change a user, disable them, or set a new password', params: IdParams, body: UpdateUser, response: { 200: User, ...problemResponses } } },
    async (request) => updateUser(app.db, app.sessionCache, request.principal!, request.actor(), request.params.id, request.body),
  );
  app.post(
    '/users/:id/unlock',
    {
      config,
      schema: { tags, summary: 'Let a user sign in again at once after failed attempts', params: IdParams, response: { 204: { type: 'null' }, ...problemResponses } },
    },
    async (request, reply) => {
      await unlockUser(app.db, request.principal!, request.actor(), request.params.id);
      return reply.status(204).send(null);
    },
  );
};

export default userRoutes;
