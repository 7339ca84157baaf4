import { isIP } from 'node:net';
import path from 'node:path';
import { envSchema } from 'env-schema';
import { Type, type Static } from 'typebox';
import { evaluationCriteria } from '@fieldschool/contracts';

/** Pino's levels, as Fastify's logger takes them. */
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * Every variable the api reads, with its default. The descriptions are the error
 * messages: a bad value stops the start with "NAME must be <description>, got <value>".
 */
const Environment = Type.Object({
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000, description: 'a port number from 0 to 65535' }),
  HOST: Type.String({ minLength: 1, default: '127.0.0.1', description: 'an address to listen on' }),
  DATA_DIR: Type.String({ minLength: 1, default: 'data', description: 'a folder' }),
  FILES_DIR: Type.Optional(Type.String({ minLength: 1, description: 'a folder' })),
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://', description: 'a postgres:// connection URL' })),
  MEILI_URL: Type.Optional(Type.String({ pattern: '^https?://', description: 'an http:// or https:// URL' })),
  MEILI_MASTER_KEY: Type.Optional(Type.String({ description: 'the Meilisearch master key' })),
  WEB_DIST: Type.Optional(Type.String({ description: 'the folder of the built web app' })),
  SEED_DEMO: Type.Optional(Type.Boolean({ description: 'true or false' })),
  DEMO_COUNTY_YEAR: Type.Boolean({ default: true, description: 'true or false' }),
  ID_NUMBER_KEY: Type.Optional(Type.String({ pattern: '^[0-9a-fA-F]{64}$', description: '64 hexadecimal characters (32 bytes)' })),
  TRUST_PROXY: Type.Optional(
    Type.String({ description: 'the addresses or CIDR ranges of the proxies in front, separated by commas' }),
  ),
  TLS_CERT_FILE: Type.Optional(Type.String({ minLength: 1, description: 'the path of a PEM certificate (chain) file' })),
  TLS_KEY_FILE: Type.Optional(Type.String({ minLength: 1, description: 'the path of a PEM private key file' })),
  METRICS_TOKEN: Type.Optional(Type.String({ minLength: 16, pattern: '^[!-~]+$', description: 'a token of at least 16 printable characters, no spaces' })),
  LOG_LEVEL: Type.Union(
    LOG_LEVELS.map((level) => Type.Literal(level)),
    { default: 'warn', description: `one of ${LOG_LEVELS.join(', ')}` },
  ),
  FIELDSCHOOL_VERSION: Type.String({ default: 'dev', description: 'a version label' }),
  WORK_DAYS_REQUIRED: Type.Integer({ minimum: 1, maximum: 31, default: 4, description: 'a number of days from 1 to 31' }),
  WORK_DAY_REMINDER_DAY: Type.Integer({ minimum: 1, maximum: 28, default: 20, description: 'a day of the month from 1 to 28' }),
  WORK_DAY_MAX_DAYS_BACK: Type.Integer({ minimum: 0, maximum: 366, default: 15, description: 'a number of days from 0 to 366' }),
  EVALUATION_WEIGHTS: Type.String({
    pattern: '^(days|logEntries|mattersDone|sessionsHeld)=[0-9]+(,(days|logEntries|mattersDone|sessionsHeld)=[0-9]+)*$',
    default: 'days=40,logEntries=20,mattersDone=25,sessionsHeld=15',
    description: 'criterion=weight pairs separated by commas (days, logEntries, mattersDone, sessionsHeld)',
  }),
  CHECKIN_WINDOW_MARGIN_MINUTES: Type.Integer({ minimum: 0, maximum: 1440, default: 120, description: 'a number of minutes from 0 to 1440' }),
  OFFLINE_SESSION_DAYS: Type.Integer({ minimum: 1, maximum: 90, default: 7, description: 'a number of days from 1 to 90' }),
});
type Environment = Static<typeof Environment>;

/**
 * Whom to believe about the client's address and protocol (X-Forwarded-For/-Proto), as
 * Fastify's `trustProxy` takes it: nobody, or requests arriving from these proxies.
 */
export type TrustProxy = false | string[];

/** Everything the api reads from its environment, with the embedded defaults. */
export interface AppConfig {
  port: number;
  host: string;
  dataDir: string;
  /** The file store: uploaded documents, sheet photos, matter files (DATA_DIR/files unless FILES_DIR). */
  filesDir: string;
  /** Set: use this PostgreSQL and start none. */
  databaseUrl: string | undefined;
  /** Set: use this Meilisearch and start none. */
  meiliUrl: string | undefined;
  meiliMasterKey: string | undefined;
  /** Folder of the built web app, served at `/`. */
  webDist: string | undefined;
  /**
   * Load the demo county, users, farmers and policy library into an empty database: by
   * default only on the embedded runtime, never into a DATABASE_URL unless SEED_DEMO=true.
   */
  seedDemo: boolean;
  /** With the demo's first seed, fill the county year of attendances in the background after the start. */
  demoCountyYear: boolean;
  /** Hex key for hashing ID numbers, the same on every api server; unset: a key kept in DATA_DIR. */
  idNumberKey: string | undefined;
  trustProxy: TrustProxy;
  /** Set (TLS_CERT_FILE and TLS_KEY_FILE): the api serves HTTPS itself. */
  tls: TlsFiles | undefined;
  /** Set: GET /metrics answers Prometheus scrapes bearing it; unset: /metrics is 404. */
  metricsToken: string | undefined;
  logLevel: LogLevel;
  /** Shown by /api/health. */
  version: string;
  secretaries: SecretarySettings;
  checkin: CheckinSettings;
}

/** The certificate and key files of the api's own HTTPS. */
export interface TlsFiles {
  certFile: string;
  keyFile: string;
}

