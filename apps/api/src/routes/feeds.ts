import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CreatedFeedToken, CreateFeedToken, FeedParams, FeedToken, FeedTokenList, IdParams } from '@fieldschool/contracts';
import { createFeedToken, listFeedTokens, renderFeed, revokeFeedToken } from '../services/feeds.ts';
import { problemResponses } from './responses.ts';

const tags = ['feeds'];

const feedRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/feed-tokens',
    { schema: { tags, summary: 'The calendar feeds you made', response: { 200: FeedTokenList, ...problemResponses } } },
    async (request) => listFeedTokens(app.db, request.principal!),
  );
  app.post(
    '/feed-tokens',
    { schema: { tags, summary: 'A secret iCalendar URL for a trainer’s or a village’s sessions; shown once', body: CreateFeedToken, response: { 201: CreatedFeedToken, ...problemResponses } } },
    async (request, reply) => {
      const origin = `${request.protocol}://${request.host}`;
      return reply.status(201).send(await createFeedToken(app.db, request.principal!, request.actor(), request.body, origin));
    },
  );
  app.delete(
    '/feed-tokens/:id',
    { schema: { tags, summary: 'Revoke a feed: its URL answers 404 from now on', params: IdParams, response: { 200: FeedToken, ...problemResponses } } },
    async (request) => revokeFeedToken(app.db, request.principal!, request.actor(), request.params.id),
  );
  // Phone calendars cannot sign in: the secret in the URL is the permission.
  app.get(
    '/feeds/:token',
    {
      config: { public: true, rateLimit: { max: 120, timeWindow: '1 minute' } },
      schema: { tags, summary: 'The iCalendar (RFC 5545) feed behind a token', params: FeedParams, response: { 200: { type: 'string' }, ...problemResponses } },
    },
    async (request, reply) => {
      const ics = await renderFeed(app.db, request.params.token.replace(/\.ics$/, ''));
      return reply.type('text/calendar; charset=utf-8').header('cache-control', 'private, max-age=300').send(ics);
    },
  );
};

export default feedRoutes;
