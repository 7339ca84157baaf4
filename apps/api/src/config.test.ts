import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { DEFAULT_SECRETARY_SETTINGS, readConfig } from './config.ts';

describe('readConfig', () => {
  it('gives the embedded defaults for an empty environment', () => {
    expect(readConfig({})).toEqual({
      port: 3000,
      host: '127.0.0.1',
      dataDir: path.resolve('data'),
      filesDir: path.resolve('data/files'),
      databaseUrl: undefined,
      meiliUrl: undefined,
      meiliMasterKey: undefined,
      webDist: undefined,
      seedDemo: true,
      demoCountyYear: true,
      idNumberKey: undefined,
      trustProxy: false,
      tls: undefined,
      metricsToken: undefined,
      logLevel: 'warn',
      version: 'dev',
      secretaries: DEFAULT_SECRETARY_SETTINGS,
      checkin: { windowMarginMinutes: 120, offlineDays: 7 },
    });
  });

  it('reads every variable', () => {
    const key = 'ab'.repeat(32);
    const config = readConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      DATA_DIR: '/srv/fieldschool',
      FILES_DIR: '/mnt/shared/fieldschool-files',
      DATABASE_URL: 'postgres://fs:secret@db:5432/fieldschool',
      MEILI_URL: 'http://search:7700',
      MEILI_MASTER_KEY: 'master',
      WEB_DIST: '/srv/web',
      SEED_DEMO: 'true',
      DEMO_COUNTY_YEAR: 'false',
      ID_NUMBER_KEY: key,
      TRUST_PROXY: '10.0.0.1, 172.16.0.0/12,loopback',
      TLS_CERT_FILE: '/etc/fieldschool/cert.pem',
      TLS_KEY_FILE: '/etc/fieldschool/key.pem',
      METRICS_TOKEN: 'scrape-0123456789abcdef',
      LOG_LEVEL: 'info',
      FIELDSCHOOL_VERSION: '1.4.0',
      CHECKIN_WINDOW_MARGIN_MINUTES: '45',
      OFFLINE_SESSION_DAYS: '3',
    });
    expect(config).toEqual({
      port: 8080,
      host: '0.0.0.0',
      dataDir: '/srv/fieldschool',
      filesDir: '/mnt/shared/fieldschool-files',
      databaseUrl: 'postgres://fs:secret@db:5432/fieldschool',
      meiliUrl: 'http://search:7700',
      meiliMasterKey: 'master',
      webDist: '/srv/web',
      seedDemo: true,
      demoCountyYear: false,
      idNumberKey: key,
      trustProxy: ['10.0.0.1', '172.16.0.0/12', 'loopback'],
      tls: { certFile: '/etc/fieldschool/cert.pem', keyFile: '/etc/fieldschool/key.pem' },
      metricsToken: 'scrape-0123456789abcdef',
      logLevel: 'info',
      version: '1.4.0',
      secretaries: DEFAULT_SECRETARY_SETTINGS,
      checkin: { windowMarginMinutes: 45, offlineDays: 3 },
    });
  });

  it('reads the first secretaries\' rules, and refuses weights that name no criterion', () => {
    const config = readConfig({ WORK_DAYS_REQUIRED: '5', WORK_DAY_REMINDER_DAY: '18', WORK_DAY_MAX_DAYS_BACK: '3', EVALUATION_WEIGHTS: 'days=60,mattersDone=40' });
    expect(config.secretaries).toEqual({ requiredDays: 5, reminderDay: 18, maxDaysBack: 3, weights: { days: 60, logEntries: 0, mattersDone: 40, sessionsHeld: 0 } });
    expect(() => readConfig({ EVALUATION_WEIGHTS: 'days=0' })).toThrow(/EVALUATION_WEIGHTS must give/);
    expect(() => readConfig({ EVALUATION_WEIGHTS: 'speed=10' })).toThrow(/EVALUATION_WEIGHTS must be criterion=weight/);
    expect(() => readConfig({ WORK_DAY_REMINDER_DAY: '31' })).toThrow(/WORK_DAY_REMINDER_DAY must be a day of the month from 1 to 28/);
  });

  it('seeds the demo only on the embedded database unless SEED_DEMO says otherwise', () => {
    expect(readConfig({ DATABASE_URL: 'postgres://db/fs' }).seedDemo).toBe(false);
    expect(readConfig({ DATABASE_URL: 'postgres://db/fs', SEED_DEMO: 'true' }).seedDemo).toBe(true);
    expect(readConfig({ SEED_DEMO: 'false' }).seedDemo).toBe(false);
  });

  it('wants both TLS files or neither, and a metrics token long enough not to be guessed', () => {
    expect(() => readConfig({ TLS_CERT_FILE: '/etc/fieldschool/cert.pem' })).toThrow(/TLS_CERT_FILE and TLS_KEY_FILE must be set together/);
    expect(() => readConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN must be a token of at least 16 printable characters/);
  });

  it('takes an empty variable as unset', () => {
    expect(readConfig({ PORT: '', DATABASE_URL: '', TRUST_PROXY: '' })).toMatchObject({ port: 3000, databaseUrl: undefined, seedDemo: true, trustProxy: false });
  });

  it.each([
    [{ PORT: 'http' }, 'PORT must be a port number from 0 to 65535, got "http"'],
    [{ PORT: '70000' }, 'PORT must be a port number from 0 to 65535, got "70000"'],
    [{ PORT: '30.5' }, 'PORT must be a port number from 0 to 65535, got "30.5"'],
    [{ SEED_DEMO: 'yes' }, 'SEED_DEMO must be true or false, got "yes"'],
    [{ DATABASE_URL: 'mysql://db' }, 'DATABASE_URL must be a postgres:// connection URL, got "mysql://db"'],
    [{ ID_NUMBER_KEY: 'abc' }, 'ID_NUMBER_KEY must be 64 hexadecimal characters (32 bytes), got "abc"'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "loud"'],
    [{ TRUST_PROXY: 'true' }, '"true" is neither an address nor a CIDR range'],
    [{ TRUST_PROXY: '10.0.0.0/33' }, '"10.0.0.0/33" is neither an address nor a CIDR range'],
    [{ TRUST_PROXY: '1' }, 'a count of hops is not enough to tell a proxy from a client'],
  ])('refuses %o with a message that names the variable', (env, message) => {
    expect(() => readConfig(env)).toThrow(message);
  });

  it('names every bad variable at once', () => {
    expect(() => readConfig({ PORT: 'x', SEED_DEMO: 'maybe' })).toThrow(/PORT must be .*; SEED_DEMO must be/);
  });
});