/** The first secretaries' rules (issue 11): published to admins by GET /secretaries/evaluation-rules. */
export interface SecretarySettings {
  /** Days a month a secretary must work in the village (WORK_DAYS_REQUIRED). */
  requiredDays: number;
  /** Day of the month a secretary behind pace is reminded (WORK_DAY_REMINDER_DAY). */
  reminderDay: number;
  /** How many days back a work day may still be recorded (WORK_DAY_MAX_DAYS_BACK). */
  maxDaysBack: number;
  /** Points of each criterion in a score of 100 (EVALUATION_WEIGHTS; scaled when they do not add up to 100). */
  weights: Record<EvaluationCriterion, number>;
}
export type EvaluationCriterion = (typeof evaluationCriteria)[number];

export const DEFAULT_SECRETARY_SETTINGS: SecretarySettings = {
  requiredDays: 4,
  reminderDay: 20,
  maxDaysBack: 15,
  weights: { days: 40, logEntries: 20, mattersDone: 25, sessionsHeld: 15 },
};

function parseWeights(value: string): Record<EvaluationCriterion, number> {
  const weights = Object.fromEntries(evaluationCriteria.map((criterion) => [criterion, 0])) as Record<EvaluationCriterion, number>;
  for (const pair of value.split(',')) {
    const [name, weight] = pair.split('=') as [EvaluationCriterion, string];
    weights[name] = Number(weight);
  }
  if (Object.values(weights).every((weight) => weight === 0)) throw new Error(`EVALUATION_WEIGHTS must give some criterion a weight, got "${value}"`);
  return weights;
}

/** The check-in rules an operator may set (docs/operations.md). */
export interface CheckinSettings {
  /** A check-in may be this many minutes before the start or after the end of its session. */
  windowMarginMinutes: number;
  /** A session taken offline is dropped from the phone after this many days. */
  offlineDays: number;
}

export const defaultCheckinSettings: CheckinSettings = { windowMarginMinutes: 120, offlineDays: 7 };

export function readConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const values = validate(env);
  return {
    port: values.PORT,
    host: values.HOST,
    dataDir: path.resolve(values.DATA_DIR),
    // Several api machines must share one: a file uploaded through one is read through any.
    filesDir: path.resolve(values.FILES_DIR ?? path.join(values.DATA_DIR, 'files')),
    databaseUrl: values.DATABASE_URL,
    meiliUrl: values.MEILI_URL,
    meiliMasterKey: values.MEILI_MASTER_KEY,
    webDist: values.WEB_DIST,
    seedDemo: values.SEED_DEMO ?? !values.DATABASE_URL,
    demoCountyYear: values.DEMO_COUNTY_YEAR,
    idNumberKey: values.ID_NUMBER_KEY,
    trustProxy: parseTrustProxy(values.TRUST_PROXY),
    tls: parseTls(values.TLS_CERT_FILE, values.TLS_KEY_FILE),
    metricsToken: values.METRICS_TOKEN,
    logLevel: values.LOG_LEVEL,
    version: values.FIELDSCHOOL_VERSION,
    secretaries: {
      requiredDays: values.WORK_DAYS_REQUIRED,
      reminderDay: values.WORK_DAY_REMINDER_DAY,
      maxDaysBack: values.WORK_DAY_MAX_DAYS_BACK,
      weights: parseWeights(values.EVALUATION_WEIGHTS),
    },
    checkin: { windowMarginMinutes: values.CHECKIN_WINDOW_MARGIN_MINUTES, offlineDays: values.OFFLINE_SESSION_DAYS },
  };
}

function validate(env: NodeJS.ProcessEnv): Environment {
  // An empty variable (`DATABASE_URL=`) means unset, as a shell user expects.
  const given = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  try {
    return envSchema<Environment>({ schema: structuredClone(Environment), data: given, env: false });
  } catch (error) {
    const problems = (error as { errors?: { instancePath: string }[] }).errors;
    if (!problems) throw error;
    const names = [...new Set(problems.map((problem) => problem.instancePath.replace(/^\//, '')))];
    throw new Error(names.map((name) => describeBadValue(name, given[name])).join('; '), { cause: error });
  }
}

function describeBadValue(name: string, value: string | undefined): string {
  const property = Environment.properties[name as keyof Environment] as { description?: string } | undefined;
  return `${name} must be ${property?.description ?? 'valid'}, got "${value ?? ''}"`;
}

function parseTls(certFile: string | undefined, keyFile: string | undefined): TlsFiles | undefined {
  if (certFile === undefined && keyFile === undefined) return undefined;
  // One without the other would quietly serve plain HTTP where HTTPS was meant.
  if (certFile === undefined || keyFile === undefined) throw new Error('TLS_CERT_FILE and TLS_KEY_FILE must be set together, or neither');
  return { certFile: path.resolve(certFile), keyFile: path.resolve(keyFile) };
}

/** proxy-addr's names for well-known ranges, accepted by Fastify beside addresses. */
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function parseTrustProxy(value: string | undefined): TrustProxy {
  if (value === undefined) return false;
  // Fastify 5.12 trusts nobody for a hop count: it cannot tell a proxy from a client
  // that sends enough X-Forwarded-For entries itself.
  if (/^\d+$/.test(value)) throw new Error(`${describeBadValue('TRUST_PROXY', value)} (a count of hops is not enough to tell a proxy from a client)`);
  const entries = value.split(',').map((entry) => entry.trim());
  const bad = entries.find((entry) => !NAMED_RANGES.has(entry) && !isAddressOrRange(entry));
  if (bad !== undefined) throw new Error(`${describeBadValue('TRUST_PROXY', value)} ("${bad}" is neither an address nor a CIDR range)`);
  return entries;
}

function isAddressOrRange(entry: string): boolean {
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}
