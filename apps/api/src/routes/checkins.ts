import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { IdParams, OfflineSession, SyncRequest, SyncResponse } from '@fieldschool/contracts';
import { offlineSession } from '../services/checkins/offline-session.ts';
import type { SecretarySettings } from '../config.ts';
import { syncHandlers } from '../services/sync/handlers.ts';
import { runSyncBatch, syncRegistry } from '../services/sync/sync-batch.ts';
import { problemResponses } from './responses.ts';

const tags = ['check-in'];
/** 500 items with walk-ins run to about 200 kB; the app's default of 256 kB is too tight for that. */
const SYNC_BODY_LIMIT = 1024 * 1024;

const checkinRoutes: FastifyPluginAsyncTypebox<{ secretaries: SecretarySettings }> = async (app, { secretaries }) => {
  const registry = syncRegistry(syncHandlers({ checkin: app.checkinSettings, secretaries }));
  app.post(
    '/checkins/sync',
    {
      bodyLimit: SYNC_BODY_LIMIT,
      schema: {
        tags,
        summary: 'Send what a phone recorded offline: 1–500 items, answered one by one in the same order',
        description:
          'Each item is `created`, `duplicate` (its id was seen before), `merged` (another device already checked this farmer in at this session) or `rejected` with a stable `reason`. One transaction per request; an item of a kind your role may not send fails the whole request with 403.',
        body: SyncRequest,
        response: { 200: SyncResponse, ...problemResponses },
      },
    },
    async (request) => {
      const answer = await runSyncBatch({ db: app.db, registry, principal: request.principal!, actor: request.actor(), request: request.body });
      app.metrics.countSyncResults(request.body.items, answer.results);
      return answer;
    },
  );
  app.get(
    '/sessions/:id/offline',
    {
      config: { roles: ['admin', 'trainer'] },
      schema: {
        tags,
        summary: 'A session with its roster, materials and check-ins, for check-in with no network',
        params: IdParams,
        response: { 200: OfflineSession, ...problemResponses },
      },
    },
    async (request) => offlineSession(app.db, request.principal!, request.params.id, app.checkinSettings.offlineDays),
  );
};

export default checkinRoutes;
