import Fastify, { type FastifyServerOptions } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import rateLimit from '@fastify/rate-limit';
import type { Database } from '@fieldschool/db';
import { DEFAULT_SECRETARY_SETTINGS, defaultCheckinSettings, type CheckinSettings, type SecretarySettings, type TrustProxy } from './config.ts';
import { installValidators } from './plugins/validation.ts';
import problem, { frameworkErrors } from './plugins/problem.ts';
import database from './plugins/database.ts';
import search, { type SearchEngine } from './plugins/search.ts';
import secrets, { type Secrets } from './plugins/secrets.ts';
import files from './plugins/files.ts';
import type { FileStore } from './services/file-store.ts';
import auth from './plugins/auth.ts';
import compression from './plugins/compression.ts';
import openapi from './plugins/openapi.ts';
import securityHeaders from './plugins/security-headers.ts';
import webApp from './plugins/web-app.ts';
import metrics from './plugins/metrics.ts';
import healthRoutes from './routes/health.ts';
import cspReportRoutes from './routes/csp-reports.ts';
import authRoutes from './routes/auth.ts';
import orgUnitRoutes from './routes/org-units.ts';
import trainerRoutes from './routes/trainers.ts';
import userRoutes from './routes/users.ts';
import farmerRoutes from './routes/farmers.ts';
import documentRoutes from './routes/documents.ts';
import searchRoutes from './routes/search.ts';
import synonymRoutes from './routes/synonyms.ts';
import courseRoutes from './routes/courses.ts';
import sessionRoutes from './routes/sessions.ts';
import travelTimeRoutes from './routes/travel-times.ts';
import feedRoutes from './routes/feeds.ts';
import schedulePrintRoutes from './routes/schedule-print.ts';
import workDayRoutes from './routes/work-days.ts';
import secretaryRoutes from './routes/secretaries.ts';
import matterRoutes from './routes/matters.ts';
import householdRoutes from './routes/households.ts';
import publicVillageRoutes from './routes/public-villages.ts';
import checkinRoutes from './routes/checkins.ts';
import selfCheckinRoutes from './routes/self-checkin.ts';
import materialRoutes from './routes/materials.ts';
import rosterExcelRoutes from './routes/roster-excel.ts';
import paperRoutes from './routes/paper.ts';
import { checkinItems } from './services/sync/checkin-items.ts';
import { syncHandlers } from './services/sync/handlers.ts';
import reportRoutes from './routes/reports.ts';

export interface AppDependencies {
  db: Database;
  search: SearchEngine;
  secrets: Secrets;
  files: FileStore;
  /** Built web app to serve at `/`; none in api tests. */
  webDist?: string;
  logger?: FastifyServerOptions['logger'];
  /** Proxies whose X-Forwarded-For and -Proto to believe (TRUST_PROXY); none by default. */
  trustProxy?: TrustProxy;
  /** Serve HTTPS with this PEM key and certificate (TLS_KEY_FILE, TLS_CERT_FILE); plain HTTP by default. */
  https?: { key: Buffer; cert: Buffer };
  /** Prometheus scrapes bearing it may read GET /metrics (METRICS_TOKEN); unset: /metrics is 404. */
  metricsToken?: string;
  /** Shown by /api/health. */
  version?: string;
  /** The first secretaries' rules (config.ts); the defaults when not given. */
  secretaries?: SecretarySettings;
  /** Check-in window margin and offline days; the defaults unless given. */
  checkin?: CheckinSettings;
}

declare module 'fastify' {
  interface FastifyInstance {
    checkinSettings: CheckinSettings;
  }
}

/** JSON bodies are small; uploads have their own, larger limit on their route. */
const BODY_LIMIT = 256 * 1024;

export async function buildApp(deps: AppDependencies) {
  const app = Fastify({
    logger: deps.logger ?? false,
    bodyLimit: BODY_LIMIT,
    // Believing a forwarding header from anyone lets every client pick its own address.
    trustProxy: deps.trustProxy ?? false,
    requestIdHeader: 'x-request-id',
    // Typed as plain HTTP: nothing here depends on which server carries the requests.
    ...(deps.https ? ({ https: deps.https } as object) : {}),
    frameworkErrors,
  }).withTypeProvider<TypeBoxTypeProvider>();
  installValidators(app);
  await app.register(problem);
  await app.register(database, { db: deps.db });
  // Early, so that its timing hook sees every route.
  const syncKinds = syncHandlers({ checkin: deps.checkin ?? defaultCheckinSettings, secretaries: deps.secretaries ?? DEFAULT_SECRETARY_SETTINGS }).map((handler) => handler.kind);
  await app.register(metrics, { token: deps.metricsToken, syncKinds });
  await app.register(search, { search: deps.search });
  await app.register(secrets, { secrets: deps.secrets });
  await app.register(files, { files: deps.files });
  app.decorate('checkinSettings', deps.checkin ?? defaultCheckinSettings);
  await app.register(securityHeaders);
  await app.register(rateLimit, { global: false });
  await app.register(compression);
  await app.register(openapi);
  await app.register(auth);
  await app.register(healthRoutes, { version: deps.version ?? 'dev' });
  await app.register(cspReportRoutes);
  await app.register(
    async (v1) => {
      await v1.register(authRoutes);
      await v1.register(orgUnitRoutes);
      await v1.register(userRoutes);
      await v1.register(farmerRoutes);
      await v1.register(documentRoutes);
      await v1.register(searchRoutes);
      await v1.register(synonymRoutes);
      await v1.register(courseRoutes);
      await v1.register(sessionRoutes);
      await v1.register(travelTimeRoutes);
      await v1.register(feedRoutes);
      await v1.register(schedulePrintRoutes);
      await v1.register(trainerRoutes);
      await v1.register(workDayRoutes, { settings: deps.secretaries ?? DEFAULT_SECRETARY_SETTINGS });
      await v1.register(secretaryRoutes, { settings: deps.secretaries ?? DEFAULT_SECRETARY_SETTINGS });
      await v1.register(matterRoutes);
      await v1.register(householdRoutes);
      await v1.register(publicVillageRoutes);
      await v1.register(checkinRoutes, { secretaries: deps.secretaries ?? DEFAULT_SECRETARY_SETTINGS });
      await v1.register(selfCheckinRoutes);
      await v1.register(materialRoutes);
      await v1.register(rosterExcelRoutes);
      // Confirmed sign-in sheet rows become attendances through the check-in handler's own rules.
      const paperCheckins = checkinItems({ windowMarginMinutes: app.checkinSettings.windowMarginMinutes });
      await v1.register(paperRoutes, { recordCheckins: (ctx, items) => paperCheckins.handle(ctx, items) });
      await v1.register(reportRoutes);
    },
    { prefix: '/api/v1' },
  );
  await app.register(webApp, { root: deps.webDist });
  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
